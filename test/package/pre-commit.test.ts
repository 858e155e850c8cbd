// The pre-commit hook of .pre-commit-hooks.yaml, run by pre-commit itself (when installed: Debian's
// `pre-commit`), offline: the hook's own fields as a `repo: local` hook whose node environment gets the
// packed tarball as its additional dependency (the README's recipe, with the registry's package).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { REPO_ROOT } from '../support/cli';
import { packTarball } from '../support/package';

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const available = preCommit.status === 0;
if (!available) process.stderr.write('SKIPPED the pre-commit hook test (test/package/pre-commit.test.ts): pre-commit is not installed. To run it: apt-get install -y pre-commit\n');

describe.skipIf(!available)('the pre-commit hook, run by pre-commit', () => {
  let repo: string;
  let home: string;

  beforeAll(() => {
    const [hook] = YAML.parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
    repo = mkdtempSync(join(tmpdir(), 'cf-sso-guard-pre-commit-'));
    home = mkdtempSync(join(tmpdir(), 'cf-sso-guard-pre-commit-home-'));
    execFileSync('git', ['init', '-q', repo]);
    copyFileSync(join(REPO_ROOT, 'examples', 'sso-connectors.yaml'), join(repo, 'sso-connectors.yaml'));
    const config = { repos: [{ repo: 'local', hooks: [{ ...hook, additional_dependencies: [packTarball().tarball] }] }] };
    writeFileSync(join(repo, '.pre-commit-config.yaml'), YAML.stringify(config));
    execFileSync('git', ['add', '-A'], { cwd: repo });
  }, 120_000);

  const run = () =>
    spawnSync('pre-commit', ['run', '--all-files', '--color', 'never'], {
      cwd: repo,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PRE_COMMIT_HOME: home, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
    });

  it('passes a valid desired-state file', () => {
    const result = run();
    expect(result.stdout).toMatch(/cf-sso-guard validate\.+Passed/);
    expect(result.status).toBe(0);
  });

  it("fails an invalid one with validate's own message and exit code 2", () => {
    writeFileSync(join(repo, 'sso-connectors.yaml'), 'version: 1\naccounts: oops\n');
    const result = run();
    expect(result.stdout).toMatch(/cf-sso-guard validate\.+Failed/);
    expect(result.stdout).toContain('exit code: 2');
    expect(result.stdout).toContain('sso-connectors.yaml:2:11: accounts: expected a list');
    expect(result.status).toBe(1);
  });

  it('validates each matched file, in any folder: a broken infra/sso-connectors.yaml fails although the root file is valid', () => {
    copyFileSync(join(REPO_ROOT, 'examples', 'sso-connectors.yaml'), join(repo, 'sso-connectors.yaml'));
    mkdirSync(join(repo, 'infra'), { recursive: true });
    writeFileSync(join(repo, 'infra', 'sso-connectors.yaml'), 'version: 1\naccounts: oops\n');
    execFileSync('git', ['add', '-A'], { cwd: repo });
    const result = run();
    expect(result.stdout).toMatch(/cf-sso-guard validate\.+Failed/);
    expect(result.stdout).toContain('infra/sso-connectors.yaml:2:11: accounts: expected a list');
    expect(result.stdout).toMatch(/^sso-connectors\.yaml: valid/m);
    expect(result.status).toBe(1);
  });
});
