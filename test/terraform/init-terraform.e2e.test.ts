// `cf-sso-guard init --terraform FILE.tf` as a process against the emulator: the file parses as HCL and,
// read back, declares exactly the live connectors (duplicates included) with the provider's import ids.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedFile, startEmulator, type RunningEmulator } from '../../src/emulator';
import { REPO_ROOT, runCli } from '../support/cli';
import { readBack } from './hcl-readback';

const TOKEN = 'cfut_SECRET-init-terraform-8Jd3';
const SEED = join(REPO_ROOT, 'examples', 'demo-inventory.json');
const PRODUCTION = '023e105f4ecef8ad9ca31a8372d0c353';
const GOV = '9a7806061c88ada191ed06f989cc3dac';

let emulator: RunningEmulator;
let work: string;
beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(SEED) });
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-init-tf-'));
});
afterAll(async () => {
  await emulator?.close();
});

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1', ...extra });

interface SeedConnector {
  id: string;
  email_domain: string;
  enabled: boolean;
  use_fedramp_language: boolean;
}

describe('init --terraform', () => {
  it('writes import and resource blocks that declare exactly the live connectors', async () => {
    const tf = join(work, 'sso.tf');
    const yaml = join(work, 'sso.yaml');
    const result = await runCli(['init', '--account', `${PRODUCTION},${GOV}`, '-o', yaml, '--terraform', tf], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Wrote ${tf}: 8 import blocks with matching resources`);
    const text = readFileSync(tf, 'utf8');
    expect(text).not.toContain(TOKEN);
    const seed = JSON.parse(readFileSync(SEED, 'utf8')) as { accounts: Record<string, { connectors: SeedConnector[] }> };
    const live = [PRODUCTION, GOV].flatMap((account) =>
      seed.accounts[account].connectors.map((c) => ({ importId: `${account}/${c.id}`, account_id: account, email_domain: c.email_domain, enabled: c.enabled, use_fedramp_language: c.use_fedramp_language })),
    );
    const declared = (await readBack(text)).map(({ name: _name, ...rest }) => rest);
    const byId = (a: { importId: string }, b: { importId: string }): number => (a.importId < b.importId ? -1 : 1);
    expect(declared.sort(byId)).toEqual(live.sort(byId));
    // The same live state, the same file (but for the time it was written).
    const again = join(work, 'again.tf');
    expect((await runCli(['init', '--account', `${PRODUCTION},${GOV}`, '--terraform', again], { env: env() })).code).toBe(0);
    const body = (t: string): string => t.split('\n').slice(1).join('\n');
    expect(body(readFileSync(again, 'utf8'))).toBe(body(text));
  });

  it('refuses to overwrite without --force, and writes nothing when an account cannot be read', async () => {
    const tf = join(work, 'exists.tf');
    writeFileSync(tf, '# mine\n');
    const refused = await runCli(['init', '--account', PRODUCTION, '--terraform', tf], { env: env() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists; pass --force');
    expect(readFileSync(tf, 'utf8')).toBe('# mine\n');
    const unread = join(work, 'unread.tf');
    const failed = await runCli(['init', '--account', PRODUCTION, '--terraform', unread], { env: env({ CLOUDFLARE_API_TOKEN: 'wrong-token' }) });
    expect(failed.code).toBe(2);
    expect(existsSync(unread)).toBe(false);
  });
});
