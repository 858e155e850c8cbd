// Sharding as CI runs it: `check --shard I/N` in N processes against the emulator, then
// `cf-sso-guard merge`; the merged report must equal one unsharded run, and every account must be
// checked by exactly one shard.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv } from '../support/common';
import { generateSeed, startEmulator, type EmulatorSeed, type RunningEmulator, type SeedConnector } from '../../src/emulator';
import type { Report } from '../../src/core/types';
import { runCli } from '../support/cli';
import { dealShards } from '../../src/engine';

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
    `  - account: ${a10}\n    email_domain: ${firstDomain(10)}\n    kind: enabled_mismatch\n    reason: old change\n    approved_by: sec@example.com\n    expires: 2020-01-01\n` +
    `  - account: ${a20}\n    email_domain: nothing.example.com\n    kind: missing\n    reason: never used\n    approved_by: sec@example.com\n    expires: 2099-12-31\n`;
  desiredPath = join(work, 'sso-connectors.yaml');
  writeFileSync(desiredPath, yaml);
});

afterAll(async () => {
  await emulator?.close();
});

const env = (): NodeJS.ProcessEnv => cliEnv(TOKEN, emulator.url);

async function checkToFile(name: string, extra: string[]): Promise<{ code: number | null; report: Report; path: string }> {
  const path = join(work, name);
  const result = await runCli(['check', '-c', desiredPath, '--format', 'json', '-o', path, ...extra], { env: env() });
  expect(result.stderr).not.toContain('unexpected error');
  return { code: result.code, report: JSON.parse(readFileSync(path, 'utf8')) as Report, path };
}

/** The report without what differs between runs of the same inputs: times, the command line, the shard files merged. */
function withoutTime(report: Report): Omit<Report, 'generatedAt'> {
  const { generatedAt: _ignored, provenance, accounts, ...rest } = report;
  const { shards: _shards, ...made } = provenance;
  return {
    ...rest,
    provenance: { ...made, commandLine: [] },
    accounts: accounts.map(({ readAt: _readAt, ...account }) => account),
  };
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
      const sizes = shards.map((s) => s.report.accounts.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1); // dealt round-robin
      for (const shard of shards) {
        expect(shard.code).toBe(shard.report.status === 'drift' ? 1 : shard.report.status === 'error' ? 2 : 0);
        for (const finding of shard.report.findings) expect(shard.report.accounts.map((a) => a.id)).toContain(finding.accountId);
      }
      if (count > 1) expect(shards.filter((s) => s.report.accounts.length > 0).length).toBeGreaterThan(1);

      const mergedPath = join(work, `merged-${count}.json`);
      const merged = await runCli(['merge', '-c', desiredPath, '--format', 'json', '-o', mergedPath, ...shards.map((s) => s.path)], { env: env() });
      expect(merged.stderr).toBe('');
      expect(merged.code).toBe(unsharded.code);
      expect((JSON.parse(readFileSync(mergedPath, 'utf8')) as Report).provenance.shards?.map((s) => s.index)).toEqual(shards.map((_, i) => i + 1));
      expect(withoutTime(JSON.parse(readFileSync(mergedPath, 'utf8')) as Report)).toEqual(withoutTime(unsharded.report));
    });
  }

  it('an account reported by two shards is "could not decide" (exit 2), as is every account of a lost shard', async () => {
    const one = await checkToFile('dup-a.json', ['--shard', '1/2']);
    const result = await runCli(['merge', '-c', desiredPath, '--format', 'json', one.path, one.path], { env: env() });
    expect(result.code).toBe(2);
    const merged = JSON.parse(result.stdout) as Report;
    expect(merged.status).toBe('error');
    for (const account of merged.accounts) {
      expect(account.status).toBe('error');
      expect(account.error).toMatch(dealShards(accountIds, 2).get(account.id) === 1 ? /in 2 shard reports/ : /not in any shard report.*shard 2\/2/);
    }
  });
});

