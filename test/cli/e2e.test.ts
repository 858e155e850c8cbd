// The CLI as a process against the emulator through the real SDK: exit codes, stdout, stderr, files.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cliEnv, compileSchema, expectNoTokenLeak } from '../support/common';
import { loadSeedFile, startEmulator, type Fault, type RunningEmulator } from '../../src/emulator';
import type { Report } from '../../src/core/types';
import reportSchema from '../../schemas/report.schema.json';
import { REPO_ROOT, runCli, type CliResult } from '../support/cli';

// Distinctive, so that a leak anywhere is found by a plain substring search.
const TOKEN = 'cfut_SECRET-e2e-9Xq7Lm2Wv8Rt4Ks6';
const ALL_KINDS = 'test/fixtures/e2e/all-kinds.yaml';
const COMPLIANT = 'test/fixtures/e2e/compliant.yaml';
const PRODUCTION = '023e105f4ecef8ad9ca31a8372d0c353';
const GOV = '9a7806061c88ada191ed06f989cc3dac';

let emulator: RunningEmulator;
let work: string;
const validateReport = compileSchema(reportSchema);

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(REPO_ROOT, 'examples', 'demo-inventory.json')) });
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-e2e-'));
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => cliEnv(TOKEN, emulator.url, extra);

/** Every run, on every path: the token is not in stdout, stderr or any file in the work dir. */
function expectNoLeakIn(result: CliResult): void {
  expectNoTokenLeak(TOKEN, { stdout: result.stdout, stderr: result.stderr });
  // Nothing of Node's own on stderr either (e.g. DEP0169 from a dependency's url.parse under Node 24).
  expect(result.stderr).not.toMatch(/DeprecationWarning/);
  expectNoTokenLeak(TOKEN, Object.fromEntries(readdirSync(work).map((name) => [name, readFileSync(join(work, name), 'utf8')])));
}

async function check(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const result = await runCli(['check', ...args], { env: env(extraEnv) });
  expectNoLeakIn(result);
  return result;
}

function parseReport(text: string): Report {
  const report = JSON.parse(text) as Report;
  expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
  return report;
}

