// Issue 14, the file and flag items: the CLI as a process. Snapshots and reports from disk, the
// desired-state file from a pull request, output paths and dates are all untrusted input.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, compileSchema } from '../support/common';
import { loadSeedFile, startEmulator, type RunningEmulator } from '../../src/emulator';
import type { Report } from '../../src/core/types';
import snapshotSchema from '../../schemas/snapshot.schema.json';
import { CLI, REPO_ROOT, runCli } from '../support/cli';

const TOKEN = 'cfut_FILES-token-8Hq3Lx6Pz1Wd';
const EXAMPLE = join(REPO_ROOT, 'examples', 'sso-connectors.yaml');
const PRODUCTION = '023e105f4ecef8ad9ca31a8372d0c353';

let emulator: RunningEmulator;
let work: string;
let snapshotPath: string;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(REPO_ROOT, 'examples', 'demo-inventory.json')) });
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-files-'));
  snapshotPath = join(work, 'snapshot.json');
  const result = await runCli(['snapshot', '-c', EXAMPLE, '-o', snapshotPath], { env: env() });
  expect(result.code, result.stderr).toBe(0);
});
afterAll(async () => {
  await emulator?.close();
});

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => cliEnv(TOKEN, emulator.url, extra);

function snapshotDoc(): { recordedAt: string; accounts: Array<Record<string, unknown>> } & Record<string, unknown> {
  return JSON.parse(readFileSync(snapshotPath, 'utf8'));
}

describe('snapshots: a JSON Schema, no duplicates, bounded, regular files only (items 4, 3, 12)', () => {
  it('what `snapshot` writes validates against schemas/snapshot.schema.json', () => {
    const validate = compileSchema(snapshotSchema, { strict: true });
    expect(validate(snapshotDoc()), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...snapshotDoc(), extra: 1 })).toBe(false);
  });

  it('a snapshot listing one account twice (error, then ok) is refused, not read as compliant', async () => {
    const doc = snapshotDoc();
    const ok = doc.accounts.find((a) => a.accountId === PRODUCTION)!;
    const failed = { ...ok, status: 'error', error: 'HTTP 500', connectors: [] };
    const file = join(work, 'dup-snapshot.json');
    writeFileSync(file, JSON.stringify({ ...doc, accounts: [failed, ...doc.accounts] }));
    const result = await runCli(['check', '-c', EXAMPLE, '--snapshot', file], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/account 023e105f4ecef8ad9ca31a8372d0c353 is listed more than once/);
  });

  it('a snapshot that breaks the schema is refused with the place', async () => {
    const doc = snapshotDoc();
    const file = join(work, 'bad-snapshot.json');
    writeFileSync(file, JSON.stringify({ ...doc, accounts: [{ ...doc.accounts[0], status: 'fine' }] }));
    const result = await runCli(['check', '-c', EXAMPLE, '--snapshot', file], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a valid cf-sso-guard snapshot: \/accounts\/0\/status/);
  });

  it('a snapshot over the size cap is refused unread', async () => {
    const file = join(work, 'huge-snapshot.json');
    execFileSync('truncate', ['-s', '300M', file]);
    const result = await runCli(['check', '-c', EXAMPLE, '--snapshot', file], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/larger than the limit of 256 MiB/);
  });

  it('a FIFO as --snapshot, -c or a merge input fails at once instead of blocking forever', async () => {
    const fifo = join(work, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const asSnapshot = await runCli(['check', '-c', EXAMPLE, '--snapshot', fifo], { env: env(), timeoutMs: 20_000 });
    expect(asSnapshot.code).toBe(2);
    expect(asSnapshot.stderr).toMatch(/FIFO/);
    const asConfig = await runCli(['validate', '-c', fifo], { env: env(), timeoutMs: 20_000 });
    expect(asConfig.code).toBe(2);
    expect(asConfig.stderr).toMatch(/FIFO/);
    const asMergeInput = await runCli(['merge', '-c', EXAMPLE, fifo], { env: env(), timeoutMs: 20_000 });
    expect(asMergeInput.code).toBe(2);
    expect(asMergeInput.stderr).toMatch(/FIFO/);
  });

  it('--snapshot with a live-read flag (e.g. --concurrency 0) is refused, not ignored', async () => {
    const result = await runCli(['check', '-c', EXAMPLE, '--snapshot', snapshotPath, '--concurrency', '0'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--concurrency applies to reading the live API/);
  });
});

