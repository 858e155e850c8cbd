import { describe, expect, it } from 'vitest';
import { forbiddenRule } from '../../src/rules/forbidden';
import { account, declared, live, loc, pairOf, findingsOf } from './fixtures';

describe('CFSSO003 forbidden', () => {
  it('fires for each live connector of a domain declared absent, at the declaration', () => {
    const desired = declared('old.example.com', { state: 'absent', location: loc(20) });
    const findings = findingsOf(forbiddenRule, pairOf(account(), 'old.example.com', desired, [live('old.example.com', { id: 'x1' })]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'CFSSO003', kind: 'forbidden', severity: 'error', connectorId: 'x1', expected: 'absent', actual: 'present', location: loc(20),
    });
    expect(findings[0].message).toContain('state: absent');
  });

  it('is silent when the absent domain has no live connector, or the domain is declared present', () => {
    expect(findingsOf(forbiddenRule, pairOf(account(), 'old.example.com', declared('old.example.com', { state: 'absent' })))).toEqual([]);
    expect(findingsOf(forbiddenRule, pairOf(account(), 'a.example', declared('a.example'), [live('a.example')]))).toEqual([]);
  });
});
