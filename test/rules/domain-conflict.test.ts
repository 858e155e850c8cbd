import { describe, expect, it } from 'vitest';
import { domainConflictRule } from '../../src/rules/domain-conflict';
import { evaluate } from '../../src/engine';
import type { MatchedPair, RunView } from '../../src/rules';
import { ACCOUNT_A, ACCOUNT_B, account, declared, desiredState, inventory, live, loc, pairOf, waiver, findingsOf } from './fixtures';

const TODAY = { today: '2026-11-28' };
const accountA = account({ name: 'production' });
const accountB = account({ id: ACCOUNT_B, location: loc(20, 5) });

/** A run in which `pairs` are every evaluated account's pairs. */
function runOf(pairs: MatchedPair[]): RunView {
  return { readAt: undefined, pairsOf: (domain) => pairs.filter((pair) => pair.emailDomain === domain) };
}

describe('CFSSO011 domain_conflict', () => {
  it('fires in each account where the domain is enabled while another account enables it too', () => {
    const a = pairOf(accountA, 'example.com', declared('example.com', { location: loc(11) }), [live('example.com', { id: 'a1' })]);
    const b = pairOf(accountB, 'example.com', undefined, [live('example.com', { id: 'b1', accountId: ACCOUNT_B })]);
    const run = runOf([a, b]);
    const [onA] = findingsOf(domainConflictRule, a, run);
    expect(onA).toMatchObject({
      ruleId: 'CFSSO011',
      kind: 'domain_conflict',
      severity: 'error',
      accountId: ACCOUNT_A,
      emailDomain: 'example.com',
      connectorId: 'a1',
      expected: 'enabled in 1 account',
      actual: 'enabled in 2 accounts',
      location: loc(11),
    });
    expect(onA.message).toContain(`Account ${ACCOUNT_B} (connector b1)`);
    expect(onA.remediation).toContain(`PATCH /accounts/${ACCOUNT_A}/sso_connectors/a1`);
    // The undeclared side is reported too, at its account's declaration.
    const [onB] = findingsOf(domainConflictRule, b, run);
    expect(onB).toMatchObject({ accountId: ACCOUNT_B, connectorId: 'b1', location: loc(20, 5) });
    expect(onB.message).toContain('Account "production"');
  });

  it('is silent when the domain is disabled (or not reported) in all but one account, and without a run', () => {
    const a = pairOf(accountA, 'example.com', undefined, [live('example.com')]);
    const off = pairOf(accountB, 'example.com', undefined, [live('example.com', { accountId: ACCOUNT_B, enabled: false })]);
    const unknown = pairOf(accountB, 'example.com', undefined, [live('example.com', { accountId: ACCOUNT_B, enabled: undefined })]);
    expect(findingsOf(domainConflictRule, a, runOf([a, off]))).toEqual([]);
    expect(findingsOf(domainConflictRule, off, runOf([a, off]))).toEqual([]);
    expect(findingsOf(domainConflictRule, a, runOf([a, unknown]))).toEqual([]);
    expect(findingsOf(domainConflictRule, a)).toEqual([]);
    // Two connectors of one account are CFSSO007's business, not a conflict.
    const twice = pairOf(accountA, 'example.com', undefined, [live('example.com', { id: 'x' }), live('example.com', { id: 'y' })]);
    expect(findingsOf(domainConflictRule, twice, runOf([twice]))).toEqual([]);
  });

  it('through the engine: domains compare case-insensitively, and a waiver covers one account only', () => {
    const desired = desiredState(
      [account({ connectors: [declared('Example.com', { emailDomain: 'example.com' })] }), account({ id: ACCOUNT_B, unmanaged: 'ignore' })],
      [waiver({ accountId: ACCOUNT_B, emailDomain: 'EXAMPLE.com', kind: 'domain_conflict' })],
    );
    const inventories = [
      inventory(ACCOUNT_A, [live('example.com', { id: 'a1' })]),
      inventory(ACCOUNT_B, [live('EXAMPLE.COM.', { id: 'b1', accountId: ACCOUNT_B })]),
    ];
    const conflicts = evaluate(desired, inventories, TODAY).findings.filter((finding) => finding.kind === 'domain_conflict');
    expect(conflicts.map((finding) => [finding.accountId, finding.connectorId, finding.waived])).toEqual([
      [ACCOUNT_A, 'a1', false],
      [ACCOUNT_B, 'b1', true],
    ]);
  });

  it('through the engine: an account not read completely is not compared (its own run is undecided)', () => {
    const desired = desiredState([account(), account({ id: ACCOUNT_B })]);
    const inventories = [inventory(ACCOUNT_A, [live('example.com')]), inventory(ACCOUNT_B, [live('example.com', { accountId: ACCOUNT_B })], 'error')];
    expect(evaluate(desired, inventories, TODAY).findings.filter((finding) => finding.kind === 'domain_conflict')).toEqual([]);
  });
});

describe('CFSSO011 in the desired-state file (checkDesired)', () => {
  const settingAt = (connector: { location: { line: number } }, yaml: string) => ({
    location: loc(connector.location.line + 1, yaml.length),
    inherited: connector.location.line === 30,
  });

  it('tells each later account declaring the domain enabled where the first one does, and how', () => {
    const first = account({ connectors: [declared('example.com', { enabled: true, location: loc(7) })] });
    const second = account({ id: ACCOUNT_B, connectors: [declared('example.com', { accountId: ACCOUNT_B, enabled: true, location: loc(30) })] });
    const issues = domainConflictRule.checkDesired?.([first, second], { settingAt }) ?? [];
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ connector: second.connectors[0], setting: 'enabled' });
    expect(issues[0].message).toBe(
      `email domain "example.com" is declared enabled (through defaults) in account ${ACCOUNT_B} and also in account ${ACCOUNT_A} ` +
        `at sso-connectors.yaml:8:7; Cloudflare lets only one account enable a domain's connector (CFSSO011)`,
    );
  });

  it('is silent for one account, disabled or absent declarations', () => {
    const first = account({ connectors: [declared('example.com', { enabled: true })] });
    const disabled = account({ id: ACCOUNT_B, connectors: [declared('example.com', { accountId: ACCOUNT_B, enabled: false })] });
    const absent = account({ id: ACCOUNT_B, connectors: [declared('example.com', { accountId: ACCOUNT_B, state: 'absent', enabled: true })] });
    expect(domainConflictRule.checkDesired?.([first], { settingAt })).toEqual([]);
    expect(domainConflictRule.checkDesired?.([first, disabled], { settingAt })).toEqual([]);
    expect(domainConflictRule.checkDesired?.([first, absent], { settingAt })).toEqual([]);
  });
});
