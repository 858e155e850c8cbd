// `merge` judges the shards' observations again (issue 18, item 3), in process: check --snapshot --shard
// writes honest shard reports, the tests tamper with them as an attacker would, and merge must never
// exit 0 on a tampered shard. Offline (a snapshot), so no emulator and no child process.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runInProcess } from '../support/in-process-cli';
import type { Terminal } from '../../src/cli/environment';
import { sha256Hex } from '../../src/core/digest';
import { dealShards, shardAccounts } from '../../src/engine';
import { validateReportDocument } from '../../src/cli/report-schema';
import type { Report } from '../../src/core/types';
import { renderReport } from '../../src/report';
import { renderContextFor } from '../../src/cli/report-output';

// Sorted by id, so the deal of two shards gives PROD to 1/2 and GOV to 2/2.
const PROD = 'a1'.repeat(16);
const GOV = 'b2'.repeat(16);

const YAML = `version: 1
defaults:
  enabled: true
  verification: verified
  use_fedramp_language: false
accounts:
  - id: ${PROD}
    name: Production
    unmanaged: error
    connectors:
      - email_domain: example.com
      - email_domain: corp.example.com
      - email_domain: staging.example.com
  - id: ${GOV}
    name: gov
    unmanaged: warning
    connectors:
      - email_domain: gov.example.com
waivers:
  - account: ${PROD}
    email_domain: staging.example.com
    kind: verification_mismatch
    reason: DNS cut-over
    approved_by: sec@example.com
    expires: 2099-12-31
`;

const connector = (accountId: string, id: string, emailDomain: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  accountId,
  id,
  emailDomain,
  enabled: true,
  useFedrampLanguage: false,
  verification: { status: 'verified' },
  ...extra,
});

/** PROD drifts (corp disabled: an error; staging pending: waived); GOV drifts (gov disabled). */
function snapshot(recordedAt: string): unknown {
  return {
    schemaVersion: 1,
    kind: 'cf-sso-guard-snapshot',
    tool: { name: 'cf-sso-guard', version: 'test' },
    recordedAt,
    source: 'https://api.example.test/client/v4',
    accounts: [
      {
        accountId: PROD,
        status: 'ok',
        fetchedAt: recordedAt,
        pagesFetched: 1,
        connectors: [
          connector(PROD, 'c1', 'example.com'),
          connector(PROD, 'c2', 'corp.example.com', { enabled: false }),
          connector(PROD, 'c3', 'staging.example.com', { verification: { status: 'pending' } }),
        ],
      },
      { accountId: GOV, status: 'ok', fetchedAt: recordedAt, pagesFetched: 1, connectors: [connector(GOV, 'g1', 'gov.example.com', { enabled: false })] },
    ],
  };
}

const terminal: Terminal = { stdoutIsTTY: false, stderrIsTTY: false, env: { NO_COLOR: '1' } };
let work: string;
let desired: string;
let snap: string;
let stderr: string;

/** The CLI in this process, its stderr captured; stdout stays quiet (-q, reports go to files). */
async function cli(argv: string[]): Promise<number> {
  const result = await runInProcess(argv, terminal);
  stderr = result.stderr;
  return result.code;
}

const read = (path: string): Report => JSON.parse(readFileSync(path, 'utf8')) as Report;

let counter = 0;
function write(report: unknown): string {
  const path = join(work, `tampered-${++counter}.json`);
  writeFileSync(path, JSON.stringify(report));
  return path;
}

async function shardReport(shard: string, extra: string[] = []): Promise<{ code: number; path: string; report: Report }> {
  const path = join(work, `shard-${shard.replace('/', '-of-')}${extra.join('')}.json`);
  const code = await cli(['check', '-c', desired, '--snapshot', snap, '--shard', shard, '--fail-on', 'never', '-q', '--report', `json=${path}`, ...extra]);
  if (code === 2) throw new Error(stderr);
  return { code, path, report: read(path) };
}

