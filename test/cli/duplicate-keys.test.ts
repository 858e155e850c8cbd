// A snapshot or a report with a key twice in one object says two things: JSON.parse keeps the last
// (`"status":"error",…,"status":"ok"` reads as ok) while a reviewer or a first-wins parser reads the first.
// `check --snapshot` and `history` refuse it, as `merge` does a shard report (merge-rejudge.test.ts) and
// the API reader a response. In process: no build, no child process.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import type { Terminal } from '../../src/cli/environment';

const PROD = 'a1'.repeat(16);
const YAML = `version: 1
accounts:
  - id: ${PROD}
    connectors:
      - email_domain: example.com
        enabled: true
`;

const terminal: Terminal = { stdoutIsTTY: false, stderrIsTTY: false, env: { NO_COLOR: '1' } };
let work: string;
let desired: string;
let stderr: string;

async function cli(argv: string[]): Promise<number> {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return await main(argv, terminal);
  } finally {
    vi.restoreAllMocks();
  }
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
