// Pulumi users who never clone this repository, the hard way: `npm pack`, the tarball installed into
// an empty project (no Pulumi package comes with it), `npx cf-sso-guard policy-pack new pack`,
// `npm install` in the pack, the pack started the way the Pulumi CLI starts one and driven over
// gRPC (it must serve what the repository's pack serves), and a program using `cf-sso-guard/pulumi`
// from the installed package under pulumi.runtime.setMocks.
//
// Offline-fast: the pack's dependency on cf-sso-guard is pointed at the tarball (it is not on the
// registry as this version), the rest comes from the npm cache (`--prefer-offline`), as in
// test/policies/packed.test.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULUMI_POLICY_YAML } from '../../src/cli/commands/policy-pack';
import { PACK_DIR, POLICY_NAMES, startPack, type RunningPack } from '../../support/policy-pack';
import { REPO_ROOT } from '../support/cli';
import { directorySize, installTarball, packTarball } from '../support/package';

const FIXTURE = path.join(REPO_ROOT, 'test', 'policies', 'fixtures', 'sso-connectors.yaml');
/** The program tests' file: one entry omits `enabled` (a provider-default warning). */
const PROGRAM_FIXTURE = path.join(REPO_ROOT, 'test', 'pulumi', 'fixtures', 'sso-connectors.yaml');
const PROD = '023e105f4ecef8ad9ca31a8372d0c353';
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; peerDependencies: Record<string, string> };

let tarball: string;
let project: string;
let packDir: string;
let scaffold: { code: number | null; stdout: string; stderr: string };
let pack: RunningPack;
let reference: RunningPack;

function npm(args: string[], cwd: string): string {
  return execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(async () => {
  tarball = packTarball().tarball;
  project = installTarball(tarball);
  const run = spawnSync('npx', ['--offline', '--no-install', 'cf-sso-guard', 'policy-pack', 'new', 'pack'], {
    cwd: project,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_update_notifier: 'false' },
  });
  scaffold = { code: run.status, stdout: run.stdout, stderr: run.stderr };
  packDir = path.join(project, 'pack');
  const written = JSON.parse(fs.readFileSync(path.join(packDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  fs.writeFileSync(path.join(packDir, 'package.json.as-written'), JSON.stringify(written));
  written.dependencies['cf-sso-guard'] = `file:${tarball}`;
  fs.writeFileSync(path.join(packDir, 'package.json'), `${JSON.stringify(written, null, 2)}\n`);
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], packDir);
  [pack, reference] = await Promise.all([startPack({ CF_SSO_GUARD_CONFIG: FIXTURE }, packDir), startPack({ CF_SSO_GUARD_CONFIG: FIXTURE })]);
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([pack?.close(), reference?.close()]);
});

describe('a CLI-only install', () => {
  it('brings no Pulumi package and stays a few MB', () => {
    expect(fs.existsSync(path.join(project, 'node_modules', '@pulumi'))).toBe(false);
    const installed = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'cf-sso-guard', 'package.json'), 'utf8')) as {
      peerDependenciesMeta: Record<string, { optional: boolean }>;
      exports: Record<string, unknown>;
    };
    expect(Object.keys(installed.peerDependenciesMeta).sort()).toEqual(['@pulumi/cloudflare', '@pulumi/policy', '@pulumi/pulumi']);
    expect(Object.values(installed.peerDependenciesMeta).every((meta) => meta.optional)).toBe(true);
    expect(Object.keys(installed.exports)).toEqual(expect.arrayContaining(['./pulumi', './policy']));
    const bytes = directorySize(path.join(project, 'node_modules'));
    process.stdout.write(`CLI-only install: ${(bytes / 1024 / 1024).toFixed(2)} MB\n`);
    expect(bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
  });
});