async function merge(paths: string[], extra: string[] = []): Promise<{ code: number; report?: Report }> {
  const out = join(work, `merged-${++counter}.json`);
  const code = await cli(['merge', '-c', desired, '-q', '--report', `json=${out}`, ...extra, ...paths]);
  let report: Report | undefined;
  try {
    report = read(out);
  } catch {
    report = undefined;
  }
  return { code, ...(report === undefined ? {} : { report }) };
}

let one: { code: number; path: string; report: Report };
let two: { code: number; path: string; report: Report };
let unsharded: Report;
let unshardedCode: number;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-merge-'));
  desired = join(work, 'sso-connectors.yaml');
  writeFileSync(desired, YAML);
  snap = join(work, 'snapshot.json');
  writeFileSync(snap, JSON.stringify(snapshot(new Date().toISOString())));
  one = await shardReport('1/2');
  two = await shardReport('2/2');
  const path = join(work, 'unsharded.json');
  unshardedCode = await cli(['check', '-c', desired, '--snapshot', snap, '-q', '--report', `json=${path}`]);
  unsharded = read(path);
});

afterEach(() => vi.restoreAllMocks());

describe('shard reports carry their observations', () => {
  it('each shard holds the account the deal gives it, with what it read, valid against the report schema', () => {
    expect(one.report.shard).toEqual({ index: 1, count: 2, accounts: [PROD] });
    expect(two.report.shard).toEqual({ index: 2, count: 2, accounts: [GOV] });
    expect(one.report.observations?.source).toEqual(one.report.source);
    expect(one.report.observations?.accounts.map((a) => a.accountId)).toEqual([PROD]);
    expect(one.report.observations?.accounts[0].connectors.map((c) => c.emailDomain)).toEqual(['example.com', 'corp.example.com', 'staging.example.com']);
    expect(validateReportDocument(one.report)).toBeUndefined();
    expect(unsharded.observations).toBeUndefined(); // only shard reports carry them
  });
});

describe('an honest merge', () => {
  it('exits as the unsharded check does, with the same findings, and records each shard file’s SHA-256', async () => {
    expect(unshardedCode).toBe(1);
    const merged = await merge([one.path, two.path]);
    expect(merged.code).toBe(unshardedCode);
    expect(merged.report?.findings).toEqual(unsharded.findings);
    expect(merged.report?.accounts.map(({ readAt: _r, ...account }) => account)).toEqual(unsharded.accounts.map(({ readAt: _r, ...account }) => account));
    expect(merged.report?.waivers).toEqual(unsharded.waivers);
    expect(merged.report?.provenance.shards).toEqual([
      { path: one.path, sha256: sha256Hex(readFileSync(one.path)), index: 1, count: 2 },
      { path: two.path, sha256: sha256Hex(readFileSync(two.path)), index: 2, count: 2 },
    ]);
    expect(validateReportDocument(merged.report)).toBeUndefined();
    // SARIF and JUnit carry the same provenance.
    const ctx = renderContextFor(false);
    const sarif = JSON.parse(renderReport('sarif', merged.report!, ctx)) as { runs: Array<{ invocations?: Array<{ properties?: Record<string, string> }> }> };
    const props = sarif.runs.flatMap((run) => run.invocations ?? []).map((inv) => inv.properties ?? {});
    expect(props.some((p) => p.mergedShard2 === `2/2 sha256:${sha256Hex(readFileSync(two.path))} ${two.path}`)).toBe(true);
    expect(renderReport('junit', merged.report!, ctx)).toContain(`sha256:${sha256Hex(readFileSync(one.path))}`);
    for (const format of ['markdown', 'html'] as const) expect(renderReport(format, merged.report!, ctx), format).toContain(`Shard report 1/2`);
  });

  it('takes its own --fail-on (the shards ran with never) and --account by name, case-insensitive', async () => {
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect((await merge([one.path, two.path], ['--fail-on', 'never'])).code).toBe(0);
    const prodOnly1 = await shardReport('1/2', ['--account', 'production']);
    const prodOnly2 = await shardReport('2/2', ['--account', 'production']);
    expect(prodOnly1.report.shard?.accounts).toEqual([PROD]);
    expect(prodOnly2.report.shard?.accounts).toEqual([]);
    expect(prodOnly2.code).toBe(0);
    const merged = await merge([prodOnly1.path, prodOnly2.path], ['--account', 'PRODUCTION']);
    expect(merged.code).toBe(1);
    expect(merged.report?.accounts.map((a) => a.id)).toEqual([PROD]);
    const unknown = await merge([prodOnly1.path, prodOnly2.path], ['--account', 'staging']);
    expect(unknown.code).toBe(2);
    expect(stderr).toMatch(/--account "staging" is neither the id nor the name/);
  });
});

