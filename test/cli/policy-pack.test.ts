// `policy-pack new DIR` as a function (the e2e test runs it from the installed tarball): the files it
// writes track the repository's pack and package.json, and it never writes into a directory with files.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PULUMI_POLICY_YAML, policyPackFiles, runPolicyPack } from '../../src/cli/commands/policy-pack';
import { UsageError } from '../../src/cli/errors';

const REPO_ROOT = join(__dirname, '..', '..');

const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; peerDependencies: Record<string, string>; devDependencies: Record<string, string> };

describe('policy-pack new', () => {
  it("writes the repository pack's PulumiPolicy.yaml and depends on this version and the Pulumi peers", () => {
    expect(PULUMI_POLICY_YAML).toBe(readFileSync(join(REPO_ROOT, 'policies', 'PulumiPolicy.yaml'), 'utf8'));
    const files = policyPackFiles('/work/My Policy Pack!');
    const manifest = JSON.parse(files['package.json']) as { name: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(manifest.name).toBe('my-policy-pack');
    expect(manifest.dependencies).toEqual({ ...root.peerDependencies, 'cf-sso-guard': `^${root.version}` });
    expect(manifest.devDependencies.typescript).toBe(root.devDependencies.typescript);
    expect(files['index.ts']).toMatch(/^import \{ createPolicyPack \} from 'cf-sso-guard\/policy';\n\ncreatePolicyPack\(\);$/m);
    expect(Object.keys(files).sort()).toEqual(['PulumiPolicy.yaml', 'README.md', 'index.ts', 'package.json', 'tsconfig.json']);
  });

  it('writes into a new or empty directory, and refuses one with files (nothing written)', () => {
    const base = mkdtempSync(join(tmpdir(), 'cf-sso-guard-pack-new-'));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(runPolicyPack(['new', join(base, 'fresh')])).toBe(0);
      expect(readdirSync(join(base, 'fresh')).sort()).toEqual(['PulumiPolicy.yaml', 'README.md', 'index.ts', 'package.json', 'tsconfig.json']);
      mkdirSync(join(base, 'empty'));
      expect(runPolicyPack(['new', join(base, 'empty')])).toBe(0);
      mkdirSync(join(base, 'used'));
      writeFileSync(join(base, 'used', 'index.ts'), 'mine');
      expect(() => runPolicyPack(['new', join(base, 'used')])).toThrow(UsageError);
      expect(readdirSync(join(base, 'used'))).toEqual(['index.ts']);
      expect(() => runPolicyPack(['create', join(base, 'x')])).toThrow(/the one action is "new"/);
      expect(() => runPolicyPack(['new'])).toThrow(/needs a directory/);
    } finally {
      write.mockRestore();
    }
  });
});
