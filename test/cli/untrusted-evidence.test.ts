// Evidence files from disk that would make a false green. A snapshot or a report with a key twice in one
// object says two things: JSON.parse keeps the last (`"status":"error",…,"status":"ok"` reads as ok) while a
// reviewer or a first-wins parser reads the first; `check --snapshot` and `history` refuse it, as `merge` does
// a shard report (merge-rejudge.test.ts) and the API reader a response. A shard report holds only the
// accounts dealt to it: `history` over it alone would call the period compliant with half the accounts never
// read. In process: no build, no child process.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process-cli';
import type { Terminal } from '../../src/cli/environment';

const PROD = 'a1'.repeat(16);
const GOV = 'b2'.repeat(16);
const YAML = `version: 1
accounts:
  - id: ${PROD}
    connectors:
      - email_domain: example.com
        enabled: true
`;
/** Two accounts: shard 1/2 holds PROD (compliant), shard 2/2 GOV (drift: its connector is disabled). */
const TWO_ACCOUNTS = `${YAML}  - id: ${GOV}
    connectors:
      - email_domain: gov.example.com
        enabled: true
`;

const terminal: Terminal = { stdoutIsTTY: false, stderrIsTTY: false, env: { NO_COLOR: '1' } };
let work: string;
let desired: string;
let stderr: string;

async function cli(argv: string[]): Promise<number> {
  const result = await runInProcess(argv, terminal);
  stderr = result.stderr;
  return result.code;
}

/** A snapshot whose account reads as an HTTP 500 first, then (the key again) as read and compliant. */
function twoFacedSnapshot(recordedAt: string): string {
  const honest = JSON.stringify({
    schemaVersion: 1,
    kind: 'cf-sso-guard-snapshot',
    tool: { name: 'cf-sso-guard', version: 'test' },
    recordedAt,
    source: 'https://api.example.test/client/v4',
    accounts: [{ accountId: PROD, status: 'error', error: 'HTTP 500', fetchedAt: recordedAt, pagesFetched: 0, connectors: [] }],
  });
  const compliant = [{ accountId: PROD, id: 'c1', emailDomain: 'example.com', enabled: true }];
  return honest.replace('"connectors":[]', `"connectors":[],"status":"ok","connectors":${JSON.stringify(compliant)}`);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-dup-'));
  desired = join(work, 'sso-connectors.yaml');
  writeFileSync(desired, YAML);
});

describe('a key twice in one object', () => {
  it('check --snapshot refuses the snapshot (exit 2), never judges the last of the two', async () => {
    const text = twoFacedSnapshot(new Date().toISOString());
    expect((JSON.parse(text) as { accounts: Array<{ status: string }> }).accounts[0].status).toBe('ok');
    const snap = join(work, 'two-faced.json');
    writeFileSync(snap, text);
    const code = await cli(['check', '-c', desired, '--snapshot', snap, '-q', '--fail-on', 'never', '--format', 'json', '-o', join(work, 'r.json')]);
    expect(code).toBe(2);
    expect(stderr).toContain('not a valid cf-sso-guard snapshot');
    expect(stderr).toContain('the key "status" twice in one object');
  });

  it('history refuses the report and writes nothing', async () => {
    const honestSnap = join(work, 'honest.json');
    writeFileSync(honestSnap, twoFacedSnapshot(new Date().toISOString()).replace(/,"status":"ok","connectors":\[[^\]]*\]/, ''));
    const report = join(work, 'report.json');
    expect(await cli(['check', '-c', desired, '--snapshot', honestSnap, '-q', '--format', 'json', '-o', report])).toBe(2);
    // The report says "could not decide"; the key again says compliant.
    const text = readFileSync(report, 'utf8').replace(/"status": ?"error",/, '"status": "error", "status": "compliant",');
    expect((JSON.parse(text) as { status: string }).status).toBe('compliant');
    const edited = join(work, 'edited.json');
    writeFileSync(edited, text);
    const out = join(work, 'history.json');
    expect(await cli(['history', edited, '--format', 'json', '-o', out])).toBe(2);
    expect(stderr).toContain('the key "status" twice in one object');
  });
});

describe('history and shard reports', () => {
  it('refuses a shard report (it holds part of the accounts), naming merge; the merged report is evidence', async () => {
    const recordedAt = new Date().toISOString();
    const file = join(work, 'two.yaml');
    writeFileSync(file, TWO_ACCOUNTS);
    const snap = join(work, 'two-snapshot.json');
    const read = (accountId: string, enabled: boolean) => ({ accountId, status: 'ok', fetchedAt: recordedAt, pagesFetched: 1, connectors: [{ accountId, id: `c-${accountId.slice(0, 2)}`, emailDomain: accountId === PROD ? 'example.com' : 'gov.example.com', enabled }] });
    writeFileSync(snap, JSON.stringify({ schemaVersion: 1, kind: 'cf-sso-guard-snapshot', tool: { name: 'cf-sso-guard', version: 'test' }, recordedAt, source: 'https://api.example.test/client/v4', accounts: [read(PROD, true), read(GOV, false)] }));
    const shards = ['1/2', '2/2'].map((shard) => join(work, `shard-${shard.replace('/', '-of-')}.json`));
    for (const [i, path] of shards.entries()) {
      expect(await cli(['check', '-c', file, '--snapshot', snap, '--shard', `${i + 1}/2`, '--fail-on', 'never', '-q', '--format', 'json', '-o', path])).toBe(0);
    }
    const out = join(work, 'shard-history.json');
    expect(await cli(['history', shards[0], '--format', 'json', '-o', out])).toBe(2);
    expect(stderr).toContain('a shard report (check --shard 1/2)');
    expect(stderr).toContain('cf-sso-guard merge');

    const merged = join(work, 'merged.json');
    expect(await cli(['merge', '-c', file, ...shards, '-q', '--format', 'json', '-o', merged])).toBe(1);
    expect(await cli(['history', merged, '--format', 'json', '-o', out])).toBe(0);
    const history = JSON.parse(readFileSync(out, 'utf8')) as { verdict: string; drift: number };
    expect(history).toMatchObject({ verdict: 'not_shown_compliant', drift: 1 });
  });
});

describe('file names on the terminal', () => {
  it('a report path that starts with a workflow command is no workflow command in the per-file lines (the runner trims leading spaces)', async () => {
    expect(await cli(['history', '::error title=forged::x.json', '##[stop-commands]y.json'])).toBe(2);
    expect(stderr).toContain('title=forged');
    expect(stderr.split('\n').filter((line) => line.trimStart().startsWith('::'))).toEqual([]);
    expect(stderr).not.toContain('##[');
  });
});
