// The one loader of reports from disk (merge, history): a report may say anything, so its decided fields
// (status, undecided reasons, gate, verdicts, counts) are derived again from its own accounts and findings.
// In process: the loader, and `history` run through the CLI's own entry, no child process.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReportFile } from '../../src/cli/report-schema';
import { INPUT_KINDS } from '../../src/fs/input';
import type { Report } from '../../src/core/types';
import { runInProcess } from '../support/in-process-cli';
import { example, reportOn } from '../history/reports';
import { ACCOUNT_A } from '../rules/fixtures';

let work: string;
let counter = 0;
function write(report: unknown): string {
  const path = join(work, `report-${++counter}.json`);
  writeFileSync(path, typeof report === 'string' ? report : JSON.stringify(report));
  return path;
}

/** Every decided field says compliant, gate passed, nothing undecided, nothing counted. */
function lying(report: Report): Report {
  const none = { findings: 0, error: 0, warning: 0, note: 0, waived: 0 };
  return {
    ...report,
    status: 'compliant',
    undecided: [],
    gate: { failOn: report.failOn, exitCode: 0, result: 'passed' },
    accounts: report.accounts.map((account) => ({ ...account, verdict: 'compliant', summary: none })),
    summary: { ...none, checks: { compliant: 9, drift: 0, warning: 0, waived: 0, unverifiable: 0, not_checked: 0 } },
  };
}

const drift = reportOn('2026-11-02', [{ accountId: ACCOUNT_A, status: 'ok', connectors: [example({ enabled: false })], fetchedAt: '', pagesFetched: 1 }]);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-report-file-'));
});

describe('loadReportFile', () => {
  it('the run under test drifts (so the lies below are lies)', () => {
    expect(drift.status).toBe('drift');
    expect(drift.summary.error).toBeGreaterThan(0);
  });

  it('derives status, gate, verdicts and counts again from the findings, whatever the file says', () => {
    const loaded = loadReportFile(write(lying(drift)));
    if (!loaded.ok) throw new Error(loaded.problem);
    expect(loaded.report.status).toBe('drift');
    expect(loaded.report.gate).toEqual({ failOn: 'error', exitCode: 1, result: 'failed' });
    expect(loaded.report.accounts[0].verdict).toBe('drift');
    expect(loaded.report.accounts[0].summary).toEqual(drift.accounts[0].summary);
    expect(loaded.report.summary).toEqual(drift.summary);
  });

  it('an account not read is "could not decide" with its reason, even if the file says compliant', () => {
    const unread = reportOn('2026-11-03', [{ accountId: ACCOUNT_A, status: 'error', error: 'HTTP 500', connectors: [], fetchedAt: '', pagesFetched: 0 }]);
    const loaded = loadReportFile(write(lying(unread)));
    if (!loaded.ok) throw new Error(loaded.problem);
    expect(loaded.report.status).toBe('error');
    expect(loaded.report.gate.exitCode).toBe(2);
    expect(loaded.report.undecided).toEqual([`production (${ACCOUNT_A}) could not be read completely: HTTP 500`]);
  });

  it('a report written before the decided fields existed is decided on reading', () => {
    const { undecided: _u, gate: _g, ...old } = drift;
    const loaded = loadReportFile(write({ ...old, accounts: drift.accounts.map(({ verdict: _v, summary: _s, ...account }) => account) }));
    if (!loaded.ok) throw new Error(loaded.problem);
    expect(loaded.report.status).toBe('drift');
    expect(loaded.report.undecided).toEqual([]);
  });

  it('refuses a key twice, a snapshot, another schema version and an invalid report, each in one line', () => {
    const text = JSON.stringify(drift);
    const twice = loadReportFile(write(text.replace('"status":"drift"', '"status":"drift","status":"compliant"')));
    expect(twice).toMatchObject({ ok: false, problem: expect.stringContaining('not a usable cf-sso-guard JSON report') });
    expect(loadReportFile(write({ kind: 'cf-sso-guard-snapshot' }))).toMatchObject({ ok: false, problem: expect.stringContaining('a snapshot') });
    expect(loadReportFile(write({ ...drift, schemaVersion: 1 }))).toMatchObject({ ok: false, problem: expect.stringContaining('schemaVersion 1') });
    expect(loadReportFile(write({ ...drift, status: 'fine' }))).toMatchObject({ ok: false, problem: expect.stringContaining('not a valid cf-sso-guard JSON report') });
    expect(loadReportFile(write('{'))).toMatchObject({ ok: false, problem: expect.stringContaining('not JSON') });
    expect(loadReportFile(join(work, 'absent.json'))).toMatchObject({ ok: false, unreadable: true });
  });

  it('has one size limit for every reader', () => {
    expect(INPUT_KINDS.report.maxBytes).toBe(256 * 1024 * 1024);
  });
});

describe('history reads reports through the loader', () => {
  it('a drifted run whose decided fields say compliant is a day of drift', async () => {
    const out = join(work, 'history.json');
    const result = await runInProcess(['history', write(lying(drift)), '--format', 'json', '-o', out]);
    expect(result.code, result.stderr).toBe(0);
    const history = JSON.parse(readFileSync(out, 'utf8')) as { verdict: string; drift: number; compliant: number };
    expect(history).toMatchObject({ verdict: 'not_shown_compliant', drift: 1, compliant: 0 });
  });
});
