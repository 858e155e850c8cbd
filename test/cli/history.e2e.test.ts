// `history` as a process: the README's evidence recipe run line by line in bash against the emulator,
// snapshots checked later backfill their own days, a snapshot given to history says what to do, and the
// bounded-range, leap-second and multi-line-message cases end as they should (exit codes, real line breaks).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedFile, startEmulator, type RunningEmulator } from '../../src/emulator';
import { CLI, REPO_ROOT, runCli, runProcess, type CliResult } from '../support/cli';

const TOKEN = 'cfut_SECRET-history-7Yt2Kd9Qm4';
let emulator: RunningEmulator;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-history-'));
  copyFileSync(join(REPO_ROOT, 'examples', 'sso-connectors.yaml'), join(work, 'sso-connectors.yaml'));
  emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(REPO_ROOT, 'examples', 'demo-inventory.json')) });
});
afterAll(async () => {
  await emulator?.close();
});

/** The lines of the README's evidence recipe (the sh block after its marker). */
function recipe(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- recipe:evidence');
  expect(marker).toBeGreaterThan(0);
  const block = /```sh\n([^]*?)```/.exec(readme.slice(marker));
  expect(block).not.toBeNull();
  return (block?.[1] ?? '').trim().split('\n');
}

/** One line run by bash in the work folder, `cf-sso-guard` being the built CLI. */
function bash(line: string): Promise<CliResult> {
  const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1' };
  return runProcess('bash', ['-c', `cf-sso-guard() { "${process.execPath}" "${CLI}" "$@"; }\n${line}`], { cwd: work, env }, line);
}

/** The day the recipe ran (its files are named by `date -u +%F`), so a run across midnight cannot confuse the test. */
let recipeDay = '';
const today = () => recipeDay;
const daysAgo = (n: number) => new Date(Date.parse(`${recipeDay}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

describe('the README evidence recipe, as a process', () => {
  it('snapshot, check --snapshot into evidence/, history evidence/*.json: a verdict for the day, exit 0', async () => {
    const lines = recipe();
    expect(lines.some((line) => line.startsWith('cf-sso-guard history evidence/*.json'))).toBe(true);
    const results: CliResult[] = [];
    for (const line of lines) results.push(await bash(line));
    const history = results.at(-1) as CliResult;
    const files = readdirSync(join(work, 'evidence'));
    expect(files).toHaveLength(1);
    recipeDay = files[0].replace(/\.json$/, '');
    expect(recipeDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(history.stderr).toBe('');
    expect(history.code).toBe(0);
    // The demo drifts: the one day is drift, and the first line says so.
    expect(history.stdout.split('\n')[0]).toBe(`Not shown compliant (${today()}): drift on 1 of 1 day (${today()}).`);
    expect(readdirSync(join(work, 'evidence'))).toEqual([`${today()}.json`]);
    for (const result of results) expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('snapshots recorded on earlier days and checked today land on their own days (backfill)', async () => {
    const snapshot = JSON.parse(readFileSync(join(work, 'snapshots', `${today()}.json`), 'utf8')) as { recordedAt: string; accounts: Array<{ fetchedAt: string }> };
    for (const n of [3, 5]) {
      const day = daysAgo(n);
      const old = { ...snapshot, recordedAt: `${day}T06:00:00.000Z`, accounts: snapshot.accounts.map((account) => ({ ...account, fetchedAt: `${day}T05:59:00.000Z` })) };
      writeFileSync(join(work, 'snapshots', `${day}.json`), JSON.stringify(old));
      const checked = await bash(`cf-sso-guard check --snapshot snapshots/${day}.json --format json -o evidence/${day}.json`);
      expect(checked.code, checked.stderr).toBe(1); // the demo's drift
      const report = JSON.parse(readFileSync(join(work, 'evidence', `${day}.json`), 'utf8')) as { generatedAt: string };
      expect(report.generatedAt.slice(0, 10) >= today()).toBe(true); // made now, filed on the snapshot's day
    }
    const json = await bash('cf-sso-guard history evidence/*.json --format json');
    expect(json.code, json.stderr).toBe(0);
    const history = JSON.parse(json.stdout) as { from: string; to: string; days: number; drift: number; noReport: number; series: Array<{ runs: Array<{ day: string; source: string }> }> };
    expect([history.from, history.to, history.days]).toEqual([daysAgo(5), today(), 6]);
    expect(history.series[0].runs.map((run) => [run.day, run.source])).toEqual([
      [daysAgo(5), 'snapshot'],
      [daysAgo(3), 'snapshot'],
      [today(), 'snapshot'],
    ]);
    expect([history.drift, history.noReport]).toEqual([3, 3]);
    // Checking the same snapshot again adds a run, not a day.
    const again = await bash(`cf-sso-guard check --snapshot snapshots/${daysAgo(3)}.json --format json -o evidence/${daysAgo(3)}-again.json`);
    expect(again.code).toBe(1);
    const after = JSON.parse((await bash('cf-sso-guard history evidence/*.json --format json')).stdout) as typeof history;
    expect(after.series[0].runs).toHaveLength(4);
    expect([after.days, after.drift, after.noReport]).toEqual([6, 3, 3]);
  });

  it('a snapshot given to history: it says so, and the command that makes a report of it, on lines of their own', async () => {
    const result = await bash('cf-sso-guard history evidence/*.json snapshots/*.json');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines[0]).toMatch(/^cf-sso-guard history: 3 of \d+ input\(s\) cannot be used; nothing was written:$/);
    expect(lines).toContain(
      `  snapshots/${today()}.json: a snapshot (\`cf-sso-guard snapshot\`), not a report; make a report of it with: cf-sso-guard check --snapshot snapshots/${today()}.json --format json -o REPORT.json`,
    );
    expect(result.stderr).not.toContain('\\u000a');
  });
});

