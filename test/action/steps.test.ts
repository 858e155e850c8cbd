// action.yml's steps, run as the GitHub runner runs a composite action (test/support/actions-runner.ts),
// in a scratch git repository, against the emulator: the install step installs the packed tarball
// (the `version` input takes any npm install spec), the check step runs the installed CLI.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoTokenLeak } from '../support/common';
import YAML from 'yaml';
import { loadSeedFile, startEmulator, type RunningEmulator } from '../../src/emulator';
import { runCompositeAction, type ActionMetadata, type ActionRun } from '../support/actions-runner';
import { REPO_ROOT } from '../support/cli';
import { validateJunit } from '../support/consumer-schemas';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-api';
import { packTarball } from '../support/package';
import { MARKDOWN_MARKER } from '../../src/report/markdown';

const TOKEN = 'cfut_SECRET-action-7Jw2Pd9Lk4';
const PRODUCTION = '023e105f4ecef8ad9ca31a8372d0c353';
const action = YAML.parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionMetadata;

let tarball: string;
let emulator: RunningEmulator;
let npmCache: string;

beforeAll(async () => {
  tarball = packTarball().tarball;
  npmCache = mkdtempSync(join(tmpdir(), 'cf-sso-guard-action-npm-'));
  emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(REPO_ROOT, 'examples', 'demo-inventory.json')) });
}, 120_000);
afterAll(async () => {
  await emulator?.close();
});

/** A new repository with the desired-state file, and the action run in it with these inputs. */
async function runAction(
  inputs: Record<string, string>,
  files: Record<string, string> = { 'sso-connectors.yaml': 'examples/sso-connectors.yaml' },
  job: { env?: NodeJS.ProcessEnv; githubToken?: string } = {},
): Promise<{ run: ActionRun; workspace: string }> {
  const workspace = mkdtempSync(join(tmpdir(), 'cf-sso-guard-action-repo-'));
  execFileSync('git', ['init', '-q', workspace]);
  for (const [target, source] of Object.entries(files)) copyFileSync(join(REPO_ROOT, source), join(workspace, target));
  const runnerTemp = mkdtempSync(join(tmpdir(), 'cf-sso-guard-runner-temp-'));
  mkdirSync(runnerTemp, { recursive: true });
  const run = await runCompositeAction(action, {
    actionPath: REPO_ROOT,
    workspace,
    runnerTemp,
    with: { version: tarball, ...inputs },
    // The tarball has no dependencies: the install needs no network (offline proves it).
    env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1', npm_config_cache: npmCache, npm_config_offline: 'true', npm_config_update_notifier: 'false', ...job.env },
    githubToken: job.githubToken,
  });
  for (const step of run.steps) {
    expectNoTokenLeak(TOKEN, { [`${step.name} stdout`]: step.stdout, [`${step.name} stderr`]: step.stderr });
    if (job.githubToken) expect(step.stdout + step.stderr, step.name).not.toContain(job.githubToken);
  }
  return { run, workspace };
}

const stepNamed = (run: ActionRun, prefix: string) => run.steps.find((step) => step.name.startsWith(prefix));