describe('--as-of (item 7)', () => {
  it('a live check refuses an as-of day before today (it would revive expired waivers)', async () => {
    const result = await runCli(['check', '-c', EXAMPLE, '--as-of', '2025-01-01'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--as-of 2025-01-01 is before today/);
    expect(result.stdout).not.toMatch(/Compliant/);
  });

  it('absurd dates are rejected', async () => {
    for (const date of ['0000-01-01', '9999-12-31', '2026-02-30']) {
      const result = await runCli(['check', '-c', EXAMPLE, '--as-of', date], { env: env() });
      expect(result.code, date).toBe(2);
    }
  });

  it('the as-of day is recorded in JSON, SARIF, JUnit, Markdown, text and used by the HTML', async () => {
    const files = Object.fromEntries(['json', 'sarif', 'junit', 'markdown', 'html'].map((f) => [f, join(work, `asof.${f}`)]));
    const result = await runCli(['check', '-c', EXAMPLE, '--as-of', '2099-06-01', ...Object.entries(files).flatMap(([f, p]) => ['--report', `${f}=${p}`])], { env: env() });
    expect(result.code).not.toBe(2);
    expect(result.stdout).toContain('waivers as of 2099-06-01');
    expect((JSON.parse(readFileSync(files.json, 'utf8')) as Report).asOf).toBe('2099-06-01');
    expect(JSON.parse(readFileSync(files.sarif, 'utf8')).runs[0].properties.asOf).toBe('2099-06-01');
    expect(readFileSync(files.junit, 'utf8')).toContain('<property name="asOf" value="2099-06-01"/>');
    expect(readFileSync(files.markdown, 'utf8')).toContain('waivers judged as of 2099-06-01');
    expect(readFileSync(files.html, 'utf8')).toContain('Read against 2099-06-01');
  });

  it('an offline check may not judge before the snapshot was recorded', async () => {
    const recordedDay = snapshotDoc().recordedAt.slice(0, 10);
    const before = await runCli(['check', '-c', EXAMPLE, '--snapshot', snapshotPath, '--as-of', '2025-01-01'], { env: env() });
    expect(before.code).toBe(2);
    expect(before.stderr).toContain(`before the snapshot was recorded (${recordedDay})`);
    const same = await runCli(['check', '-c', EXAMPLE, '--snapshot', snapshotPath, '--as-of', recordedDay], { env: env() });
    expect(same.code).not.toBe(2);
  });
});

describe('output paths (item 8, and issue 13\'s output-path part)', () => {
  it('-o /dev/null stays a device; /dev/stdout and - are stdout', async () => {
    const before = statSync('/dev/null');
    const result = await runCli(['check', '-c', EXAMPLE, '--snapshot', snapshotPath, '-o', '/dev/null'], { env: env() });
    expect(result.code).toBe(1);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(statSync('/dev/null').rdev).toBe(before.rdev);
    for (const stdout of ['/dev/stdout', '-']) {
      const out = await runCli(['check', '-c', EXAMPLE, '--snapshot', snapshotPath, '--format', 'json', '-o', stdout], { env: env() });
      expect((JSON.parse(out.stdout) as Report).schemaVersion).toBe(2);
    }
  });

  it('a link to /dev/stdout prints (written in place, not replaced)', async () => {
    const link = join(work, 'to-stdout');
    symlinkSync('/dev/stdout', link);
    const result = await runCli(['check', '-c', EXAMPLE, '--snapshot', snapshotPath, '--format', 'json', '-o', link], { env: env() });
    expect((JSON.parse(result.stdout) as Report).schemaVersion).toBe(2);
  });

  it('the same output path twice, or an output that is an input, is refused before any work', async () => {
    const target = join(work, 'twice.json');
    const twice = await runCli(['check', '-c', EXAMPLE, '--snapshot', snapshotPath, '--report', `json=${target}`, '--report', `sarif=${join(work, '.', 'twice.json')}`], { env: env() });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/more than once/);
    expect(existsSync(target)).toBe(false);
    const copy = join(work, 'desired-copy.yaml');
    writeFileSync(copy, readFileSync(EXAMPLE));
    const ontoConfig = await runCli(['check', '-c', copy, '--snapshot', snapshotPath, '--report', `json=${copy}`], { env: env() });
    expect(ontoConfig.code).toBe(2);
    expect(ontoConfig.stderr).toMatch(/is also an input/);
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(EXAMPLE, 'utf8'));
    const ontoSnapshot = await runCli(['check', '-c', EXAMPLE, '--snapshot', snapshotPath, '-o', snapshotPath], { env: env() });
    expect(ontoSnapshot.code).toBe(2);
    expect(snapshotDoc().kind).toBe('cf-sso-guard-snapshot');
  });

  it('a missing parent directory is created (like mkdir -p) before the API is read; an impossible one stops at once', async () => {
    const nested = join(work, 'new', 'deeper', 'report.json');
    const before = emulator.stats().totalRequests;
    const made = await runCli(['check', '-c', EXAMPLE, '--report', `json=${nested}`], { env: env() });
    expect(made.code).toBe(1);
    expect(emulator.stats().totalRequests).toBeGreaterThan(before); // the counter counts: the next assertion can fail
    expect(existsSync(nested)).toBe(true);
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, 'x');
    const requestsBefore = emulator.stats().totalRequests;
    const impossible = await runCli(['check', '-c', EXAMPLE, '--report', `json=${join(blocker, 'sub', 'r.json')}`], { env: env() });
    expect(impossible.code).toBe(2);
    expect(impossible.stderr).toContain(join(blocker, 'sub'));
    expect(emulator.stats().totalRequests).toBe(requestsBefore); // stopped before any network call
  });

  it('a directory as output is refused before any work', async () => {
    mkdirSync(join(work, 'adir'), { recursive: true });
    const result = await runCli(['check', '-c', EXAMPLE, '--snapshot', snapshotPath, '-o', join(work, 'adir')], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is a directory/);
  });
});

