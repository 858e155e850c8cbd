// The pack as users get it: `npm pack` of policies/, unpacked into an empty directory, `npm install`
// there from the registry (nothing linked from this repository), started the way the Pulumi engine
// starts it (node_modules/@pulumi/pulumi/cmd/run-policy-pack) and driven over gRPC.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACK_DIR, POLICY_NAMES, startPack, type RunningPack } from '../../support/policy-pack';

const FIXTURE = path.join(__dirname, 'fixtures', 'sso-connectors.yaml');
const PROD = '023e105f4ecef8ad9ca31a8372d0c353';
const INSTALL_TIMEOUT_MS = 10 * 60_000;

function npm(args: string[], cwd: string): string {
  return execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the packed policy pack, installed in an empty directory', () => {
  let work: string;
  let installed: string;
  let packedFiles: string[];
  let pack: RunningPack;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cfsso-packed-'));
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], PACK_DIR)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packedFiles = packed[0].files.map((file) => file.path).sort();
    const unpackDir = path.join(work, 'unpacked');
    fs.mkdirSync(unpackDir);
    execFileSync('tar', ['-xzf', path.join(work, packed[0].filename), '-C', unpackDir]);
    installed = path.join(unpackDir, 'package');
    // From the registry (the npm cache may answer for it); only the pack's own dependencies.
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], installed);
    pack = await startPack({ CF_SSO_GUARD_CONFIG: FIXTURE }, installed);
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await pack?.close();
    if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
  });

  it('holds the compiled entry, PulumiPolicy.yaml, its README and package.json, and nothing from src/', () => {
    expect(packedFiles).toEqual(['PulumiPolicy.yaml', 'README.md', 'bin/index.js', 'bin/index.js.map', 'package.json']);
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@pulumi/cloudflare', '@pulumi/policy', '@pulumi/pulumi']);
    // Installed here, not reached through this repository's node_modules.
    const policyDir = fs.realpathSync(path.join(installed, 'node_modules', '@pulumi', 'policy'));
    expect(policyDir.startsWith(fs.realpathSync(installed))).toBe(true);
    expect(fs.lstatSync(path.join(installed, 'node_modules')).isSymbolicLink()).toBe(false);
  });

  it('starts and serves every policy with its metadata', async () => {
    expect(pack.firstLine).toMatch(/^\d+$/);
    const info = await pack.info();
    expect(info.getName()).toBe('cf-sso-guard');
    expect(info.getProvider()).toBe('cloudflare');
    expect(info.getReadme()).toContain('# cf-sso-guard policy pack');
    const policies = info.getPoliciesList();
    expect(policies.map((p) => p.getName()).sort()).toEqual(POLICY_NAMES);
    for (const policy of policies) {
      expect(policy.getFramework()?.getName(), policy.getName()).toBe('NIST SP 800-53');
      expect(policy.getRemediationSteps(), policy.getName()).toMatch(/CFSSO0\d\d/);
    }
  });

  it('passes a matching connector and rejects drift, in the words of the YAML', async () => {
    const ok = await pack.analyze({
      name: 'sso-production-corp-example-com',
      props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: true, useFedrampLanguage: true },
    });
    expect(ok.diagnostics).toEqual([]);
    const drift = await pack.analyze({
      name: 'sso-production-corp-example-com',
      props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: true, useFedrampLanguage: false },
    });
    expect(drift.diagnostics).toHaveLength(1);
    expect(drift.diagnostics[0]).toMatchObject({ policyName: 'sso-connector-settings', enforcementLevel: 'mandatory' });
    expect(drift.diagnostics[0].message).toContain('use_fedramp_language is false');
    const stack = await pack.analyzeStack([]);
    expect(stack.diagnostics.filter((d) => d.policyName === 'sso-connectors-complete').length).toBeGreaterThan(0);
  });

  it('remediates at enforcementLevel remediate', async () => {
    await pack.configure({ 'sso-connector-settings': { enforcementLevel: 'remediate' } });
    const result = await pack.remediate({
      name: 'sso-production-corp-example-com',
      props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: false, useFedrampLanguage: true },
    });
    expect(result.remediations.map((r) => [r.policyName, r.properties])).toEqual([
      ['sso-connector-settings', { accountId: PROD, emailDomain: 'corp.example.com', enabled: true, useFedrampLanguage: true }],
    ]);
    expect(await pack.waitForStderr('enabled false -> true')).toContain('"sso-production-corp-example-com"');
  });
});