describe('a tampered shard never merges to exit 0 (issue 18)', () => {
  const drifted = (): Report => structuredClone(one.report);
  const compliantLooking = (report: Report): Report => ({ ...report, status: 'compliant', summary: { ...report.summary, findings: 0, error: 0, warning: 0, note: 0, waived: 0 } });

  it('findings deleted while the checks still say drift', async () => {
    const report = compliantLooking({ ...drifted(), findings: [] });
    const merged = await merge([write(report), two.path], ['--fail-on', 'error']);
    expect(merged.code).toBe(1);
    expect(merged.report?.findings.some((f) => f.accountId === PROD && f.kind === 'enabled_mismatch' && !f.waived)).toBe(true);
  });

  it('findings marked waived by a waiver that is not in the file', async () => {
    const report = drifted();
    for (const finding of report.findings) {
      finding.waived = true;
      finding.waiver = { reason: 'made up', expires: '2099-12-31', by: 'nobody' };
    }
    const merged = await merge([write(compliantLooking(report)), two.path]);
    expect(merged.code).toBe(1);
    expect(merged.report?.findings.filter((f) => f.waived).map((f) => f.waiver?.reason)).toEqual(['DNS cut-over']);
  });

  it("a declared connector's findings and checks both deleted", async () => {
    const report = drifted();
    report.findings = report.findings.filter((f) => f.emailDomain !== 'corp.example.com');
    report.accounts[0].checks = report.accounts[0].checks.filter((c) => c.emailDomain !== 'corp.example.com');
    const merged = await merge([write(compliantLooking(report)), two.path]);
    expect(merged.code).toBe(1);
    expect(merged.report?.accounts[0].checks.find((c) => c.emailDomain === 'corp.example.com')?.verdict).toBe('drift');
  });

  it('every decided field lies (status, undecided, gate, verdicts, counts): the merge decides from the observations', async () => {
    const report = drifted();
    const lying = {
      ...report,
      status: 'compliant' as const,
      undecided: [],
      gate: { failOn: 'error' as const, exitCode: 0 as const, result: 'passed' as const },
      accounts: report.accounts.map((account) => ({ ...account, verdict: 'compliant' as const, summary: { findings: 0, error: 0, warning: 0, note: 0, waived: 0 } })),
    };
    const merged = await merge([write(compliantLooking(lying)), two.path]);
    expect(merged.code).toBe(1);
    expect(merged.report?.status).toBe('drift');
    expect(merged.report?.gate).toEqual({ failOn: 'error', exitCode: 1, result: 'failed' });
    expect(merged.report?.accounts.find((account) => account.id === PROD)?.verdict).toBe('drift');
  });

  it('a severity lowered from error to note', async () => {
    const report = drifted();
    for (const finding of report.findings) finding.severity = 'note';
    const merged = await merge([write(compliantLooking(report)), two.path]);
    expect(merged.code).toBe(1);
    expect(merged.report?.findings.find((f) => f.kind === 'enabled_mismatch')?.severity).toBe('error');
  });

  it("shard 1/2 claiming shard 2's account with made-up data", async () => {
    const report = drifted();
    const madeUp = { accountId: GOV, status: 'ok' as const, fetchedAt: report.generatedAt, pagesFetched: 1, connectors: [{ accountId: GOV, id: 'g1', emailDomain: 'gov.example.com', enabled: true, useFedrampLanguage: false, verification: { status: 'verified' } }] };
    report.observations!.accounts.push(madeUp);
    report.shard!.accounts.push(GOV);
    const alone = await merge([write(report)]);
    expect(alone.code).toBe(2);
    expect(stderr).toContain(`holds account ${GOV}, which the deal gives to shard 2/2`);
    expect((await merge([write(report), two.path])).code).toBe(2);
  });

  it('shard.index 7 of 2, shards of different N, a report without observations or without I/N', async () => {
    const seven = drifted();
    seven.shard!.index = 7;
    expect((await merge([write(seven), two.path])).code).toBe(2);
    expect(stderr).toContain('says it is shard 7/2; the index must be from 1 to 2');

    const ofThree = structuredClone(two.report);
    ofThree.shard!.count = 3;
    expect((await merge([one.path, write(ofThree)])).code).toBe(2);
    expect(stderr).toMatch(/is a shard of 3, .* of 2/);

    const blind = drifted();
    delete blind.observations;
    expect((await merge([write(blind), two.path])).code).toBe(2);
    expect(stderr).toContain('carries no observations');

    const unsharded1 = drifted();
    delete unsharded1.shard;
    expect((await merge([write(unsharded1), two.path])).code).toBe(2);
    expect(stderr).toContain('is not a shard report');
  });

  it('observations are untrusted input: over-long strings, a foreign connector, an account twice are refused', async () => {
    const long = drifted();
    long.observations!.accounts[0].connectors[0].emailDomain = `${'a'.repeat(2000)}.example.com`;
    expect((await merge([write(long), two.path])).code).toBe(2);
    expect(stderr).toContain('not a cf-sso-guard shard report');

    const foreign = drifted();
    foreign.observations!.accounts[0].connectors[0].accountId = GOV;
    expect((await merge([write(foreign), two.path])).code).toBe(2);
    expect(stderr).toMatch(/belongs to account (b2){16}, not (a1){16}/);

    const twice = drifted();
    twice.observations!.accounts.push(twice.observations!.accounts[0]);
    expect((await merge([write(twice), two.path])).code).toBe(2);
    expect(stderr).toContain('listed more than once');
  });

  it('a shard report that says two things (a key twice in one object) is refused: JSON.parse would keep the last', async () => {
    // The account reads as an error to anyone who reads the first "status" (a reviewer, a first-wins parser);
    // JSON.parse keeps the second, "ok", with made-up compliant connectors after it.
    const report = drifted();
    report.observations!.accounts[0] = { ...report.observations!.accounts[0], status: 'error', error: 'HTTP 500', connectors: [] };
    const honest = [connector(PROD, 'c1', 'example.com'), connector(PROD, 'c2', 'corp.example.com'), connector(PROD, 'c3', 'staging.example.com')];
    const text = JSON.stringify(compliantLooking(report)).replace('"error":"HTTP 500"', `"error":"HTTP 500","status":"ok","connectors":${JSON.stringify(honest)}`);
    expect(JSON.parse(text).observations.accounts[0].status).toBe('ok');
    expect(text).toContain('"status":"error"');
    const path = join(work, `duplicate-${++counter}.json`);
    writeFileSync(path, text);
    const merged = await merge([path, two.path], ['--fail-on', 'never']);
    expect(merged.code).toBe(2);
    expect(stderr).toContain('not a cf-sso-guard shard report');
    expect(stderr).toContain('the key "status" twice in one object');
  });

  it('a tampered observation only changes what is judged, and its hash is recorded', async () => {
    const report = drifted();
    const corp = report.observations!.accounts[0].connectors.find((c) => c.emailDomain === 'corp.example.com')!;
    corp.enabled = true;
    const path = write(report);
    const merged = await merge([path, two.path]);
    expect(merged.code).toBe(1); // gov still drifts
    expect(merged.report?.findings.some((f) => f.accountId === PROD && f.kind === 'enabled_mismatch')).toBe(false);
    expect(merged.report?.provenance.shards?.[0]).toEqual({ path, sha256: sha256Hex(readFileSync(path)), index: 1, count: 2 });
    expect(merged.report?.provenance.shards?.[0].sha256).not.toBe(sha256Hex(readFileSync(one.path)));
  });

  it('an observed read error stays "could not decide" whatever the shard says of itself', async () => {
    const report = drifted();
    report.observations!.accounts[0] = { ...report.observations!.accounts[0], status: 'error', error: 'HTTP 500', connectors: [] };
    const merged = await merge([write(compliantLooking(report)), two.path]);
    expect(merged.code).toBe(2);
    expect(merged.report?.accounts[0]).toMatchObject({ status: 'error', error: 'HTTP 500' });
  });
});