describe('issue 19 item 8: one output writer for every command', () => {
  /** Runs the command with -o a FIFO that `cat` reads: what cat got, and whether the FIFO is still one. */
  async function throughFifo(name: string, args: string[]): Promise<{ code: number | null; stderr: string; read: string; stillFifo: boolean }> {
    const fifo = join(work, `${name}.fifo`);
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let read = '';
    reader.stdout.setEncoding('utf8').on('data', (d: string) => (read += d));
    const done = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    try {
      const result = await runCli([...args, '-o', fifo], { env: env(), timeoutMs: 30_000 });
      const stillFifo = statSync(fifo).isFIFO();
      // A FIFO replaced by a file (or never written) leaves cat waiting for a writer that never comes.
      if (stillFifo && result.code !== 2) await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      return { code: result.code, stderr: result.stderr, read, stillFifo };
    } finally {
      reader.kill();
    }
  }

  it('snapshot, init and history write a FIFO in place, as check does', async () => {
    const report = join(work, 'for-history.json');
    expect((await runCli(['check', '-c', EXAMPLE, '--snapshot', snapshotPath, '--report', `json=${report}`, '-q'], { env: env() })).code).toBe(1);
    const runs: Array<[string, string[], (text: string) => void]> = [
      ['check', ['check', '-c', EXAMPLE, '--snapshot', snapshotPath, '--format', 'json'], (text) => expect((JSON.parse(text) as Report).schemaVersion).toBe(2)],
      ['snapshot', ['snapshot', '-c', EXAMPLE], (text) => expect(JSON.parse(text).kind).toBe('cf-sso-guard-snapshot')],
      ['init', ['init', '--account', PRODUCTION, '--force'], (text) => expect(text).toMatch(/^version: 1$/m)],
      ['history', ['history', '--format', 'json', report], (text) => expect(JSON.parse(text)).toBeTypeOf('object')],
    ];
    for (const [name, args, check] of runs) {
      const result = await throughFifo(name, args);
      expect(result.stillFifo, `${name}: ${result.stderr}`).toBe(true);
      expect(result.code, `${name}: ${result.stderr}`).not.toBe(2);
      check(result.read);
    }
  });
});

