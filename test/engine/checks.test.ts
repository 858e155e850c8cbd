// Every connector considered, with its verdict: the engine lists declared and live connectors alike.
import { describe, expect, it } from 'vitest';
import { buildReport, evaluate } from '../../src/engine';
import type { AccountInventory, DesiredState } from '../../src/core/types';
import { ACCOUNT_A, account, declared, desiredState, inventory, live, waiver } from '../rules/fixtures';

function run(desired: DesiredState, inventories: AccountInventory[], today = '2026-11-28') {
  const findings = evaluate(desired, inventories, { today });
  return buildReport({ desired, inventories, findings, generatedAt: `${today}T12:00:00.000Z`, asOf: today, toolVersion: '0', failOn: 'error' });
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
    expect(report.summary.checks).toEqual({ compliant: 2, drift: 4, waived: 0, unverifiable: 0, not_checked: 0 });
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

  it('connectors that read alike share checks, yet a finding marks only its own connector, in this report only', () => {
    const settings = { enabled: true, verification: ['verified' as const], useFedrampLanguage: false };
    const desired = desiredState([account({ connectors: ['a', 'b', 'c'].map((name) => declared(`${name}.example.com`, settings)) })]);
    const alike = ['a', 'b', 'c'].map((name) => live(`${name}.example.com`, { id: name }));
    const drifted = run(desired, [inventory(ACCOUNT_A, [alike[0], { ...alike[1], enabled: false }, alike[2]])]);
    expect(summary(drifted)).toEqual(['a.example.com#a present compliant', 'b.example.com#b present drift', 'c.example.com#c present compliant']);
    const enabled = (report: ReturnType<typeof run>) =>
      report.accounts[0].checks.map((item) => item.checks.find((check) => check.property === 'enabled'));
    expect(enabled(drifted).map((check) => `${check?.actual} ${check?.result}`)).toEqual(['true pass', 'false fail', 'true pass']);
    // A later report over the same expectations starts from unmarked checks.
    const clean = run(desired, [inventory(ACCOUNT_A, alike)]);
    expect(clean.accounts[0].checks.map((item) => item.verdict)).toEqual(['compliant', 'compliant', 'compliant']);
    expect(clean.accounts[0].checks.flatMap((item) => item.checks).every((check) => check.result === 'pass')).toBe(true);
    // Shared checks cannot be changed in place by a consumer either.
    expect(Object.isFrozen(clean.accounts[0].checks[0].checks[0])).toBe(true);
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

describe('the report reuses the pairs evaluate() matched, never stale ones', () => {
  const desired = desiredState([account({ connectors: [declared('a.example.com', { enabled: true }), declared('b.example.com')] })]);
  const list = [live('a.example.com', { id: 'a1', enabled: false }), live('b.example.com', { id: 'b1' })];
  const build = (inventories: AccountInventory[], findings: ReturnType<typeof evaluate>) =>
    buildReport({ desired, inventories, findings, generatedAt: '2026-11-28T12:00:00.000Z', asOf: '2026-11-28', toolVersion: '0', failOn: 'error' });

  it('a second report from the same findings is the same report', () => {
    const inventories = [inventory(ACCOUNT_A, list)];
    const findings = evaluate(desired, inventories, { today: '2026-11-28' });
    expect(build(inventories, findings)).toEqual(build(inventories, findings));
  });

  it('a report given other lists than evaluate() read lists those lists', () => {
    const findings = evaluate(desired, [inventory(ACCOUNT_A, list)], { today: '2026-11-28' });
    // Another array (b.example.com gone): its own pairs, not the ones evaluate() matched.
    const report = build([inventory(ACCOUNT_A, [list[0]])], findings);
    expect(report.accounts[0].checks.map((c) => `${c.emailDomain}${c.connectorId === undefined ? '' : `#${c.connectorId}`}`)).toEqual(['a.example.com#a1', 'b.example.com']);
  });
});