describe('cf-sso-guard policy-pack new pack (from the installed tarball)', () => {
  it('writes a standalone pack: PulumiPolicy.yaml, package.json on cf-sso-guard and @pulumi/policy, index.ts, README', () => {
    expect(scaffold.code, scaffold.stderr).toBe(0);
    expect(fs.readdirSync(packDir).filter((name) => !['node_modules', 'package-lock.json', 'package.json.as-written'].includes(name)).sort()).toEqual([
      'PulumiPolicy.yaml',
      'README.md',
      'index.ts',
      'package.json',
      'tsconfig.json',
    ]);
    const written = JSON.parse(fs.readFileSync(path.join(packDir, 'package.json.as-written'), 'utf8')) as { dependencies: Record<string, string> };
    expect(written.dependencies).toEqual({
      'cf-sso-guard': `^${manifest.version}`,
      '@pulumi/policy': manifest.peerDependencies['@pulumi/policy'],
      '@pulumi/pulumi': manifest.peerDependencies['@pulumi/pulumi'],
      '@pulumi/cloudflare': manifest.peerDependencies['@pulumi/cloudflare'],
    });
    expect(fs.readFileSync(path.join(packDir, 'index.ts'), 'utf8')).toContain("from 'cf-sso-guard/policy'");
    expect(fs.readFileSync(path.join(packDir, 'PulumiPolicy.yaml'), 'utf8')).toBe(fs.readFileSync(path.join(PACK_DIR, 'PulumiPolicy.yaml'), 'utf8'));
    expect(PULUMI_POLICY_YAML).toBe(fs.readFileSync(path.join(PACK_DIR, 'PulumiPolicy.yaml'), 'utf8'));
    expect(fs.readFileSync(path.join(packDir, 'README.md'), 'utf8')).toMatch(/pulumi preview --policy-pack[\s\S]*pulumi policy publish[\s\S]*\*\*audit\*\* policy group/);
  });

  it('refuses to write into a directory that is not empty (exit 2), changing nothing', () => {
    const before = fs.readFileSync(path.join(packDir, 'index.ts'), 'utf8');
    const again = spawnSync('npx', ['--offline', '--no-install', 'cf-sso-guard', 'policy-pack', 'new', 'pack'], { cwd: project, encoding: 'utf8' });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('pack is not empty');
    expect(fs.readFileSync(path.join(packDir, 'index.ts'), 'utf8')).toBe(before);
  });

  it("after npm install, starts as the Pulumi CLI starts a pack and serves the repository pack's policies, metadata and config schemas", async () => {
    expect(pack.firstLine).toMatch(/^\d+$/);
    const [mine, theirs] = await Promise.all([pack.info(), reference.info()]);
    expect(mine.getPoliciesList().map((policy) => policy.getName()).sort()).toEqual(POLICY_NAMES);
    // Field for field what the repository's pack says: name, description, levels, severity,
    // framework, tags, remediation steps, URL and config schema of every policy.
    expect(mine.toObject()).toEqual(theirs.toObject());
  });

  it('passes a matching connector, rejects drift in the words of the YAML, and remediates', async () => {
    const ok = await pack.analyze({ name: 'sso-production-corp-example-com', props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: true, useFedrampLanguage: true } });
    expect(ok.diagnostics).toEqual([]);
    const drift = await pack.analyze({ name: 'sso-production-corp-example-com', props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: true, useFedrampLanguage: false } });
    expect(drift.diagnostics.map((d) => [d.policyName, d.enforcementLevel])).toEqual([['sso-connector-settings', 'mandatory']]);
    expect(drift.diagnostics[0].message).toContain('use_fedramp_language is false');
    const stack = await pack.analyzeStack([]);
    expect(stack.diagnostics.filter((d) => d.policyName === 'sso-connectors-complete').length).toBeGreaterThan(0);
    await pack.configure({ 'sso-connector-settings': { enforcementLevel: 'remediate' } });
    const fixed = await pack.remediate({ name: 'sso-production-corp-example-com', props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: false, useFedrampLanguage: true } });
    expect(fixed.remediations.map((r) => [r.policyName, r.properties])).toEqual([
      ['sso-connector-settings', { accountId: PROD, emailDomain: 'corp.example.com', enabled: true, useFedrampLanguage: true }],
    ]);
  });
});

