// The package as users get it: `npm pack` of this repository, installed from the tarball into an
// empty project. The tarball has no dependencies, so the install works offline.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './cli';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** npm with a private cache and no user config, so nothing on the machine changes what it does. */
export function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(NPM, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_cache: join(tmpdir(), 'cf-sso-guard-npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...env },
  });
}

export interface PackedFile {
  path: string;
  size: number;
}

/** `npm pack` of the repository (dist/ is built by the e2e global setup; no scripts run here). */
export function packTarball(): { tarball: string; files: PackedFile[] } {
  const destination = mkdtempSync(join(tmpdir(), 'cf-sso-guard-pack-'));
  const out = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', destination], REPO_ROOT);
  const [result] = JSON.parse(out) as Array<{ filename: string; files: PackedFile[] }>;
  return { tarball: join(destination, result.filename), files: result.files };
}

/** A new, empty npm project with the tarball installed (offline: it may only need the tarball). */
export function installTarball(tarball: string): string {
  const project = mkdtempSync(join(tmpdir(), 'cf-sso-guard-user-'));
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }, null, 2)}\n`);
  npm(['install', '--offline', '--no-package-lock', tarball], project);
  return project;
}

/** Bytes of every file under `dir` (apparent sizes, what the install adds to the disk). */
export function directorySize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) total += directorySize(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(dir, { recursive: true });
  return dir;
}