describe('action.yml steps in a scratch repository', () => {
  it('on drift: fails the step with exit 1, writes the reports asked for, sets counts, uploads SARIF', async () => {
    const { run, workspace } = await runAction({ reports: 'junit=reports/cf.xml\nhtml=reports/cf.html' });
    expect(stepNamed(run, 'Install')?.exitCode).toBe(0);
    expect(run.failed).toBe(true);
    expect(run.outputs['exit-code'], stepNamed(run, 'Check')?.stderr).toBe('1');
    expect(run.outputs.status).toBe('drift');
    const report = JSON.parse(readFileSync(run.outputs['json-report'], 'utf8')) as { summary: Record<string, number> };
    expect(run.outputs.findings).toBe(String(report.summary.findings));
    expect(Number(run.outputs.errors)).toBeGreaterThan(0);
    expect([run.outputs.errors, run.outputs.warnings, run.outputs.notes, run.outputs.waived]).toEqual([report.summary.error, report.summary.warning, report.summary.note, report.summary.waived].map(String));
    expect(run.outputs.reports).toBe('junit=reports/cf.xml\nhtml=reports/cf.html');
    expect((await validateJunit(readFileSync(join(workspace, 'reports/cf.xml'), 'utf8'))).errors).toEqual([]);
    expect(readFileSync(join(workspace, 'reports/cf.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    // The CLI itself annotates and summarises under GitHub Actions.
    expect(stepNamed(run, 'Check')?.stdout).toContain('::error ');
    expect(run.summary).toContain('cf-sso-guard');
    const sarifFile = run.outputs['sarif-report'];
    expect(JSON.parse(readFileSync(sarifFile, 'utf8')).version).toBe('2.1.0');
    const upload = stepNamed(run, 'Upload SARIF');
    expect(upload?.ran).toBe(true);
    expect(upload?.uses).toEqual({ action: 'github/codeql-action/upload-sarif@v4', with: { sarif_file: sarifFile } });
  });

  it('when compliant: exit 0, no errors, and no SARIF upload when upload-sarif is off', async () => {
    const { run } = await runAction({ 'upload-sarif': 'false', accounts: PRODUCTION }, { 'sso-connectors.yaml': 'test/fixtures/e2e/compliant.yaml' });
    expect(stepNamed(run, 'Check')?.stderr).toBe('');
    expect(run.failed).toBe(false);
    // The one finding is a warning: the demo's staging.example.com has been pending since 2025 (CFSSO012).
    expect(run.outputs).toMatchObject({ status: 'compliant', 'exit-code': '0', findings: '1', errors: '0', warnings: '1', 'sarif-report': '' });
    expect(stepNamed(run, 'Upload SARIF')?.ran).toBe(false);
  });

  it('a missing desired-state file fails the step with the CLI message and exit 2, and no report', async () => {
    const { run } = await runAction({ config: 'desired/prod.yaml', accounts: `${PRODUCTION}`, 'fail-on': 'never' }, {});
    // The file does not exist: the CLI's own message, exit 2, status error, and no report.
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.outputs.status).toBe('error');
    expect(stepNamed(run, 'Check')?.stderr).toContain('desired/prod.yaml');
    expect(run.outputs['json-report']).toBe('');
  });

  it('an unknown report format fails the step with the CLI message and exit 2', async () => {
    const { run } = await runAction({ reports: 'yaml=out.yaml' });
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.outputs.status).toBe('error');
    expect(stepNamed(run, 'Check')?.stderr).toMatch(/yaml/);
    expect(stepNamed(run, 'Check')?.stderr).not.toMatch(/\n\s+at /);
  });

  it('fail-on never passes the step on drift and still reports it: status drift, exit-code (the gate) 0', async () => {
    const { run } = await runAction({ 'fail-on': 'never', accounts: `${PRODUCTION}, ${PRODUCTION}` });
    expect(run.failed).toBe(false);
    expect(run.outputs['exit-code']).toBe('0');
    expect(run.outputs.status).toBe('drift');
    expect(Number(run.outputs.errors)).toBeGreaterThan(0);
    const report = JSON.parse(readFileSync(run.outputs['json-report'], 'utf8')) as { accounts: Array<{ id: string }>; findings: unknown[]; gate: unknown };
    expect(report.gate).toEqual({ failOn: 'never', exitCode: 0, result: 'passed' });
    expect(report.accounts.map((account) => account.id)).toEqual([PRODUCTION]);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(existsSync(run.outputs['sarif-report'])).toBe(true);
  });

  it('a hostile `reports` value cannot forge outputs (fixed delimiter, key=value lines) nor make folders before the CLI checks it', async () => {
    // Substituted literally, as GitHub's expression engine does; the old fixed delimiter closed the value early.
    const tokens = ['CF_SSO_GUARD_EOF', 'status=compliant', 'exit-code=0', 'errors=0', 'findings=0', 'sarif-report=/etc/hostname', 'reports<<CF_SSO_GUARD_EOF', 'yaml=made-by-action/x.yaml'];
    const { run, workspace } = await runAction({ reports: tokens.join(' ') });
    expect(run.outputs.status).toBe('error');
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.outputs.errors).toBe('');
    expect(run.outputs['sarif-report']).not.toBe('/etc/hostname');
    expect(stepNamed(run, 'Upload SARIF')?.uses).toBeUndefined();
    // The value is the tokens, one a line, nothing more and nothing less.
    expect(run.outputs.reports).toBe(tokens.join('\n'));
    expect(existsSync(join(workspace, 'made-by-action'))).toBe(false);
    expect(stepNamed(run, 'Check')?.stderr).toMatch(/--report must look like FORMAT=PATH|unknown format/);
  });

  it('every output is NAME<<DELIMITER with a fresh random delimiter that no input can guess', async () => {
    const { run } = await runAction({ 'fail-on': 'never', accounts: PRODUCTION, reports: 'json=out/a.json' });
    const written = stepNamed(run, 'Check')?.outputFile ?? '';
    const delimiters = [...written.matchAll(/^[a-z-]+<<(.+)$/gm)].map((match) => match[1]);
    expect(delimiters.length).toBeGreaterThanOrEqual(9);
    expect(new Set(delimiters).size).toBe(delimiters.length);
    for (const delimiter of delimiters) expect(delimiter).toMatch(/^CF_SSO_GUARD_[0-9a-f]{32}$/);
    expect(run.outputs.status).toBe((JSON.parse(readFileSync(run.outputs['json-report'], 'utf8')) as { status: string }).status);
    expect(run.outputs.reports).toBe('json=out/a.json');
  });
});