describe('cf-sso-guard/pulumi from the installed package', () => {
  it('declares the file\'s connectors as children of an SsoConnectors component under setMocks, with the provider-default warnings and adoption of existing connectors', () => {
    // A program in the pack's project (it has @pulumi/pulumi and @pulumi/cloudflare installed), run as
    // its own process so `require('cf-sso-guard/pulumi')` goes through the installed package's exports.
    const program = path.join(packDir, 'program.js');
    fs.writeFileSync(
      program,
      `const pulumi = require('@pulumi/pulumi');
const registered = [];
pulumi.runtime.setMocks({
  newResource: (args) => { registered.push({ type: args.type, name: args.name, inputs: args.inputs, id: args.id }); return { id: args.name + '-id', state: args.inputs }; },
  call: (args) => args.inputs,
}, 'user-project', 'dev', false);
const warnings = [];
const originalWarn = pulumi.log.warn;
pulumi.log.warn = (message, resource) => { warnings.push(message); return originalWarn.call(pulumi.log, message, resource); };
const { SsoConnectors } = require('cf-sso-guard/pulumi');
const sso = new SsoConnectors('sso', { desiredState: process.argv[2], import: { resources: [{ type: 'cloudflare:index/ssoConnector:SsoConnector', name: 'sso-production-eu-corp-example-com', id: '${PROD}/existing-1' }] } });
setTimeout(() => process.stdout.write(JSON.stringify({ registered, warnings, file: sso.desiredStateFile, sha: sso.desiredStateSha256, names: sso.connectors.map((c) => c.resourceName) })), 1500);
`,
    );
    const run = spawnSync(process.execPath, [program, PROGRAM_FIXTURE], { cwd: packDir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { registered: Array<{ type: string; name: string; inputs: Record<string, unknown>; id?: string }>; warnings: string[]; names: string[]; sha: string };
    const connectors = out.registered.filter((resource) => resource.type === 'cloudflare:index/ssoConnector:SsoConnector');
    expect(out.registered.find((resource) => resource.type === 'cf-sso-guard:index:SsoConnectors')?.name).toBe('sso');
    expect(connectors.map((resource) => resource.name).sort()).toEqual([...out.names].sort());
    expect(connectors.map((resource) => resource.name).sort()).toEqual(['sso-9a780606-xn--bcher-kva-example', 'sso-production-eu-corp-example-com', 'sso-production-eu-example-com']);
    expect(connectors.find((resource) => resource.name === 'sso-production-eu-corp-example-com')).toMatchObject({
      inputs: { accountId: PROD, emailDomain: 'corp.example.com', enabled: true, useFedrampLanguage: true },
      id: `${PROD}/existing-1`,
    });
    expect(out.sha).toMatch(/^[0-9a-f]{64}$/);
    // Only adopted where the import file says so.
    expect(connectors.filter((resource) => resource.id !== undefined && resource.id !== '').map((resource) => resource.name)).toEqual(['sso-production-eu-corp-example-com']);
    // The entry that omits enabled is warned about (the provider's default applies), with its file:line.
    expect(out.warnings).toEqual([expect.stringMatching(/sso-connectors\.yaml:\d+:\d+: enabled is not declared for email_domain xn--bcher-kva\.example.*"sso-9a780606-xn--bcher-kva-example".*provider's default/)]);
  });

  it('type-checks a TypeScript program and the pack against the installed declarations (the pack\'s own TypeScript)', () => {
    fs.writeFileSync(
      path.join(packDir, 'program-typed.ts'),
      `import { SsoConnectors, providerDefaultWarnings, type SsoConnectorsArgs } from 'cf-sso-guard/pulumi';
const args: SsoConnectorsArgs = { desiredState: 'sso-connectors.yaml', import: { 'sso-production-example-com': '${PROD}/abc' } };
const sso = new SsoConnectors('sso', args);
export const names: string[] = sso.connectors.map((c) => c.resourceName);
export const ids = sso.connectors.map((c) => c.connector.id);
export const warnings: string[] = sso.plans.flatMap(providerDefaultWarnings);
`,
    );
    fs.writeFileSync(path.join(packDir, 'program-typed.bad.ts'), `import { SsoConnectors } from 'cf-sso-guard/pulumi';\nnew SsoConnectors('sso', { desiredStat: 'x.yaml' });\n`);
    const tsc = path.join(packDir, 'node_modules', 'typescript', 'bin', 'tsc');
    const options = ['--ignoreConfig', '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'ES2022', '--types', 'node'];
    const good = spawnSync(process.execPath, [tsc, ...options, 'program-typed.ts', 'index.ts'], { cwd: packDir, encoding: 'utf8' });
    expect(good.status, good.stdout + good.stderr).toBe(0);
    // The declarations are not `any`: a misspelt argument is a type error.
    const bad = spawnSync(process.execPath, [tsc, ...options, 'program-typed.bad.ts'], { cwd: packDir, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain("'desiredStat' does not exist");
  });
});
