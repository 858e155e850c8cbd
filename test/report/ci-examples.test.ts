// The CI examples and the action are documentation people copy: each validates against SchemaStore's
// schema for its kind (the schemas GitHub's editors use), and the reports, inputs and versions are
// wired consistently.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../support/common';
import YAML from 'yaml';
import { isFormatName } from '../../src/report';
import { readConsumerSchema } from '../support/consumer-schemas';
import { loadYaml, reportTargets, type WorkflowStep } from '../support/ci-files';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = path.join(ROOT, 'examples', 'ci');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
/** What the examples install: the current major.minor line (`cf-sso-guard@0.1`). */
const PACKAGE_LINE = `cf-sso-guard@${manifest.version.split('.').slice(0, 2).join('.')}`;
const ACTION_REF = 'cf-sso-guard/cf-sso-guard@v1';

const load = loadYaml;

function schemaValidator(name: 'github-action.schema.json' | 'github-workflow.schema.json') {
  return compileSchema(readConsumerSchema(name));
}

type Step = WorkflowStep;
interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { matrix: Record<string, unknown[]> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job & { permissions?: Record<string, string> }>;
}
interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = load(path.join(ROOT, 'action.yml')) as unknown as Action;

describe('action.yml', () => {
  it('validates against SchemaStore github-action.json', () => {
    const validate = schemaValidator('github-action.schema.json');
    expect(validate({ name: 'x', description: 'y', runs: { using: 'node8', main: 'index.js' } }), 'the schema can fail').toBe(false);
    expect(validate(action), JSON.stringify(validate.errors)).toBe(true);
  });

  it('offers the inputs and outputs users expect, and uses only inputs it declares', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['config', 'fail-on', 'reports', 'accounts', 'upload-sarif']));
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['status', 'exit-code', 'findings', 'errors', 'warnings', 'notes', 'json-report', 'sarif-report', 'reports']));
    const text = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
    const used = [...text.matchAll(/inputs\.([A-Za-z0-9_-]+)/g)].map((match) => match[1]);
    expect(used.filter((name) => !(name in action.inputs))).toEqual([]);
    // Inputs reach the scripts as environment variables only (no `${{ }}` inside a script).
    for (const step of action.runs.steps) expect(step.run ?? '', step.name).not.toContain('${{');
  });
});

describe('examples/ci/github-actions.yml', () => {
  const file = path.join(EXAMPLES, 'github-actions.yml');
  const workflow = load(file) as unknown as Workflow;
  const steps = workflow.jobs.check.steps;
  const check = steps.find((step) => step.uses === ACTION_REF);

  it('validates against SchemaStore github-workflow.json', () => {
    const validate = schemaValidator('github-workflow.schema.json');
    expect(validate({ on: 'push', jobs: { a: { 'runs-on': 'x', stepz: [] } } }), 'the schema can fail').toBe(false);
    expect(validate(workflow), JSON.stringify(validate.errors)).toBe(true);
  });

  it('runs the action on pull requests on Node 24 with the token from secrets', () => {
    expect(Object.keys(workflow.on)).toContain('pull_request');
    expect(steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(24);
    expect(check?.with?.['api-token']).toBe('${{ secrets.CLOUDFLARE_API_TOKEN }}');
    expect(check?.with?.config).toBe('sso-connectors.yaml');
    expect(Object.keys(check?.with ?? {}).filter((name) => !(name in action.inputs))).toEqual([]);
    expect(check?.with?.['upload-sarif']).toBe(true);
    expect(workflow.permissions['security-events']).toBe('write');
  });

  it('keeps the HTML and JSON reports the action wrote, even when the check fails', () => {
    const reports = String(check?.with?.reports ?? '').trim().split('\n');
    expect(reports.every((entry) => isFormatName(entry.split('=')[0]))).toBe(true);
    const artifact = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(artifact?.if).toMatch(/^always\(\)/);
    expect(String(artifact?.with?.path ?? '').trim().split('\n')).toEqual(reports.map((entry) => entry.split('=')[1]));
  });

  it('attests the JSON evidence it wrote, with the permissions attestations need, and the README says how to verify it', () => {
    const json = String(check?.with?.reports ?? '').trim().split('\n').find((entry) => entry.startsWith('json='))?.slice('json='.length);
    const attest = steps.find((step) => step.uses?.startsWith('actions/attest-build-provenance@'));
    expect(json).toBeDefined();
    expect(attest?.with?.['subject-path']).toBe(json);
    expect(attest?.if).toMatch(/^always\(\)/);
    expect(steps.indexOf(attest as Step)).toBeGreaterThan(steps.indexOf(check as Step));
    expect(workflow.permissions['id-token']).toBe('write');
    expect(workflow.permissions.attestations).toBe('write');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/gh attestation verify cf-sso-guard\.json --repo OWNER\/REPO/);
  });
});