describe('history is bounded and reads every date-time a report may carry', () => {
  /** A report of the recipe, its read and generated times set to `at`. */
  function reportAt(at: string, name: string): string {
    const source = readdirSync(join(work, 'evidence')).find((file) => file === `${today()}.json`) as string;
    const report = JSON.parse(readFileSync(join(work, 'evidence', source), 'utf8')) as { generatedAt: string; source: { recordedAt?: string }; accounts: Array<{ readAt?: string }> };
    report.generatedAt = at;
    report.source.recordedAt = at;
    for (const account of report.accounts) account.readAt = at;
    const file = join(work, name);
    writeFileSync(file, JSON.stringify(report));
    return file;
  }

  it('reports dated 0001-01-01 and 9999-12-31: exit 2 with a clear message, and a period within them works', async () => {
    mkdirSync(join(work, 'far'), { recursive: true });
    const files = [reportAt('0001-01-01T00:00:00Z', 'far/first.json'), reportAt('9999-12-31T23:59:59Z', 'far/last.json')];
    for (const format of ['text', 'html']) {
      const result = await runCli(['history', ...files, '--format', format, '-o', join(work, `far.${format}`)]);
      expect(result.code, format).toBe(2);
      expect(result.stderr).toContain(
        'cf-sso-guard history: the reports span 3,652,059 days (0001-01-01 to 9999-12-31); history covers at most 3,660 days (ten years): give --from and --to (YYYY-MM-DD) for a shorter period; nothing was written',
      );
      expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
    }
    const within = await runCli(['history', ...files, '--from', '9999-10-01', '--to', '9999-12-31']);
    expect(within.code, within.stderr).toBe(0);
    expect(within.stdout.split('\n')[0]).toBe('Not shown compliant (9999-10-01 to 9999-12-31): drift on 1 of 92 days (9999-12-31); no evidence on 91 days (9999-10-01 to 9999-12-30).');
    // A --from/--to period too long is said before any report is read (the missing file is never reached).
    const early = await runCli(['history', join(work, 'absent.json'), '--from', '2020-01-01', '--to', '2030-01-08']);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('the period spans 3,661 days (2020-01-01 to 2030-01-08)');
    expect(early.stderr).not.toContain('absent.json');
    const bad = await runCli(['history', ...files, '--from', '2026-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from must be a day written YYYY-MM-DD, got "2026-02-30"');
  });

  it('a leap second (2026-06-30T23:59:60Z, valid in the report schema) is read, on its own day', async () => {
    const file = reportAt('2026-06-30T23:59:60Z', 'leap.json');
    const result = await runCli(['history', file, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const history = JSON.parse(result.stdout) as { from: string; days: number; series: Array<{ runs: Array<{ day: string; readAt: string }> }> };
    expect([history.from, history.days]).toEqual(['2026-06-30', 1]);
    expect(history.series[0].runs[0]).toEqual(expect.objectContaining({ day: '2026-06-30', readAt: '2026-06-30T23:59:60Z' }));
  });
});
