// The Terraform/OpenTofu CI examples are documentation people copy: the workflow validates against
// SchemaStore's github-workflow schema, and in both examples the plan flows from `show -json` into
// `check --terraform-plan`, the reports are wired to what publishes them, and the plan (it holds
// secrets) is never kept.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { isFormatName } from '../../src/report';
import { MARKDOWN_MARKER } from '../../src/report/markdown';
import { readConsumerSchema } from '../support/consumer-schemas';
import { loadYaml, reportTargets, type WorkflowStep } from '../support/ci-files';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = path.join(ROOT, 'examples', 'ci');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const PACKAGE_LINE = `cf-sso-guard@${manifest.version.split('.').slice(0, 2).join('.')}`;

type Step = WorkflowStep;

const load = (file: string): Record<string, unknown> => loadYaml(path.join(EXAMPLES, file));

/** The file `terraform show -json PLAN > FILE` writes, and the one `check --terraform-plan FILE` reads. */
function planFlow(script: string): { written?: string; read?: string } {
  return {
    written: /terraform(?: -chdir=\S+)? show -json \S+ > (\S+)/.exec(script)?.[1],
    read: /cf-sso-guard check [^\n]*--terraform-plan (\S+)/.exec(script.replace(/\\\n\s*/g, ' ').replace(/\n\s+/g, ' '))?.[1],
  };
}

describe('examples/ci/github-actions-terraform.yml', () => {
  const workflow = load('github-actions-terraform.yml') as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: { plan: { steps: Step[] } } };
  const steps = workflow.jobs.plan.steps;
  const script = steps.map((step) => step.run ?? '').join('\n');
  const check = steps.find((step) => step.run?.includes('cf-sso-guard check')) as Step;

  it('validates against SchemaStore github-workflow.json', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readConsumerSchema('github-workflow.schema.json')));
    expect(validate({ on: 'push', jobs: { a: { 'runs-on': 'x', stepz: [] } } }), 'the schema can fail').toBe(false);
    expect(validate(workflow), JSON.stringify(validate.errors)).toBe(true);
  });

  it('uses the current majors of the actions, Node 24, and Terraform without its wrapper (plain JSON)', () => {
    const uses = steps.flatMap((step) => (step.uses === undefined ? [] : [step.uses]));
    expect(uses).toEqual(['actions/checkout@v7', 'actions/setup-node@v7', 'hashicorp/setup-terraform@v4', 'github/codeql-action/upload-sarif@v4']);
    expect(steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(24);
    expect(steps.find((step) => step.uses?.startsWith('hashicorp/setup-terraform@'))?.with?.terraform_wrapper).toBe(false);
  });

  it('plans, writes the JSON plan, and checks that very file with the released package and a read-only token', () => {
    const { written, read } = planFlow(script);
    expect(written).toBeDefined();
    expect(read).toBe(written);
    expect(check.run).toContain(`npm install --global --no-audit --no-fund ${PACKAGE_LINE}\n`);
    expect(check.env?.CLOUDFLARE_API_TOKEN).toBe('${{ secrets.CLOUDFLARE_SSO_READ_TOKEN }}');
    expect(check.run).toContain('--live');
  });

  it('uploads the SARIF the check wrote and comments its markdown, also when the check fails', () => {
    const targets = reportTargets(check.run!.replace(/\\\n/g, ' '));
    expect([...targets.keys()].every(isFormatName)).toBe(true);
    const sarif = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(sarif?.with?.sarif_file).toBe(targets.get('sarif'));
    expect(sarif?.if).toMatch(/^always\(\)/);
    expect(workflow.permissions['security-events']).toBe('write');
    const comment = steps.find((step) => step.run?.includes('gh pr comment')) as Step;
    expect(comment.run).toContain(`startswith("${MARKDOWN_MARKER}")`);
    expect(comment.run?.split(targets.get('markdown')!).length).toBe(3);
    expect(comment.if).toMatch(/^always\(\)/);
    expect(workflow.permissions['pull-requests']).toBe('write');
    // No ${{ }} inside a script: values come in through env (no script injection from PR data).
    for (const step of steps) expect(step.run ?? '', step.name).not.toContain('${{');
  });

  it('never keeps the plan: no artifact, removed at the end whatever happened', () => {
    expect(steps.some((step) => step.uses?.startsWith('actions/upload-artifact@'))).toBe(false);
    const last = steps.at(-1) as Step;
    expect(last.if).toBe('always()');
    expect(last.run).toContain(`rm -f ${planFlow(script).written}`);
  });
});

describe('examples/ci/gitlab-ci-terraform.yml', () => {
  const pipeline = load('gitlab-ci-terraform.yml') as Record<string, { image: string; before_script: string[]; script: string[]; after_script: string[]; artifacts: { when: string; paths: string[]; reports: { junit: string } } }>;
  const job = pipeline['sso-connectors-plan'];
  const script = job.script.join('\n');

  it('checks the JSON plan that `terraform show -json` wrote, with the released package on Node 24', () => {
    expect(job.image).toBe('node:24');
    expect(job.before_script.join('\n')).toContain(`npm install --global --no-audit --no-fund ${PACKAGE_LINE}`);
    expect(job.before_script.join('\n')).toContain('sha256sum -c -');
    const { written, read } = planFlow(script);
    expect(written).toBeDefined();
    expect(read).toBe(written);
  });

  it('publishes the JUnit report the check writes, also when it fails, and never the plan', () => {
    const command = job.script.find((line) => line.includes('cf-sso-guard check')) ?? '';
    const targets = reportTargets(command);
    expect([...targets.keys()].every(isFormatName)).toBe(true);
    expect(job.artifacts.reports.junit).toBe(targets.get('junit'));
    expect(job.artifacts.when).toBe('always');
    const plan = planFlow(script).written!;
    expect(job.artifacts.paths.every((p) => !plan.startsWith(p.replace(/\/$/, '')))).toBe(true);
    expect(job.after_script.join('\n')).toContain(`rm -f ${plan}`);
  });
});
