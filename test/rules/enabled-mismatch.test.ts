import { describe, expect, it } from 'vitest';
import { enabledMismatchRule } from '../../src/rules/enabled-mismatch';
import { account, declared, live, loc, pairOf, findingsOf } from './fixtures';

describe('CFSSO004 enabled_mismatch', () => {
  it('fires when enabled differs, naming the field as in the YAML', () => {
    const desired = declared('example.com', { enabled: true, location: loc(14) });
    const [finding] = findingsOf(enabledMismatchRule, pairOf(account({ name: 'prod' }), 'example.com', desired, [live('example.com', { id: 'c9', enabled: false })]));
    expect(finding).toMatchObject({
      ruleId: 'CFSSO004', kind: 'enabled_mismatch', severity: 'error', connectorId: 'c9', expected: 'true', actual: 'false', location: loc(14),
    });
    expect(finding.message).toMatch(/enabled is false, expected true/);
    expect(finding.message).not.toContain('prod');
  });

  it('compares every connector of a duplicated domain', () => {
    const desired = declared('example.com', { enabled: false });
    const observed = [live('example.com', { id: 'a', enabled: true }), live('example.com', { id: 'b', enabled: false }), live('example.com', { id: 'c', enabled: true })];
    expect(findingsOf(enabledMismatchRule, pairOf(account(), 'example.com', desired, observed)).map((f) => f.connectorId)).toEqual(['a', 'c']);
  });

  it('is silent when equal, when enabled is not declared, or when declared absent', () => {
    const observed = [live('example.com', { enabled: false })];
    expect(findingsOf(enabledMismatchRule, pairOf(account(), 'example.com', declared('example.com', { enabled: false }), observed))).toEqual([]);
    expect(findingsOf(enabledMismatchRule, pairOf(account(), 'example.com', declared('example.com'), observed))).toEqual([]);
    expect(findingsOf(enabledMismatchRule, pairOf(account(), 'example.com', declared('example.com', { state: 'absent', enabled: true }), observed))).toEqual([]);
  });
});
