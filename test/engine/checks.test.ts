// Every connector considered, with its verdict: the engine lists declared and live connectors alike.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildReport, evaluate } from '../../src/engine';
import { CONNECTOR_RULES } from '../../src/rules';
import type { AccountInventory, DesiredState, Finding, PropertyCheck } from '../../src/core/types';
import { ACCOUNT_A, account, declared, desiredState, inventory, live, waiver } from '../rules/fixtures';

function run(desired: DesiredState, inventories: AccountInventory[], today = '2026-11-28') {
  return buildReport({ desired, inventories, ...evaluate(desired, inventories, { today }), generatedAt: `${today}T12:00:00.000Z`, asOf: today, toolVersion: '0', failOn: 'error' });
}

const summary = (report: ReturnType<typeof run>) =>
  report.accounts[0].checks.map((c) => `${c.emailDomain}${c.connectorId === undefined ? '' : `#${c.connectorId}`} ${c.declared} ${c.verdict}`);

describe('connector checks', () => {
  it('lists a missing connector (no id), an absent one (compliant), a forbidden one and both duplicates', () => {
    const desired = desiredState([
      account({
        unmanaged: 'ignore',
        connectors: [
          declared('gone.example.com'),
          declared('old.example.com', { state: 'absent' }),
          declared('never.example.com', { state: 'absent' }),
          declared('twin.example.com', { enabled: true }),
        ],
      }),
    ]);
    const report = run(desired, [
      inventory(ACCOUNT_A, [
        live('old.example.com', { id: 'old1' }),
        live('twin.example.com', { id: 't1' }),
        live('twin.example.com', { id: 't2', enabled: false }),
        live('free.example.com', { id: 'free1' }),
      ]),
    ]);
    expect(summary(report)).toEqual([
      'free.example.com#free1 undeclared compliant', // unmanaged: ignore
      'gone.example.com present drift',
      'never.example.com absent compliant',
      'old.example.com#old1 absent drift',
      'twin.example.com#t1 present drift', // duplicate
      'twin.example.com#t2 present drift', // duplicate and enabled
    ]);
    const twin2 = report.accounts[0].checks[5];
    expect(twin2.checks.filter((c) => c.result === 'fail').map((c) => `${c.property} ${c.expected} ${c.actual}`)).toEqual(['unique 1 2', 'enabled true false']);
    expect(twin2.observed).toMatchObject({ enabled: false });
    expect(report.summary.checks).toEqual({ compliant: 2, drift: 4, warning: 0, waived: 0, unverifiable: 0, not_checked: 0 });
  });

  it('an unreported field is unverifiable, a waived failure is waived, an unread account is not_checked', () => {
    const desired = desiredState(
      [account({ connectors: [declared('a.example.com', { useFedrampLanguage: true }), declared('b.example.com', { verification: ['verified'] })] })],
      [waiver({ emailDomain: 'b.example.com', kind: 'verification_mismatch' })],
    );
    const report = run(desired, [
      inventory(ACCOUNT_A, [live('a.example.com', { id: 'a1', useFedrampLanguage: undefined }), live('b.example.com', { id: 'b1', verification: { status: 'pending' } })]),
    ]);
    expect(summary(report)).toEqual(['a.example.com#a1 present unverifiable', 'b.example.com#b1 present waived']);
    expect(report.accounts[0].checks[0].checks.find((c) => c.property === 'use_fedramp_language')).toEqual({
      property: 'use_fedramp_language',
      ruleId: 'CFSSO006',
      expected: 'true',
      result: 'unverifiable',
    });
    expect(report.status).toBe('error');

    const unread = run(desired, [{ ...inventory(ACCOUNT_A, [], 'error'), error: 'HTTP 500' }]);
    expect(summary(unread)).toEqual(['a.example.com present not_checked', 'b.example.com present not_checked']);
    expect(unread.accounts[0].checks.every((c) => c.checks.every((p) => p.result === 'not_checked'))).toBe(true);
    expect(unread.waivers[0].state).toBe('not_evaluated');
  });

  it('a finding marks only its own connector, and a later run starts from fresh checks', () => {
    const settings = { enabled: true, verification: ['verified' as const], useFedrampLanguage: false };
    const desired = desiredState([account({ connectors: ['a', 'b', 'c'].map((name) => declared(`${name}.example.com`, settings)) })]);
    const alike = ['a', 'b', 'c'].map((name) => live(`${name}.example.com`, { id: name }));
    const drifted = run(desired, [inventory(ACCOUNT_A, [alike[0], { ...alike[1], enabled: false }, alike[2]])]);
    expect(summary(drifted)).toEqual(['a.example.com#a present compliant', 'b.example.com#b present drift', 'c.example.com#c present compliant']);
    const enabled = (report: ReturnType<typeof run>) =>
      report.accounts[0].checks.map((item) => item.checks.find((check) => check.property === 'enabled'));
    expect(enabled(drifted).map((check) => `${check?.actual} ${check?.result}`)).toEqual(['true pass', 'false fail', 'true pass']);
    const clean = run(desired, [inventory(ACCOUNT_A, alike)]);
    expect(clean.accounts[0].checks.map((item) => item.verdict)).toEqual(['compliant', 'compliant', 'compliant']);
    expect(clean.accounts[0].checks.flatMap((item) => item.checks).every((check) => check.result === 'pass')).toBe(true);
  });

  it('records each waiver state once, judged on the as-of day', () => {
    const desired = desiredState(
      [account({ connectors: [declared('b.example.com', { verification: ['verified'] })] })],
      [waiver({ emailDomain: 'b.example.com', kind: 'verification_mismatch', expires: '2026-12-31' }), waiver({ emailDomain: 'c.example.com', kind: 'enabled_mismatch', expires: '2026-12-31' })],
    );
    const inventories = [inventory(ACCOUNT_A, [live('b.example.com', { id: 'b1', verification: { status: 'pending' } })])];
    expect(run(desired, inventories, '2026-12-31').waivers.map((w) => [w.emailDomain, w.state, w.covers])).toEqual([
      ['b.example.com', 'in_force', 1],
      ['c.example.com', 'unused', 0],
    ]);
    expect(run(desired, inventories, '2027-01-01').waivers.map((w) => w.state)).toEqual(['expired', 'expired']);
  });
});

describe('one pass: the findings and the checks come from the same records', () => {
  afterEach(() => vi.restoreAllMocks());

  const desired = desiredState(
    [
      account({
        connectors: [
          declared('a.example.com', { enabled: true, verification: ['verified'] }),
          declared('b.example.com', { useFedrampLanguage: true }),
          declared('gone.example.com'),
          declared('old.example.com', { state: 'absent' }),
        ],
      }),
    ],
    [waiver({ emailDomain: 'a.example.com', kind: 'enabled_mismatch' })],
  );
  const inventories = [
    inventory(ACCOUNT_A, [
      live('a.example.com', { id: 'a1', enabled: false, verification: { status: 'pending' } }),
      live('b.example.com', { id: 'b1', useFedrampLanguage: undefined }),
      live('old.example.com', { id: 'o1' }),
      live('rogue.example.com', { id: 'r1' }),
    ]),
  ];

  it('calls each connector rule once per pair', () => {
    const spies = CONNECTOR_RULES.map((rule) => vi.spyOn(rule, 'check'));
    evaluate(desired, inventories, { today: '2026-11-28' });
    // Five pairs: a, b, gone, old, rogue.
    for (const spy of spies) expect(spy).toHaveBeenCalledTimes(5);
  });

  it('every connector finding has its check on its connector, failed, waived or unverifiable as the finding says', () => {
    const { findings, connectors } = evaluate(desired, inventories, { today: '2026-11-28' });
    const items = connectors.get(ACCOUNT_A) ?? [];
    const checkOf = (finding: Finding): PropertyCheck[] =>
      items
        .filter((item) => item.emailDomain === finding.emailDomain && (finding.connectorId === undefined || item.connectorId === finding.connectorId))
        .flatMap((item) => item.checks)
        .filter((check) => (finding.kind === 'unverifiable' ? check.result === 'unverifiable' : check.ruleId === finding.ruleId));
    const connectorFindings = findings.filter((finding) => finding.kind !== 'waiver_expired' && finding.kind !== 'waiver_unused');
    expect(connectorFindings.map((f) => `${f.ruleId} ${f.emailDomain} ${f.waived}`)).toEqual([
      'CFSSO004 a.example.com true',
      'CFSSO005 a.example.com false',
      'CFSSO010 b.example.com false',
      'CFSSO001 gone.example.com false',
      'CFSSO003 old.example.com false',
      'CFSSO002 rogue.example.com false',
    ]);
    for (const finding of connectorFindings) {
      const checks = checkOf(finding);
      expect(checks.length, `${finding.ruleId} ${finding.emailDomain}`).toBeGreaterThan(0);
      const expected = finding.kind === 'unverifiable' ? 'unverifiable' : finding.waived ? 'waived' : 'fail';
      for (const check of checks) expect(check.result).toBe(expected);
    }
    // And no failed or unverifiable check goes without its finding.
    const failing = items.flatMap((item) => item.checks.filter((check) => check.result !== 'pass').map((check) => `${item.emailDomain} ${check.ruleId} ${check.result}`));
    expect(failing).toEqual([
      'a.example.com CFSSO004 waived',
      'a.example.com CFSSO005 fail',
      'b.example.com CFSSO006 unverifiable',
      'gone.example.com CFSSO001 fail',
      'old.example.com CFSSO003 fail',
      'rogue.example.com CFSSO002 fail',
    ]);
  });

  it('a waiver flips the finding and its check; the connector is drift only while another check fails', () => {
    const report = run(desired, inventories);
    const a = report.accounts[0].checks.find((item) => item.connectorId === 'a1');
    expect(a?.checks.map((check) => `${check.property} ${check.result}`)).toEqual(['state pass', 'unique pass', 'enabled waived', 'verification fail']);
    expect(a?.verdict).toBe('drift');
    const onlyEnabled = desiredState(desired.accounts.map((acct) => ({ ...acct, connectors: [declared('a.example.com', { enabled: true })] })), desired.waivers);
    const waivedOnly = run(onlyEnabled, [inventory(ACCOUNT_A, [live('a.example.com', { id: 'a1', enabled: false })])]);
    expect(waivedOnly.accounts[0].checks[0].verdict).toBe('waived');
    expect(waivedOnly.findings[0]).toMatchObject({ kind: 'enabled_mismatch', waived: true });
  });
});

describe('a connector whose only unwaived failures are warnings or notes is a warning, not drift', () => {
  it('warning alone: warning; with an error: drift; the error waived: warning again', () => {
    const shadow = live('shadow.example.com', { id: 's1', enabled: false });
    const lenient = desiredState([account({ unmanaged: 'warning' })]);
    expect(summary(run(lenient, [inventory(ACCOUNT_A, [shadow])]))).toEqual(['shadow.example.com#s1 undeclared warning']);
    const strict = desiredState([account({ unmanaged: 'error' })]);
    expect(summary(run(strict, [inventory(ACCOUNT_A, [shadow])]))).toEqual(['shadow.example.com#s1 undeclared drift']);

    // A stalled verification (warning) next to a verification mismatch (error), then with the mismatch waived.
    const stalled = live('a.example.com', { id: 'a1', verification: { status: 'pending' }, updatedOn: '2026-11-01T00:00:00Z' });
    const declaredA = account({ connectors: [declared('a.example.com', { verification: ['verified'] })] });
    const both = run(desiredState([declaredA]), [inventory(ACCOUNT_A, [stalled])]);
    expect(summary(both)).toEqual(['a.example.com#a1 present drift']);
    const waived = run(desiredState([declaredA], [waiver({ emailDomain: 'a.example.com', kind: 'verification_mismatch' })]), [inventory(ACCOUNT_A, [stalled])]);
    expect(summary(waived)).toEqual(['a.example.com#a1 present warning']);
    expect(waived.summary.checks).toMatchObject({ drift: 0, warning: 1 });
    expect(waived.status).toBe('compliant');
  });
});
