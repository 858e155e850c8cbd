import { describe, expect, it } from 'vitest';
import { unexpectedRule } from '../../src/rules/unexpected';
import { account, declared, live, loc, pairOf, findingsOf } from './fixtures';

describe('CFSSO002 unexpected', () => {
  it('fires per undeclared live connector with the account unmanaged severity, at the account entry', () => {
    for (const unmanaged of ['error', 'warning'] as const) {
      const acct = account({ unmanaged, location: loc(4, 5) });
      const findings = findingsOf(unexpectedRule, pairOf(acct, 'shadow.example', undefined, [live('shadow.example', { id: 'c1' }), live('shadow.example', { id: 'c2' })]));
      expect(findings.map((f) => f.connectorId)).toEqual(['c1', 'c2']);
      for (const finding of findings) {
        expect(finding).toMatchObject({ ruleId: 'CFSSO002', kind: 'unexpected', severity: unmanaged, emailDomain: 'shadow.example', location: loc(4, 5) });
        expect(finding.message).toContain(`unmanaged: ${unmanaged}`);
      }
    }
  });

  it('is silent when unmanaged is ignore, or the domain is declared (present or absent)', () => {
    const observed = [live('shadow.example')];
    expect(findingsOf(unexpectedRule, pairOf(account({ unmanaged: 'ignore' }), 'shadow.example', undefined, observed))).toEqual([]);
    expect(findingsOf(unexpectedRule, pairOf(account(), 'shadow.example', declared('shadow.example'), observed))).toEqual([]);
    expect(findingsOf(unexpectedRule, pairOf(account(), 'shadow.example', declared('shadow.example', { state: 'absent' }), observed))).toEqual([]);
  });
});