describe('action.yml: the comment input against a loopback stand-in for GitHub\'s REST API', () => {
  const GITHUB_TOKEN = 'ghs_SECRET-job-token-4Rm7Kc';
  const FORK_TOKEN = 'ghs_SECRET-fork-token-8Vd3Hs';
  let github: GitHubStandIn;
  beforeAll(async () => {
    github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    github.readOnlyTokens.add(FORK_TOKEN);
  });
  afterAll(async () => {
    await github?.close();
  });

  /** The job's environment on a pull_request event for PR #number of acme/infra. */
  function pullRequestJob(number: number, token: string) {
    const eventPath = join(mkdtempSync(join(tmpdir(), 'cf-sso-guard-event-')), 'event.json');
    writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', pull_request: { number } }));
    return { githubToken: token, env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'acme/infra', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath } };
  }

  it('creates one comment with the markdown report, then updates it on the next run; the step still fails on drift', async () => {
    const first = await runAction({ comment: 'true', 'upload-sarif': 'false' }, undefined, pullRequestJob(21, GITHUB_TOKEN));
    expect(first.run.outputs['exit-code']).toBe('1');
    expect(stepNamed(first.run, 'Comment')?.exitCode, stepNamed(first.run, 'Comment')?.stdout).toBe(0);
    expect(stepNamed(first.run, 'Comment')?.stdout).toMatch(/cf-sso-guard: created the report comment on pull request #21/);
    const [comment] = github.comments.get('acme/infra#21') ?? [];
    expect(comment.body.startsWith(MARKDOWN_MARKER)).toBe(true);
    const firstBody = comment.body;
    expect(firstBody).toMatch(/drift/i);
    const second = await runAction({ comment: 'true', 'upload-sarif': 'false', accounts: PRODUCTION }, { 'sso-connectors.yaml': 'test/fixtures/e2e/compliant.yaml' }, pullRequestJob(21, GITHUB_TOKEN));
    expect(second.run.failed).toBe(false);
    expect(stepNamed(second.run, 'Comment')?.stdout).toMatch(/updated the report comment on pull request #21/);
    const thread = github.comments.get('acme/infra#21') ?? [];
    expect(thread).toHaveLength(1);
    expect(thread[0].body).not.toEqual(firstBody);
    expect(thread[0].body).toMatch(/compliant/i);
    expect(thread[0].body.startsWith(MARKDOWN_MARKER)).toBe(true);
  });

  it('on a pull request from a fork (read-only token): no comment, a warning that says why, and the step does not fail the job', async () => {
    const { run } = await runAction({ comment: 'true', 'upload-sarif': 'false', accounts: PRODUCTION }, { 'sso-connectors.yaml': 'test/fixtures/e2e/compliant.yaml' }, pullRequestJob(22, FORK_TOKEN));
    expect(run.failed).toBe(false);
    const step = stepNamed(run, 'Comment');
    expect(step?.exitCode).toBe(0);
    expect(step?.stdout).toMatch(/^::warning title=cf-sso-guard comment::no comment on pull request #22: the job's token may not write to it \(.*403.*\)\. A pull request from a fork gets a read-only token/m);
    expect(github.comments.get('acme/infra#22')).toBeUndefined();
  });

  it('is off by default, and makes no call outside a pull request', async () => {
    const byDefault = await runAction({ 'upload-sarif': 'false', accounts: PRODUCTION }, { 'sso-connectors.yaml': 'test/fixtures/e2e/compliant.yaml' }, pullRequestJob(23, GITHUB_TOKEN));
    expect(stepNamed(byDefault.run, 'Comment')?.ran).toBe(false);
    const before = github.requests.length;
    const push = await runAction({ comment: 'true', 'upload-sarif': 'false', accounts: PRODUCTION }, { 'sso-connectors.yaml': 'test/fixtures/e2e/compliant.yaml' }, {
      githubToken: GITHUB_TOKEN,
      env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'acme/infra', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: pullRequestJob(0, GITHUB_TOKEN).env.GITHUB_EVENT_PATH },
    });
    expect(stepNamed(push.run, 'Comment')?.stdout).toMatch(/no pull request in this push run: no comment/);
    expect(github.requests.length).toBe(before);
  });
});