describe('balanced shards (issue 18, item 4)', () => {
  const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => i.toString(16).padStart(32, '0'));

  it('eight accounts in four shards: 2/2/2/2, whatever the order of the file', () => {
    const accounts = ids(8);
    const sizes = [1, 2, 3, 4].map((index) => shardAccounts(accounts, { index, count: 4 }).length);
    expect(sizes).toEqual([2, 2, 2, 2]);
    expect(dealShards([...accounts].reverse(), 4)).toEqual(dealShards(accounts, 4));
  });

  it('sizes differ by at most one and every account is in exactly one shard', () => {
    for (const [accounts, count] of [[13, 4], [30, 7], [5, 5], [3, 10], [1000, 9]] as const) {
      const all = ids(accounts);
      const shards = Array.from({ length: count }, (_, i) => shardAccounts(all, { index: i + 1, count }));
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes), `${accounts} in ${count}`).toBeLessThanOrEqual(1);
      expect(shards.flat().sort()).toEqual([...all].sort());
    }
  });

  it('one account in four shards: three empty shards exit 0 and say so; the merge is right', async () => {
    const shards = [];
    for (let index = 1; index <= 4; index++) {
      const path = join(work, `gov-${index}.json`);
      const code = await cli(['check', '-c', desired, '--snapshot', snap, '--account', 'gov', '--shard', `${index}/4`, '--format', 'json', '-o', path]);
      shards.push({ code, path, report: read(path), stderr });
    }
    const empty = shards.filter((s) => s.report.accounts.length === 0);
    expect(empty).toHaveLength(3);
    for (const shard of empty) {
      expect(shard.code).toBe(0);
      expect(shard.stderr).toMatch(/shard [2-4]\/4 holds no accounts/);
      expect(shard.report.shard?.accounts).toEqual([]);
      expect(shard.report.status).toBe('compliant'); // no account to judge; the merge is the gate
      const ctx = renderContextFor(false);
      const index = shard.report.shard!.index;
      for (const format of ['text', 'markdown', 'html'] as const) {
        const out = renderReport(format, shard.report, ctx);
        expect(out, format).toMatch(new RegExp(`[Ss]hard ${index}/4 holds no accounts`));
        expect(out, format).not.toMatch(/Compliant|no accounts were checked/);
      }
      expect(renderReport('junit', shard.report, ctx)).toMatch(/<testsuites[^>]* tests="0" failures="0" errors="0"/);
    }
    expect(shards[0].report.accounts.map((a) => a.id)).toEqual([GOV]);
    expect(shards[0].code).toBe(1);
    const merged = await merge(shards.map((s) => s.path), ['--account', 'gov']);
    expect(merged.code).toBe(1);
    expect(merged.report?.accounts.map((a) => a.id)).toEqual([GOV]);
    expect(merged.report?.findings.map((f) => f.kind)).toEqual(['enabled_mismatch']);
    // The merge still needs every account: the empty shards alone are "could not decide".
    const emptiesOnly = await merge(empty.map((s) => s.path), ['--account', 'gov']);
    expect(emptiesOnly.code).toBe(2);
    expect(emptiesOnly.report?.accounts[0].error).toMatch(/not in any shard report.*shard 1\/4/);
  });
});
