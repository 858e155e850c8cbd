// The package as a user installs it: `npm pack`, then the tarball into an empty project. The
// installed binary validates and checks against the emulator, the demo runs from the install, and
// node_modules grows by at most 15 MB (the README quotes the figure this test prints).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoTokenLeak } from '../support/common';
import { loadSeedFile, startEmulator, type RunningEmulator } from '../../src/emulator';
import { REPO_ROOT } from '../support/cli';
import { directorySize, installTarball, packTarball, type PackedFile } from '../support/package';

const TOKEN = 'cfut_SECRET-package-3Hn8Qe5Zr1Vb';
const MAX_INSTALL_BYTES = 15 * 1024 * 1024;

let files: PackedFile[];
let project: string;
let emulator: RunningEmulator;

/** `npx cf-sso-guard ...` in the user's project, as a process. */
function npx(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--offline', '--no-install', 'cf-sso-guard', ...args], {
      cwd: project,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', npm_config_update_notifier: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  const packed = packTarball();
  files = packed.files;
  project = installTarball(packed.tarball);
  copyFileSync(join(REPO_ROOT, 'examples', 'sso-connectors.yaml'), join(project, 'sso-connectors.yaml'));
  emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(REPO_ROOT, 'examples', 'demo-inventory.json')) });
}, 180_000);
afterAll(async () => {
  await emulator?.close();
});

describe('the npm package', () => {
  it('is publishable: not private, Apache-2.0 with the licence text, a bin, no runtime dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'cf-sso-guard', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('Apache-2.0');
    expect(readFileSync(join(project, 'node_modules', 'cf-sso-guard', 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(manifest.bin).toEqual({ 'cf-sso-guard': 'dist/cli.js' });
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.engines).toEqual({ node: '^22.12 || ^24 || >=26' });
  });

  it('ships the built CLI and nothing tied to one Node version, no sources, no tests', () => {
    const paths = files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/main.js', 'dist/sdk.js', 'dist/THIRD_PARTY_LICENSES.txt', 'LICENSE', 'README.md', 'schemas/desired-state.schema.json', 'examples/demo-inventory.json']));
    // V8 code caches, native addons and snapshots are only valid for the Node (or V8) that made them.
    expect(paths.filter((path) => /\.(v8cache|node|blob|bin)$/.test(path) || /cache/i.test(path))).toEqual([]);
    expect(paths.filter((path) => /^(src|test|bench|policies|scripts|node_modules)\//.test(path))).toEqual([]);
  });

  it(`adds at most ${MAX_INSTALL_BYTES / 1024 / 1024} MB to node_modules`, () => {
    const bytes = directorySize(join(project, 'node_modules'));
    process.stdout.write(`installed package size: node_modules of a new project grows by ${(bytes / 1024 / 1024).toFixed(2)} MB\n`);
    expect(bytes).toBeGreaterThan(500_000);
    expect(bytes).toBeLessThanOrEqual(MAX_INSTALL_BYTES);
    expect(existsSync(join(project, 'node_modules', '@pulumi'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'cloudflare'))).toBe(false);
  });

  it('npx cf-sso-guard validate accepts the example and rejects a broken file with exit 2', async () => {
    const valid = await npx(['validate', '-c', 'sso-connectors.yaml']);
    expect(valid.stderr).toBe('');
    expect(valid.stdout).toMatch(/sso-connectors\.yaml: valid/);
    expect(valid.code).toBe(0);
    const missing = await npx(['validate', '-c', 'no-such-file.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-file.yaml');
  });

  it('npx cf-sso-guard check reads the emulator through the bundled SDK and reports the drift (exit 1)', async () => {
    const result = await npx(['check', '-c', 'sso-connectors.yaml', '--format', 'json'], { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url });
    expectNoTokenLeak(TOKEN, { stdout: result.stdout, stderr: result.stderr });
    const report = JSON.parse(result.stdout) as { status: string; accounts: Array<{ status: string }>; summary: { findings: number } };
    expect(report.status).toBe('drift');
    expect(report.accounts.map((account) => account.status)).toEqual(['ok', 'ok']);
    expect(report.summary.findings).toBeGreaterThan(0);
    expect(result.code).toBe(1);
    expect(emulator.stats().totalRequests).toBeGreaterThan(0);
  });

  it('npx cf-sso-guard demo runs the bundled emulator from the install', async () => {
    const result = await npx(['demo']);
    expect(result.stdout + result.stderr).toContain('Demo finished');
    expect(result.stderr).toContain('run `npx cf-sso-guard check -c your-file.yaml`');
    expect(result.code).toBe(0);
  });
});
