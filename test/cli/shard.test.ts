// Sharding as CI runs it: `check --shard I/N` in N processes against the emulator, then
// `cf-sso-guard merge`; the merged report must equal one unsharded run, and every account must be
// checked by exactly one shard.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed, startEmulator, type EmulatorSeed, type RunningEmulator, type SeedConnector } from '../../src/emulator';
import type { Report } from '../../src/types';
import { runCli } from '../support/cli';

const TOKEN = 'cfut_shard-test-token-Q3x9';
const ACCOUNTS = 30;

let emulator: RunningEmulator;
let work: string;
let desiredPath: string;
let accountIds: string[];

/** The live state: a generated seed with drift of several kinds in several accounts. */
function liveSeed(): EmulatorSeed {
  const seed = generateSeed({ accounts: ACCOUNTS, connectorsPerAccount: 4, salt: 'shard-test' });
  const accounts = Object.values(seed.accounts);
  const copyOf = (connector: SeedConnector, id: string, domain = connector.email_domain): SeedConnector => ({ ...connector, id, email_domain: domain, verification: { ...connector.verification } });
  accounts.forEach((account, a) => {
    const [first, second, third] = account.connectors;
    if (a % 5 === 0) first.enabled = false; // enabled_mismatch
    if (a % 6 === 1) second.verification.status = 'pending'; // verification_mismatch
    if (a % 7 === 2) third.use_fedramp_language = true; // fedramp_mismatch
    if (a % 8 === 3) account.connectors.push(copyOf(first, `${'d'.repeat(30)}${String(a).padStart(2, '0')}`)); // duplicate
    if (a % 9 === 4) account.connectors.push(copyOf(first, `${'e'.repeat(30)}${String(a).padStart(2, '0')}`, `extra.a${a}.example.com`)); // unexpected
  });
  return seed;
}

/** The desired state, written from the generated seed (before the drift), then perturbed. */
function desiredYaml(): string {
  const clean = generateSeed({ accounts: ACCOUNTS, connectorsPerAccount: 4, salt: 'shard-test' });
  const lines = ['version: 1', 'defaults:', '  enabled: true', '  verification: verified', '  use_fedramp_language: false', 'accounts:'];
  Object.entries(clean.accounts).forEach(([id, account], a) => {
    lines.push(`  - id: ${id}`, `    name: ${account.name}`, `    unmanaged: ${a % 2 === 0 ? 'error' : 'warning'}`, '    connectors:');
    account.connectors.forEach((connector, c) => {
      lines.push(`      - email_domain: ${connector.email_domain}`);
      if (a % 11 === 6 && c === 3) lines.push('        state: absent'); // forbidden: live, declared absent
    });
    if (a % 10 === 5) lines.push(`      - email_domain: missing.a${a}.example.com`); // missing
  });
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  const seed = liveSeed();
  accountIds = Object.keys(seed.accounts);
  emulator = await startEmulator({ token: TOKEN, seed });
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-shard-'));
  let yaml = desiredYaml();
  // Waivers: one in force that matches a finding, one expired, one that matches nothing.
  const [a0, a10, a20] = [accountIds[0], accountIds[10], accountIds[20]];
  const firstDomain = (index: number): string => Object.values(seed.accounts)[index].connectors[0].email_domain;
  yaml +=
    'waivers:\n' +
    `  - account: ${a0}\n    email_domain: ${firstDomain(0)}\n    kind: enabled_mismatch\n    reason: maintenance\n    approved_by: sec@example.com\n    expires: 2099-12-31\n` +
    `  - account: ${a10}\n    email_domain: ${firstDomain(10)}\n    kind: enabled_mismatch\n    reason: old change\n    expires: 2020-01-01\n` +
    `  - account: ${a20}\n    email_domain: nothing.example.com\n    kind: missing\n    reason: never used\n    expires: 2099-12-31\n`;
  desiredPath = join(work, 'sso-connectors.yaml');
  writeFileSync(desiredPath, yaml);
});

afterAll(async () => {
  await emulator?.close();
});

const env = (): NodeJS.ProcessEnv => ({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1' });

async function checkToFile(name: string, extra: string[]): Promise<{ code: number | null; report: Report; path: string }> {
  const path = join(work, name);
  const result = await runCli(['check', '-c', desiredPath, '--as-of', '2026-06-01', '--format', 'json', '-o', path, ...extra], { env: env() });
  expect(result.stderr).not.toContain('unexpected error');
  return { code: result.code, report: JSON.parse(readFileSync(path, 'utf8')) as Report, path };
}

function withoutTime(report: Report): Omit<Report, 'generatedAt'> {
  const { generatedAt: _ignored, ...rest } = report;
  return rest;
}

describe('check --shard I/N, then merge', () => {
  let unsharded: { code: number | null; report: Report };

  beforeAll(async () => {
    unsharded = await checkToFile('unsharded.json', []);
  });

  it('the unsharded run sees drift of every kind the fixture plants', () => {
    expect(unsharded.code).toBe(1);
    expect(unsharded.report.accounts).toHaveLength(ACCOUNTS);
    expect(unsharded.report.accounts.every((a) => a.status === 'ok')).toBe(true);
    const kinds = new Set(unsharded.report.findings.map((f) => f.kind));
    for (const kind of ['missing', 'unexpected', 'forbidden', 'enabled_mismatch', 'verification_mismatch', 'fedramp_mismatch', 'duplicate', 'waiver_expired', 'waiver_unused'] as const) {
      expect(kinds, kind).toContain(kind);
    }
    expect(unsharded.report.findings.some((f) => f.waived)).toBe(true);
  });

  for (const count of [1, 3, 4]) {
    it(`${count} shard(s) merged equal the unsharded run, and each account is in exactly one shard`, async () => {
      const shards = [];
      for (let index = 1; index <= count; index++) shards.push(await checkToFile(`shard-${count}-${index}.json`, ['--shard', `${index}/${count}`]));

      const seen = shards.flatMap((s) => s.report.accounts.map((a) => a.id));
      expect(new Set(seen).size).toBe(seen.length); // no account in two shards
      expect([...seen].sort()).toEqual([...accountIds].sort()); // none left out
      for (const shard of shards) {
        expect(shard.code).toBe(shard.report.status === 'drift' ? 1 : shard.report.status === 'error' ? 2 : 0);
        for (const finding of shard.report.findings) expect(shard.report.accounts.map((a) => a.id)).toContain(finding.accountId);
      }
      if (count > 1) expect(shards.filter((s) => s.report.accounts.length > 0).length).toBeGreaterThan(1);

      const mergedPath = join(work, `merged-${count}.json`);
      const merged = await runCli(['merge', '-c', desiredPath, '--format', 'json', '-o', mergedPath, ...shards.map((s) => s.path)], { env: env() });
      expect(merged.stderr).toBe('');
      expect(merged.code).toBe(unsharded.code);
      expect(withoutTime(JSON.parse(readFileSync(mergedPath, 'utf8')) as Report)).toEqual(withoutTime(unsharded.report));
    });
  }

  it('merge refuses an account reported by two shards', async () => {
    const one = await checkToFile('dup-a.json', ['--shard', '1/2']);
    const result = await runCli(['merge', '-c', desiredPath, '--format', 'json', one.path, one.path], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/more than one shard/);
  });
});