describe('examples/ci/github-actions-sharded.yml', () => {
  const workflow = load(path.join(EXAMPLES, 'github-actions-sharded.yml')) as unknown as Workflow;
  const { check, merge } = workflow.jobs;

  it('validates against SchemaStore github-workflow.json', () => {
    const validate = schemaValidator('github-workflow.schema.json');
    expect(validate(workflow), JSON.stringify(validate.errors)).toBe(true);
  });

  it('runs one job per shard I/N, each handing its JSON report to the merge job', () => {
    const shards = check.strategy?.matrix.shard ?? [];
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    const run = check.steps.find((step) => step.uses === ACTION_REF);
    expect(run?.with?.shard).toBe(`\${{ matrix.shard }}/${shards.length}`);
    expect(run?.with?.reports).toBe('json=shards/shard-${{ matrix.shard }}.json');
    expect(run?.with?.['fail-on']).toBe('never'); // the shards observe; the merge is the gate
    const upload = check.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toMatch(/^always\(\)/);
    expect(upload?.with?.path).toBe('shards/shard-${{ matrix.shard }}.json');
    expect(upload?.with?.name).toBe('cf-sso-guard-shard-${{ matrix.shard }}');
  });

  it('merges every shard after they all ran, with the released package, and uploads the merged SARIF', () => {
    expect(merge.needs).toBe('check');
    expect(merge.if).toBe('always()');
    const download = merge.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toMatchObject({ pattern: 'cf-sso-guard-shard-*', path: 'shards', 'merge-multiple': true });
    const command = merge.steps.find((step) => step.run?.includes('cf-sso-guard merge'))?.run ?? '';
    expect(command).toContain(`npm install --global ${PACKAGE_LINE}\n`);
    expect(command).toContain('cf-sso-guard merge -c sso-connectors.yaml shards/*.json --fail-on error');
    expect(command).not.toMatch(/\|\| *true|; *true/); // its exit code fails the job
    const targets = reportTargets(command.replace(/\\\n/g, ' '));
    const sarif = merge.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(sarif?.with?.sarif_file).toBe(targets.get('sarif'));
    expect(merge.permissions?.['security-events']).toBe('write');
  });
});

