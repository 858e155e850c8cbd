import { describe, expect, it } from 'vitest';
import { verificationStalledRule } from '../../src/rules/verification-stalled';
import { buildReport, evaluate } from '../../src/engine';
import type { RunView } from '../../src/rules';
import { ACCOUNT_A, account, declared, desiredState, inventory, live, loc, pairOf, waiver, findingsOf } from './fixtures';

const READ_AT = '2026-11-28T12:00:00.000Z'; // the fixtures' inventory fetchedAt
const run = (readAt: string | undefined = READ_AT): RunView => ({ readAt, pairsOf: () => [] });
const CODE = `cloudflare_dashboard_sso=${ACCOUNT_A}`;
const pending = (fields: Parameters<typeof live>[1] = {}) =>
  live('example.com', { id: 'c1', verification: { status: 'pending', code: CODE }, updatedOn: '2026-11-26T11:59:59Z', ...fields });

describe('CFSSO012 verification_stalled', () => {
  it('fires for pending or awaiting (any case) unchanged for more than 2 days before the read, quoting the TXT record and the call', () => {
    for (const status of ['pending', 'AWAITING']) {
      const connector = pending({ verification: { status, code: CODE } });
      const [finding] = findingsOf(verificationStalledRule, pairOf(account(), 'example.com', declared('example.com', { location: loc(12) }), [connector]), run());
      expect(finding).toMatchObject({ ruleId: 'CFSSO012', kind: 'verification_stalled', severity: 'warning', connectorId: 'c1', location: loc(12) });
      expect(finding.message).toContain(`"${CODE}"`);
      expect(finding.message).toContain(`POST /accounts/${ACCOUNT_A}/sso_connectors/c1/begin_verification`);
      expect(finding.message).toContain(`verification ${status} since 2026-11-26T11:59:59Z, over 2 days: Cloudflare stopped polling`);
      expect(finding.message).toContain(`TXT record at example.com, value "${CODE}"`);
      expect(finding.remediation).toContain("begin_verification");
    }
  });

  it('uses updated_on before created_on, and created_on when updated_on is absent', () => {
    const pair = (fields: Parameters<typeof live>[1]) => pairOf(account(), 'example.com', undefined, [pending(fields)]);
    expect(findingsOf(verificationStalledRule, pair({ updatedOn: '2026-11-27T00:00:00Z', createdOn: '2026-01-01T00:00:00Z' }), run())).toEqual([]);
    expect(findingsOf(verificationStalledRule, pair({ updatedOn: undefined, createdOn: '2026-11-01T00:00:00Z' }), run())).toHaveLength(1);
  });

  it('exactly 2 days is not yet stalled; other statuses never are', () => {
    const pair = (fields: Parameters<typeof live>[1]) => pairOf(account(), 'example.com', undefined, [pending(fields)]);
    expect(findingsOf(verificationStalledRule, pair({ updatedOn: '2026-11-26T12:00:00Z' }), run())).toEqual([]);
    for (const status of ['verified', 'failed', 'expired']) {
      expect(findingsOf(verificationStalledRule, pair({ verification: { status, code: CODE } }), run())).toEqual([]);
    }
  });

  it('missing or unparseable timestamps, or no read time, are no finding (and no crash)', () => {
    const pair = (fields: Parameters<typeof live>[1]) => pairOf(account(), 'example.com', undefined, [pending(fields)]);
    expect(findingsOf(verificationStalledRule, pair({ updatedOn: undefined, createdOn: undefined }), run())).toEqual([]);
    expect(findingsOf(verificationStalledRule, pair({ updatedOn: 'last Tuesday' }), run())).toEqual([]);
    expect(findingsOf(verificationStalledRule, pair({ updatedOn: '2026-02-30T00:00:00Z' }), run())).toEqual([]);
    expect(findingsOf(verificationStalledRule, pair({}), run('not a time'))).toEqual([]);
    expect(findingsOf(verificationStalledRule, pair({}), { readAt: undefined, pairsOf: () => [] })).toEqual([]);
    expect(findingsOf(verificationStalledRule, pair({}))).toEqual([]);
  });

  it('without a code the message says the API returned none', () => {
    const [finding] = findingsOf(verificationStalledRule, pairOf(account(), 'example.com', undefined, [pending({ verification: { status: 'pending' } })]), run());
    expect(finding.message).toContain('the API returned no verification code: see the dashboard');
  });

  it('through the engine: judged against the account\'s read time, waivable, and listed as a check of the connector', () => {
    const desired = desiredState(
      [account({ connectors: [declared('example.com', { verification: ['pending', 'verified'] })] })],
      [waiver({ kind: 'verification_stalled' })],
    );
    const inventories = [inventory(ACCOUNT_A, [pending()])];
    const evaluation = evaluate(desired, inventories, { today: '2026-11-28' });
    const { findings } = evaluation;
    expect(findings.map((finding) => [finding.kind, finding.waived])).toEqual([['verification_stalled', true]]);
    // Read a day earlier, the same connector is still being polled.
    const early = [{ ...inventories[0], fetchedAt: '2026-11-27T12:00:00Z' }];
    expect(evaluate(desiredState(desired.accounts), early, { today: '2026-11-28' }).findings).toEqual([]);

    const report = buildReport({
      desired,
      inventories,
      ...evaluation,
      generatedAt: READ_AT,
      asOf: '2026-11-28',
      runtime: { node: 'v24.0.0', commandLine: [] },
      toolVersion: '0.0.0',
      failOn: 'warning',
      accountFilter: [ACCOUNT_A],
    });
    const checks = report.accounts[0].checks[0].checks;
    expect(checks.find((check) => check.ruleId === 'CFSSO012')).toMatchObject({ property: 'verification_progress', result: 'waived' });
  });
});