describe('cf-sso-guard check against the emulator', () => {
  it('finds every kind of drift and exits 1', async () => {
    const result = await check(['-c', ALL_KINDS, '--format', 'json']);
    expect(result.code).toBe(1);
    const report = parseReport(result.stdout);
    expect(report.status).toBe('drift');
    expect(new Set(report.findings.map((f) => f.kind))).toEqual(
      new Set(['missing', 'unexpected', 'forbidden', 'enabled_mismatch', 'verification_mismatch', 'fedramp_mismatch', 'duplicate', 'waiver_expired', 'waiver_unused', 'verification_stalled']),
    );
    // The seed's staging.example.com has been pending since 2025: Cloudflare stopped polling long ago (CFSSO012).
    const stalled = report.findings.filter((f) => f.kind === 'verification_stalled');
    expect(stalled.map((f) => [f.emailDomain, f.severity])).toEqual([['staging.example.com', 'warning']]);
    expect(stalled[0].message).toContain('"cloudflare_dashboard_sso=610eeae9458fe551578abd2cd8876edc"');
    const waived = report.findings.filter((f) => f.waived);
    expect(waived.map((f) => [f.kind, f.emailDomain])).toEqual([['verification_mismatch', 'staging.example.com']]);
    const verification = waived[0];
    expect(verification.remediation).toContain('cloudflare_dashboard_sso=610eeae9458fe551578abd2cd8876edc');
    const missing = report.findings.find((f) => f.kind === 'missing')!;
    expect(missing.location).toEqual({ file: ALL_KINDS, line: 18, column: expect.any(Number) });
    expect(report.accounts.map((a) => [a.id, a.status, a.connectors])).toEqual([[PRODUCTION, 'ok', 5], [GOV, 'ok', 3]]);
    expect(report.source).toEqual({ kind: 'api', location: emulator.url });
  });

  it('the text report groups by account and ends with the verdict', async () => {
    const result = await check(['-c', ALL_KINDS]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/production \(023e105f4ecef8ad9ca31a8372d0c353\)[\s\S]*gov \(9a7806061c88ada191ed06f989cc3dac\)/);
    expect(result.stdout).toContain('CFSSO004');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('exits 0 on a compliant file, and --fail-on never turns drift into 0', async () => {
    expect((await check(['-c', COMPLIANT])).code).toBe(0);
    expect((await check(['-c', ALL_KINDS, '--fail-on', 'never'])).code).toBe(0);
  });

  it('--fail-on: a warning-only result passes at error and fails at warning', async () => {
    // gov alone: its only unwaived findings at error are duplicate and fedramp; filter to a warning-only case
    const file = join(work, 'warning-only.yaml');
    writeFileSync(file, `version: 1\naccounts:\n  - id: ${GOV}\n    unmanaged: warning\n    connectors: []\n`);
    const atError = await check(['-c', file]);
    expect(atError.code).toBe(0);
    expect(atError.stdout).toContain('CFSSO002');
    expect((await check(['-c', file, '--fail-on', 'warning'])).code).toBe(1);
  });

  it('429 then success, and 5xx then success, give the same answer as a clean read', async () => {
    const clean = parseReport((await check(['-c', ALL_KINDS, '--format', 'json'])).stdout);
    for (const faults of [[{ kind: 'rate_limit', retryAfterSeconds: 1, times: 1 }], [{ kind: 'status', status: 503, times: 2 }]] as Fault[][]) {
      emulator.reset();
      emulator.setFaults(faults);
      const result = await check(['-c', ALL_KINDS, '--format', 'json']);
      expect(result.code).toBe(1);
      expect(parseReport(result.stdout).findings).toEqual(clean.findings);
    }
  });

  const FAILS_CLOSED: Array<[string, Fault[], RegExp]> = [
    ['403 on one account', [{ kind: 'status', status: 403, accountId: GOV }], /HTTP 403/],
    ['401', [{ kind: 'status', status: 401 }], /HTTP 401/],
    ['404', [{ kind: 'status', status: 404, accountId: GOV }], /HTTP 404/],
    ['5xx forever', [{ kind: 'status', status: 500 }], /HTTP 500/],
    ['a timeout forever', [{ kind: 'hang', accountId: GOV }], /timed out/],
    ['HTML instead of JSON', [{ kind: 'html', accountId: GOV }], /HTML/],
    ['JSON cut off', [{ kind: 'malformed', variant: 'truncated_json' }], /instead of JSON/],
    ['an item missing fields', [{ kind: 'item_missing_fields', accountId: PRODUCTION }], /malformed connector/],
    ['total_count that paging never reaches', [{ kind: 'wrong_total', accountId: PRODUCTION }], /total_count/],
  ];
  for (const [name, faults, message] of FAILS_CLOSED) {
    it(`fails closed (exit 2) on ${name}`, async () => {
      emulator.setFaults(faults);
      const result = await check(['-c', ALL_KINDS, '--retries', '1', '--timeout', '500', '--format', 'json', '--report', `text=${join(work, 'closed.txt')}`]);
      expect(result.code).toBe(2);
      const report = parseReport(result.stdout);
      expect(report.status).toBe('error');
      const failed = report.accounts.filter((a) => a.status === 'error');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed[0].error).toMatch(message);
      expect(readFileSync(join(work, 'closed.txt'), 'utf8')).toMatch(/could not decide/i);
    });
  }

  it('a wrong token exits 2 and never prints either token', async () => {
    const wrong = 'cfut_WRONG-token-Zz91';
    const result = await runCli(['check', '-c', COMPLIANT], { env: env({ CLOUDFLARE_API_TOKEN: wrong }) });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toMatch(/HTTP 403/);
    expect(result.stdout + result.stderr).not.toContain(wrong);
  });

  it('a token the HTTP stack rejects (control characters) is not echoed in its error', async () => {
    for (const bad of ['cfut_BAD\nnewline-Qw12', 'cfut_BAD\u0001ctrl-Qw34']) {
      const result = await runCli(['check', '-c', COMPLIANT, '--retries', '0'], { env: env({ CLOUDFLARE_API_TOKEN: bad }) });
      expect(result.code).toBe(2);
      for (const part of bad.split(/[\n\u0001]/)) expect(result.stdout + result.stderr).not.toContain(part);
    }
  });

  it('a missing token exits 2 with a plain message', async () => {
    const result = await runCli(['check', '-c', COMPLIANT], { env: { CLOUDFLARE_BASE_URL: emulator.url } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CLOUDFLARE_API_TOKEN is not set');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes every format in one run (--report), atomically, without the token', async () => {
    const formats = ['json', 'sarif', 'junit', 'html', 'csv', 'markdown', 'github', 'text'];
    const result = await check(['-c', ALL_KINDS, ...formats.flatMap((f) => ['--report', `${f}=${join(work, `all.${f}`)}`])]);
    expect(result.code).toBe(1);
    for (const f of formats) expect(existsSync(join(work, `all.${f}`)), f).toBe(true);
    parseReport(readFileSync(join(work, 'all.json'), 'utf8'));
    expect(readdirSync(work).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('in GitHub Actions: annotations on stdout and a step summary', async () => {
    const summary = join(work, 'step-summary.md');
    writeFileSync(summary, '');
    const result = await check(['-c', ALL_KINDS], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=test\/fixtures\/e2e\/all-kinds.yaml,line=\d+/m);
    expect(readFileSync(summary, 'utf8')).toContain('CFSSO004');
    const quiet = await check(['-c', ALL_KINDS, '--no-annotations', '--no-step-summary'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(quiet.stdout).not.toContain('::error');
  });

  it('colour: FORCE_COLOR colours the text report, NO_COLOR wins', async () => {
    const coloured = await check(['-c', ALL_KINDS], { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(coloured.stdout).toContain('\u001b[');
    const plain = await check(['-c', ALL_KINDS], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('--account narrows the check; an undeclared account is a usage error', async () => {
    const report = parseReport((await check(['-c', ALL_KINDS, '--account', GOV, '--format', 'json'])).stdout);
    expect(report.accounts.map((a) => a.id)).toEqual([GOV]);
    expect(report.findings.every((f) => f.accountId === GOV)).toBe(true);
    const bad = await check(['-c', ALL_KINDS, '--account', 'ffffffffffffffffffffffffffffffff']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is neither the id nor the name of an account in');
  });
});

describe('snapshot, offline check, init', () => {
  it('a server that pages at its own size without result_info is read completely (same answer as a clean read)', async () => {
    const clean = parseReport((await check(['-c', ALL_KINDS, '--format', 'json'])).stdout);
    emulator.setFaults([{ kind: 'fixed_page_size', size: 2 }, { kind: 'no_result_info' }]);
    const paged = await check(['-c', ALL_KINDS, '--format', 'json']);
    expect(paged.code).toBe(1);
    expect(parseReport(paged.stdout).findings).toEqual(clean.findings);
  });

  it('a connector without a declared setting is undecided (CFSSO010, exit 2); undeclared, it is fine', async () => {
    emulator.setFaults([{ kind: 'omit_fields', fields: ['use_fedramp_language'] }]);
    const declared = await check(['-c', COMPLIANT]);
    expect(declared.code).toBe(2);
    expect(declared.stdout).toMatch(/CFSSO010/);
    expect(declared.stdout).toMatch(/use_fedramp_language not reported by the API \(expected true\)/);
    expect(declared.stdout).toMatch(/Could not decide — 1 check could not be made/);
    const json = parseReport((await check(['-c', COMPLIANT, '--format', 'json'])).stdout);
    expect(json.status).toBe('error');
    // CFSSO010, and the seed's long-pending staging.example.com (CFSSO012, a warning: no part of the exit code).
    expect(json.findings.map((f) => f.kind).sort()).toEqual(['unverifiable', 'verification_stalled']);
    const undeclared = join(work, 'no-fedramp.yaml');
    writeFileSync(undeclared, readFileSync(join(REPO_ROOT, COMPLIANT), 'utf8').replace(/^\s*use_fedramp_language: true\n/m, ''));
    expect((await check(['-c', undeclared])).code).toBe(0);
  });

  it('absent fields stay absent: in the snapshot, in check --snapshot, and in the file init writes', async () => {
    emulator.setFaults([{ kind: 'omit_fields', fields: ['use_fedramp_language', 'verification'], accountId: PRODUCTION }]);
    const snapshotFile = join(work, 'snap-absent.json');
    expect((await runCli(['snapshot', '-c', COMPLIANT, '-o', snapshotFile], { env: env() })).code).toBe(0);
    const recorded = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { accounts: Array<{ connectors: Array<Record<string, unknown>> }> };
    const connectors = recorded.accounts.flatMap((account) => account.connectors);
    expect(connectors.length).toBeGreaterThan(0);
    for (const connector of connectors) {
      expect(connector).not.toHaveProperty('useFedrampLanguage');
      expect(connector).not.toHaveProperty('verification');
      expect(typeof connector.enabled).toBe('boolean');
    }
    const live = parseReport((await check(['-c', COMPLIANT, '--format', 'json'])).stdout);
    const offline = await runCli(['check', '-c', COMPLIANT, '--snapshot', snapshotFile, '--format', 'json'], { env: { NO_COLOR: '1' } });
    expect(offline.code).toBe(2);
    expect(parseReport(offline.stdout).findings).toEqual(live.findings);

    const initFile = join(work, 'init-absent.yaml');
    expect((await runCli(['init', '--account', PRODUCTION, '-o', initFile], { env: env() })).code).toBe(0);
    const written = readFileSync(initFile, 'utf8');
    expect(written).toMatch(/enabled: (true|false)/);
    expect(written).not.toMatch(/use_fedramp_language|verification:/);
    expect((await check(['-c', initFile])).code).toBe(0);
  });

  it('check --snapshot gives the same findings as the live check', async () => {
    const snapshotFile = join(work, 'snap.json');
    const recorded = await runCli(['snapshot', '-c', ALL_KINDS, '-o', snapshotFile], { env: env() });
    expectNoLeakIn(recorded);
    expect(recorded.code).toBe(0);
    const live = parseReport((await check(['-c', ALL_KINDS, '--format', 'json'])).stdout);
    const offline = await runCli(['check', '-c', ALL_KINDS, '--snapshot', snapshotFile, '--format', 'json'], { env: { NO_COLOR: '1' } });
    expect(offline.code).toBe(1);
    const report = parseReport(offline.stdout);
    expect(report.findings).toEqual(live.findings);
    // The snapshot is named by its own SHA-256, when it was recorded and from which API.
    const recordedSnapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { recordedAt: string; source: string; accounts: Array<{ accountId: string; fetchedAt: string; pagesFetched: number }> };
    expect(report.source).toEqual({
      kind: 'snapshot',
      location: snapshotFile,
      sha256: createHash('sha256').update(readFileSync(snapshotFile)).digest('hex'),
      recordedAt: recordedSnapshot.recordedAt,
      api: emulator.url,
    });
    // Each account: when the snapshot read it, and how many pages.
    expect(report.accounts.map((a) => [a.id, a.readAt, a.pages])).toEqual(
      report.accounts.map((a) => {
        const recorded = recordedSnapshot.accounts.find((r) => r.accountId === a.id);
        return [a.id, recorded?.fetchedAt, recorded?.pagesFetched];
      }),
    );
    expect(report.accounts.flatMap((a) => a.checks.map((c) => c.verdict))).toEqual(live.accounts.flatMap((a) => a.checks.map((c) => c.verdict)));
  });

  it('a snapshot that recorded a failed account fails closed offline too', async () => {
    emulator.setFaults([{ kind: 'status', status: 500, accountId: GOV }]);
    const snapshotFile = join(work, 'snap-failed.json');
    const recorded = await runCli(['snapshot', '-c', ALL_KINDS, '-o', snapshotFile, '--retries', '0'], { env: env() });
    expect(recorded.code).toBe(2);
    expect(recorded.stderr).toMatch(/HTTP 500/);
    const offline = await runCli(['check', '-c', ALL_KINDS, '--snapshot', snapshotFile], { env: { NO_COLOR: '1' } });
    expect(offline.code).toBe(2);
  });

  it('a corrupt snapshot is a clear error', async () => {
    const file = join(work, 'corrupt.json');
    writeFileSync(file, '{"kind":"cf-sso-guard-snapshot","schemaVersion":1,"tool":{"name":"cf-sso-guard","version":"0.1.0"},"recordedAt":"2026-11-28T00:00:00Z","source":"x","accounts":[{"accountId":"023e105f4ecef8ad9ca31a8372d0c353","status":"ok","connectors":[{"id":"x","accountId":"023e105f4ecef8ad9ca31a8372d0c353"}]}]}');
    const result = await runCli(['check', '-c', ALL_KINDS, '--snapshot', file], { env: {} });
    expect(result.code).toBe(2);
    // Checked against schemas/snapshot.schema.json, with the place.
    expect(result.stderr).toMatch(/not a valid cf-sso-guard snapshot: \/accounts\/0\/connectors\/0 must have required property 'emailDomain'/);
  });

  it('init writes a file that the live state satisfies', async () => {
    const file = join(work, 'init.yaml');
    const result = await runCli(['init', '--account', PRODUCTION, '-o', file], { env: env() });
    expectNoLeakIn(result);
    expect(result.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('shadow-it.example.net');
    expect((await check(['-c', file])).code).toBe(0);
    const again = await runCli(['init', '--account', PRODUCTION, '-o', file], { env: env() });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
  });
});

describe('commands without the network', () => {
  it('validate: 0 on a valid file, 2 with file:line:column on an invalid one, no stack trace', async () => {
    const ok = await runCli(['validate', '-c', ALL_KINDS]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('valid');
    const file = join(work, 'bad.yaml');
    writeFileSync(file, 'version: 1\naccounts:\n  - id: 023e105f4ecef8ad9ca31a8372d0c353\n    connectors:\n      - email_domain: a.example.com\n        use_fedramp_langauge: true\n');
    const bad = await runCli(['validate', '-c', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}:6:9`);
    expect(bad.stderr).toContain('use_fedramp_language');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const missing = await runCli(['validate', '-c', join(work, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: desired-state file is missing/);
    expect(missing.stderr).toContain('cf-sso-guard init --account');
  });

  it('check on an invalid file exits 2 before touching the network', async () => {
    const file = join(work, 'bad2.yaml');
    writeFileSync(file, 'version: 1\naccounts: []\n');
    const result = await check(['-c', file]);
    expect(result.code).toBe(2);
    expect(emulator.stats().totalRequests).toBe(0);
  });

  it('schema prints the JSON Schema that ships in schemas/', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'desired-state.schema.json'), 'utf8')));
  });

  it('--help on every command exits 0 and explains; bad usage exits 2', async () => {
    for (const command of ['check', 'validate', 'init', 'snapshot', 'merge', 'schema', 'emulator', 'demo', 'policy-pack']) {
      const result = await runCli([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toContain(`Usage: cf-sso-guard ${command}`);
    }
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/Exit codes \(the --fail-on gate\): 0 passed, 1 an unwaived finding at or above --fail-on, 2 could not decide/);
    expect((await runCli(['check', '--bogus'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const badFormat = await runCli(['check', '--format', 'pdf']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('expected one of text, json');
  });

  it('the demo runs the real check and exits 0, saying what a real check would return', async () => {
    const result = await runCli(['demo'], { env: { NO_COLOR: '1' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CFSSO007');
    expect(result.stderr).toContain('would have exited with code 1 (gate failed: an unwaived finding at or above --fail-on)');
    // From a clone, cf-sso-guard is not on PATH: the closing line names what works there.
    expect(result.stderr).toContain('run `node dist/cli.js check -c your-file.yaml` (or `npm link` once, then `cf-sso-guard check ...`)');
  });

  it('emulator --help gives the token it accepts and the seed-file format, with its schema', async () => {
    const result = await runCli(['emulator', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"demo-token"');
    expect(result.stdout).toContain('Authorization: Bearer');
    expect(result.stdout).toContain('schemas/emulator-seed.schema.json');
    for (const field of ['"accounts"', '"connectors"', '"email_domain"', '"use_fedramp_language"', '"verification"', '"created_on"']) expect(result.stdout).toContain(field);
  });
});