describe('examples/ci/gitlab-ci.yml', () => {
  const pipeline = load(path.join(EXAMPLES, 'gitlab-ci.yml')) as Record<string, { image: string; script: string[]; artifacts: { when: string; reports: { junit: string } } }>;
  const job = pipeline['sso-connectors'];

  it('installs the released package on Node 24 instead of assuming a checkout of this repository', () => {
    expect(job.image).toBe('node:24');
    expect(job.script[0]).toMatch(new RegExp(`^npm install --global .*${PACKAGE_LINE.replace('.', '\\.')}$`));
    expect(job.script.join('\n')).not.toMatch(/npm ci|npx/);
  });

  it('publishes the JUnit report the check writes, also when the check fails', () => {
    const command = job.script.find((line) => line.includes('cf-sso-guard check')) ?? '';
    const targets = reportTargets(command);
    expect([...targets.keys()].every(isFormatName)).toBe(true);
    expect(job.artifacts.reports.junit).toBe(targets.get('junit'));
    expect(job.artifacts.when).toBe('always');
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const [hook] = YAML.parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string; args?: string[]; language: string; files: string; pass_filenames: boolean }>;

  it('runs `validate` of the package binary on each matched desired-state file when it changes', () => {
    expect(hook.id).toBe('cf-sso-guard-validate');
    expect(hook.language).toBe('node');
    const [bin, command] = hook.entry.split(' ');
    expect(Object.keys(manifest.bin)).toContain(bin);
    expect(command).toBe('validate');
    // Issue 19: the files pre-commit matched are passed (any folder), not one fixed --config file.
    expect(hook.args).toBeUndefined();
    expect(hook.pass_filenames).toBe(true);
    const files = new RegExp(hook.files);
    expect(['sso-connectors.yaml', 'infra/sso-connectors.yml'].every((name) => files.test(name))).toBe(true);
    expect(['other.yaml', 'my-sso-connectors.yaml.bak'].some((name) => files.test(name))).toBe(false);
  });
});

describe('examples/ci/github-actions.yml: the sticky pull-request comment', () => {
  const workflow = load(path.join(EXAMPLES, 'github-actions.yml')) as { permissions: Record<string, string>; jobs: { check: { steps: Step[] } } };
  const steps = workflow.jobs.check.steps;
  const check = steps.find((step) => step.uses?.startsWith('cf-sso-guard/cf-sso-guard@'));

  it("uses the action's comment input (no copied script), with the permission it needs", () => {
    expect(action.inputs.comment.default).toBe('false');
    expect(check?.with?.comment).toBe(true);
    expect(steps.filter((step) => /gh (api|pr comment)/.test(step.run ?? ''))).toEqual([]);
    expect(workflow.permissions['pull-requests']).toBe('write');
  });
});

/**
 * The current major of each action that GitHub runs on Node 24 (Node 20 was removed from the runners on
 * 2026-09-16; upload-sarif@v3 is deprecated in December 2026). A `uses:` of any other version fails.
 */
const CURRENT_MAJORS: Record<string, string> = {
  'actions/checkout': 'v7',
  'actions/setup-node': 'v7',
  'actions/upload-artifact': 'v7',
  'actions/download-artifact': 'v8',
  'actions/attest-build-provenance': 'v4',
  'github/codeql-action/upload-sarif': 'v4',
  'hashicorp/setup-terraform': 'v4',
  'cf-sso-guard/cf-sso-guard': 'v1',
};

describe('every `uses:` in action.yml, examples/ and the README', () => {
  const files = ['action.yml', 'README.md', ...fs.readdirSync(EXAMPLES).map((name) => path.join('examples', 'ci', name))];
  const uses = files.flatMap((file) =>
    [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^\s*(?:-\s+)?uses:\s*([^\s#]+)/gm)].map((match) => ({ file, ref: match[1] })),
  );

  it('is on the current Node 24 major of its action', () => {
    expect(uses.length).toBeGreaterThan(10);
    const stale = uses.filter(({ ref }) => {
      const [name, version] = ref.split('@');
      return CURRENT_MAJORS[name] !== version;
    });
    expect(stale).toEqual([]);
  });
});

describe('README', () => {
  it('shows the GitHub Actions example exactly as it ships in examples/ci', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const workflow = fs.readFileSync(path.join(EXAMPLES, 'github-actions.yml'), 'utf8');
    expect(readme).toContain(workflow.trimEnd());
  });
});

describe('the examples keep daily evidence for longer than a quarter and draw the history from it', () => {
  const daily = (cron: string) => cron.trim().split(/\s+/).slice(2).every((field) => field === '*');

  it('GitHub: a daily schedule, the report committed to an evidence branch, history over 92 days in the summary', () => {
    const workflow = load(path.join(EXAMPLES, 'github-actions.yml')) as unknown as Workflow;
    const crons = (workflow.on.schedule as Array<{ cron: string }>).map((entry) => entry.cron);
    expect(crons.length).toBeGreaterThan(0);
    expect(crons.every(daily), crons.join(', ')).toBe(true);
    const evidence = workflow.jobs.evidence;
    expect(evidence.needs).toBe('check');
    expect(evidence.if).toContain("github.event_name != 'pull_request'");
    expect(evidence.permissions?.contents).toBe('write');
    const upload = workflow.jobs.check.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    const download = evidence.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with?.name).toBe(upload?.with?.name);
    const script = evidence.steps.find((step) => step.run?.includes('cf-sso-guard history'))?.run ?? '';
    expect(script).toContain(`npm install --global --no-audit --no-fund ${PACKAGE_LINE}\n`);
    expect(script).toMatch(/git push --quiet origin sso-evidence/);
    expect(script).toContain(`cf-sso-guard history evidence/*.json --from "$(date -u -d '91 days ago' +%F)"`);
    expect(script).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(script).not.toContain('${{');
  });

  it('the sharded example runs daily too; GitLab keeps its reports longer than a quarter and shows the history command', () => {
    const sharded = load(path.join(EXAMPLES, 'github-actions-sharded.yml')) as unknown as Workflow;
    expect((sharded.on.schedule as Array<{ cron: string }>).every((entry) => daily(entry.cron))).toBe(true);
    const pipeline = load(path.join(EXAMPLES, 'gitlab-ci.yml')) as Record<string, { artifacts: { expire_in: string } }>;
    const [amount, unit] = pipeline['sso-connectors'].artifacts.expire_in.split(' ');
    expect(unit).toMatch(/^days?$/);
    expect(Number(amount)).toBeGreaterThan(92);
    const text = fs.readFileSync(path.join(EXAMPLES, 'gitlab-ci.yml'), 'utf8');
    expect(text).toMatch(/cf-sso-guard history evidence\/\*\.json --from \d{4}-\d{2}-\d{2} --to \d{4}-\d{2}-\d{2}/);
  });
});