describe('merge never reads a false green (issue 14, item 1)', () => {
  let shards: Array<{ code: number | null; report: Report; path: string }>;

  beforeAll(async () => {
    shards = [];
    for (let index = 1; index <= 4; index++) shards.push(await checkToFile(`lost-${index}.json`, ['--shard', `${index}/4`]));
  });

  it('each shard report records its I/N and exactly the accounts it was given', () => {
    shards.forEach((shard, i) => {
      expect(shard.report.shard).toEqual({ index: i + 1, count: 4, accounts: shard.report.accounts.map((a) => a.id) });
      expect(shard.report.shard!.accounts.every((id) => dealShards(accountIds, 4).get(id) === i + 1)).toBe(true);
    });
  });

  it('a lost shard makes its accounts "could not decide" and the merge exits 2, naming the shard', async () => {
    const lost = shards[1];
    expect(lost.report.accounts.length).toBeGreaterThan(0);
    const kept = shards.filter((s) => s !== lost).map((s) => s.path);
    const text = await runCli(['merge', '-c', desiredPath, ...kept], { env: env() });
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('Could not decide');
    expect(text.stdout).not.toMatch(/✔ Compliant/);
    const json = await runCli(['merge', '-c', desiredPath, '--format', 'json', ...kept], { env: env() });
    const merged = JSON.parse(json.stdout) as Report;
    expect(merged.accounts.map((a) => a.id)).toEqual(accountIds);
    const missing = merged.accounts.filter((a) => a.status === 'error');
    expect(missing.map((a) => a.id).sort()).toEqual(lost.report.accounts.map((a) => a.id).sort());
    for (const account of missing) expect(account.error).toMatch(/not in any shard report.*shard 2\/4/);
  });

  it('the status field of a shard is never read: edited to compliant over drift still exits 1', async () => {
    const drifted = shards.find((s) => s.report.status === 'drift')!;
    const edited = { ...drifted.report, status: 'compliant', summary: { ...drifted.report.summary, findings: 0, error: 0, warning: 0, note: 0, waived: 0 } };
    const editedPath = join(work, 'edited-compliant.json');
    writeFileSync(editedPath, JSON.stringify(edited));
    const others = shards.filter((s) => s !== drifted).map((s) => s.path);
    const result = await runCli(['merge', '-c', desiredPath, '--format', 'json', editedPath, ...others], { env: env() });
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as Report).status).toBe('drift');
  });

  it('an account observed in error, with a shard saying "drift", exits 2, not 1', async () => {
    const shard = shards.find((s) => s.report.accounts.length > 0)!;
    const [first, ...rest] = shard.report.observations!.accounts;
    const edited = { ...shard.report, status: 'drift', observations: { ...shard.report.observations!, accounts: [{ ...first, status: 'error', error: 'HTTP 500', connectors: [] }, ...rest] } };
    const editedPath = join(work, 'edited-error.json');
    writeFileSync(editedPath, JSON.stringify(edited));
    const result = await runCli(['merge', '-c', desiredPath, editedPath, ...shards.filter((s) => s !== shard).map((s) => s.path)], { env: env() });
    expect(result.code).toBe(2);
  });

  it('a report observing one account twice is refused (exit 2)', async () => {
    const shard = shards.find((s) => s.report.accounts.length > 0)!;
    const observed = shard.report.observations!.accounts;
    const edited = { ...shard.report, observations: { ...shard.report.observations!, accounts: [...observed, observed[0]] } };
    const editedPath = join(work, 'edited-dup.json');
    writeFileSync(editedPath, JSON.stringify(edited));
    const result = await runCli(['merge', '-c', desiredPath, editedPath], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/account [0-9a-f]{32} is listed more than once/);
  });

  it('a shard whose accounts differ from the accounts it was given is refused', async () => {
    const shard = shards.find((s) => s.report.accounts.length > 1)!;
    const edited = { ...shard.report, shard: { ...shard.report.shard!, accounts: shard.report.shard!.accounts.slice(1) } };
    const editedPath = join(work, 'edited-shard.json');
    writeFileSync(editedPath, JSON.stringify(edited));
    const result = await runCli(['merge', '-c', desiredPath, editedPath], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/differ from the accounts it observed/);
  });

  it('shard 1/4 claiming an account the deal gives shard 3/4, with made-up compliant data, is exit 2', async () => {
    const [first, third] = [shards[0], shards[2]];
    const stolen = third.report.observations!.accounts[0];
    const madeUp = { ...stolen, connectors: [] as typeof stolen.connectors };
    const edited = {
      ...first.report,
      shard: { ...first.report.shard!, accounts: [...first.report.shard!.accounts, stolen.accountId] },
      observations: { ...first.report.observations!, accounts: [...first.report.observations!.accounts, madeUp] },
    };
    const editedPath = join(work, 'edited-stolen.json');
    writeFileSync(editedPath, JSON.stringify(edited));
    const result = await runCli(['merge', '-c', desiredPath, editedPath, shards[1].path, shards[3].path], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`holds account ${stolen.accountId}, which the deal gives to shard 3/4`);
    expect(result.stdout).toBe('');
  });

  it('a tampered shard (findings and checks deleted, status compliant) still merges to drift: findings are judged again', async () => {
    const drifted = shards.find((s) => s.report.findings.some((f) => !f.waived && f.severity === 'error'))!;
    const edited = { ...drifted.report, status: 'compliant', findings: [], accounts: drifted.report.accounts.map((a) => ({ ...a, checks: [] })) };
    const editedPath = join(work, 'edited-rejudged.json');
    writeFileSync(editedPath, JSON.stringify(edited));
    const result = await runCli(['merge', '-c', desiredPath, '--format', 'json', editedPath, ...shards.filter((s) => s !== drifted).map((s) => s.path)], { env: env() });
    expect(result.code).toBe(1);
    const merged = JSON.parse(result.stdout) as Report;
    const ids = new Set(drifted.report.accounts.map((a) => a.id));
    expect(merged.findings.filter((f) => ids.has(f.accountId))).toEqual(drifted.report.findings);
  });

  it('with more shards than accounts, the empty shards exit 0 and say so; the merge still needs every account', async () => {
    const count = ACCOUNTS + 2;
    const text = await runCli(['check', '-c', desiredPath, '--shard', `${count}/${count}`], { env: env() });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`✔ Shard ${count}/${count} holds no accounts`);
    expect(text.stdout).not.toMatch(/Compliant/);
    const empty = await checkToFile('empty.json', ['--shard', `${count}/${count}`]);
    expect(empty.code).toBe(0);
    expect(empty.report.shard).toEqual({ index: count, count, accounts: [] });
    expect(empty.report.observations?.accounts).toEqual([]);
    const merged = await runCli(['merge', '-c', desiredPath, '--format', 'json', empty.path], { env: env() });
    expect(merged.code).toBe(2);
    expect((JSON.parse(merged.stdout) as Report).accounts.every((a) => a.status === 'error')).toBe(true);
  });
});
