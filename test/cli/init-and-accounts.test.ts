// init's file (modeline, name placeholders, counts), hints at flags that exist, --account by name, and the
// environment variables in --help and the README: the CLI as a process against the emulator.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cliEnv } from '../support/common';
import { loadSeedFile, startEmulator, type RunningEmulator } from '../../src/emulator';
import type { Report } from '../../src/core/types';
import { REPO_ROOT, runCli } from '../support/cli';

const TOKEN = 'cfut_SECRET-init-5Tg2Yh8Ko1Lp';
const PRODUCTION = '023e105f4ecef8ad9ca31a8372d0c353';
const GOV = '9a7806061c88ada191ed06f989cc3dac';
const EXAMPLE = 'examples/sso-connectors.yaml';
let emulator: RunningEmulator;
let work: string;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(REPO_ROOT, 'examples', 'demo-inventory.json')) });
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-init-'));
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => cliEnv(TOKEN, emulator.url, extra);

describe('init', () => {
  it('writes the schema modeline, a name placeholder per account, and counts what it wrote', async () => {
    const file = join(work, 'sso-connectors.yaml');
    const result = await runCli(['init', '--account', `${PRODUCTION},${GOV}`, '-o', file], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=https://cf-sso-guard.dev/schemas/desired-state-v1.json');
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'desired-state.schema.json'), 'utf8'));
    expect(text.split('\n')[0]).toContain(schema.$id);
    // One commented name: line under each account's id.
    expect(text.match(/^ {4}# name: /gm)).toHaveLength(2);
    expect(text).toMatch(new RegExp(`- id: ${PRODUCTION}\\n {4}# name: `));
    // gov has eu.example.com twice live: written once, and counted as written.
    const written = text.match(/email_domain:/g)?.length;
    expect(written).toBe(7);
    expect(result.stderr).toContain(`Wrote ${file}: 2 accounts, 7 connectors`);
    expect(result.stderr).toContain('more than one connector for eu.example.com');
    // The file loads, and the live state satisfies it.
    expect((await runCli(['validate', '-c', file])).code).toBe(0);
    // (gov's duplicate stays a finding: the file lists it once, the API has it twice.)
    expect((await runCli(['check', '-c', file, '--account', PRODUCTION], { env: env() })).code).toBe(0);
  });

  it('without a token, init and snapshot hint at no flag they lack; check offers --snapshot', async () => {
    for (const args of [['init', '--account', PRODUCTION], ['snapshot', '--account', PRODUCTION, '-o', join(work, 's.json')]]) {
      const result = await runCli(args, { env: { NO_COLOR: '1' } });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('CLOUDFLARE_API_TOKEN is not set');
      expect(result.stderr, args[0]).not.toContain('--snapshot');
    }
    const check = await runCli(['check', '-c', EXAMPLE], { env: { NO_COLOR: '1' } });
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('--snapshot FILE');
    // Every flag a hint names exists: check --help lists it.
    expect((await runCli(['check', '--help'])).stdout).toContain('--snapshot FILE');
  });
});

describe('--account by name', () => {
  it('accepts the name from the file as well as the id', async () => {
    const byName = await runCli(['check', '-c', EXAMPLE, '--account', 'gov', '--format', 'json'], { env: env() });
    const byId = await runCli(['check', '-c', EXAMPLE, '--account', GOV, '--format', 'json'], { env: env() });
    expect(byName.stderr).toBe('');
    const accountsOf = (stdout: string) => (JSON.parse(stdout) as Report).accounts.map((a) => a.id);
    expect(accountsOf(byName.stdout)).toEqual([GOV]);
    expect(accountsOf(byId.stdout)).toEqual([GOV]);
    const both = await runCli(['check', '-c', EXAMPLE, '--account', 'Production,gov', '--format', 'json'], { env: env() });
    expect(accountsOf(both.stdout)).toEqual([PRODUCTION, GOV]);
  });

  it('an unknown name says which names exist, with a did-you-mean, before any request', async () => {
    const result = await runCli(['check', '-c', EXAMPLE, '--account', 'prodution'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--account "prodution" is neither the id nor the name of an account in examples/sso-connectors.yaml; did you mean "production"?');
    expect(result.stderr).toContain('Names there: production, gov.');
    expect(emulator.stats().totalRequests).toBe(0);
  });
});

describe('markdown for a sticky pull-request comment', () => {
  it('starts with the hidden marker line a workflow finds its one comment by', async () => {
    const result = await runCli(['check', '-c', EXAMPLE, '--format', 'markdown'], { env: env() });
    expect(result.code).toBe(1);
    const [marker, heading] = result.stdout.split('\n');
    expect(marker).toBe('<!-- cf-sso-guard:report -->');
    expect(heading).toMatch(/^### .* cf-sso-guard: Drift$/);
    // The same line starts the job summary under GitHub Actions.
    const summary = join(work, 'summary.md');
    await runCli(['check', '-c', EXAMPLE, '-q'], { env: env({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }) });
    expect(readFileSync(summary, 'utf8').split('\n')[0]).toBe('<!-- cf-sso-guard:report -->');
  });
});

describe('environment variables are documented', () => {
  const VARIABLES = ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_BASE_URL', 'CF_SSO_GUARD_CONFIG', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'NODE_EXTRA_CA_CERTS', 'NO_COLOR', 'FORCE_COLOR', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'CF_SSO_GUARD_DEBUG', 'DEBUG'];

  it('every variable the CLI reads is in --help and in the README', async () => {
    const help = (await runCli(['--help'])).stdout;
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    // The list above is the code's: each one is read somewhere under src/.
    for (const name of VARIABLES) {
      expect(help, name).toContain(name);
      expect(readme, name).toContain(`\`${name}\``);
    }
  });
});