describe('issue 19 item 9: GITHUB_STEP_SUMMARY on a full disk', () => {
  it('a failed append leaves the summary as it was (no half report), with a warning', () => {
    // A file size limit (SIGXFSZ ignored, so writes fail with EFBIG) stands in for a full disk: the
    // append starts, writes what fits, then fails, exactly as ENOSPC would.
    const summary = join(work, 'step-summary.md');
    const before = 'previous step\n'.padEnd(63 * 1024 + 900, 'p');
    writeFileSync(summary, before);
    const result = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 64; exec "$0" "$@"`, process.execPath, CLI, 'check', '-c', EXAMPLE, '--snapshot', snapshotPath, '-q'], {
      env: { ...env({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }), PATH: process.env.PATH },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/warning: could not append to GITHUB_STEP_SUMMARY \(EFBIG\)/);
    expect(readFileSync(summary, 'utf8')).toBe(before);
  });
});

describe('issue 19 item 9: a read-only filesystem is named as such', () => {
  // A read-only tmpfs in a private mount namespace (unshare -rm: no root needed where user namespaces are allowed).
  const canUnshare = spawnSync('unshare', ['-rm', 'true']).status === 0;

  it.skipIf(!canUnshare)('a missing parent folder on it is EROFS, not ENOENT', () => {
    const ro = mkdtempSync(join(tmpdir(), 'cf-sso-guard-ro-'));
    const result = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o ro tmpfs "$0" && shift && exec "$@"', ro, 'x', process.execPath, CLI, 'check', '-c', EXAMPLE, '--snapshot', snapshotPath, '--report', `json=${join(ro, 'missing', 'r.json')}`], {
      env: { ...env(), PATH: process.env.PATH },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain(`its directory ${join(ro, 'missing')} cannot be created or written: the file system is read-only (EROFS)`);
  });
});

describe('flags (item 12)', () => {
  it('a repeated single-valued flag is refused; a negative number is named as such', async () => {
    const twice = await runCli(['check', '-c', EXAMPLE, '--snapshot', snapshotPath, '--format', 'json', '--format', 'text'], { env: env() });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/--format is given more than once/);
    const negative = await runCli(['check', '-c', EXAMPLE, '--concurrency', '-1'], { env: env() });
    expect(negative.code).toBe(2);
    expect(negative.stderr).toMatch(/--concurrency must not be negative, got "-1"/);
    expect(negative.stderr).not.toMatch(/ambiguous/);
  });
});

describe('the desired-state file from a pull request (items 5, 6, 12)', () => {
  it('a 5 MiB file with an error on every line: bounded output, "…and N more", no crash', async () => {
    const lines = ['version: 1', 'accounts:', `  - id: ${PRODUCTION}`, '    connectors:'];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024 - 256; i++) {
      const line = `      - email_domain: "bad domain ${i}"`;
      lines.push(line);
      size += line.length + 1;
    }
    const file = join(work, 'hostile-big.yaml');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await runCli(['validate', '-c', file], { env: env(), timeoutMs: 120_000 });
    expect(result.code).toBe(2);
    expect(result.stderr.length).toBeLessThan(64 * 1024);
    expect(result.stderr).toMatch(/…and \d+ more problems/);
    expect(result.stderr).not.toMatch(/Maximum call stack|This is a bug/);
  });

  it('NUL and ESC inside strings are validation errors, and the file\'s text is echoed escaped', async () => {
    const file = join(work, 'control.yaml');
    writeFileSync(file, `version: 1\naccounts:\n  - id: ${PRODUCTION}\n    name: "prod\\e[2J\\0"\n    connectors: []\n`);
    const result = await runCli(['validate', '-c', file], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/control\.yaml:4:\d+: accounts\[0\]\.name: the string contains the control character U\+001B/);
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it('a CR-only file is read as lines, not as empty', async () => {
    const file = join(work, 'cr-only.yaml');
    writeFileSync(file, `version: 1\raccounts:\r  - id: ${PRODUCTION}\r    connectors: []\r`);
    const result = await runCli(['validate', '-c', file], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('1 account(s)');
  });
});
