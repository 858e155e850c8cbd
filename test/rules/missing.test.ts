import { describe, expect, it } from 'vitest';
import { missingRule } from '../../src/rules/missing';
import { account, declared, live, loc, pairOf, ACCOUNT_A, findingsOf } from './fixtures';

describe('CFSSO001 missing', () => {
  it('fires when a present connector has no live counterpart, at the declaration line', () => {
    const desired = declared('example.com', { location: loc(12) });
    const [finding, ...rest] = findingsOf(missingRule, pairOf(account({ name: 'production' }), 'example.com', desired));
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({
      ruleId: 'CFSSO001',
      kind: 'missing',
      severity: 'error',
      accountId: ACCOUNT_A,
      emailDomain: 'example.com',
      expected: 'present',
      actual: 'absent',
      location: loc(12),
    });
    expect(finding.connectorId).toBeUndefined();
    expect(finding.message).not.toContain('production');
    expect(finding.messageId).toBe('missing');
    expect(finding.message).toContain('example.com');
    expect(finding.remediation).toContain(`/accounts/${ACCOUNT_A}/sso_connectors`);
  });

  it('is silent when the connector exists, is declared absent, or is not declared', () => {
    const acct = account();
    expect(findingsOf(missingRule, pairOf(acct, 'example.com', declared('example.com'), [live('example.com')]))).toEqual([]);
    expect(findingsOf(missingRule, pairOf(acct, 'example.com', declared('example.com', { state: 'absent' })))).toEqual([]);
    expect(findingsOf(missingRule, pairOf(acct, 'example.com', undefined, [live('example.com')]))).toEqual([]);
  });
});
