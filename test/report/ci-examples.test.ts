// The CI examples are documentation people copy: check they are valid YAML and wire the reports consistently.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { isFormatName } from '../../src/report';

const EXAMPLES = path.resolve(__dirname, '../../examples/ci');

function load(file: string): Record<string, unknown> {
  const doc = YAML.parseDocument(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
  expect(doc.errors).toEqual([]);
  return doc.toJS() as Record<string, unknown>;
}

/** `--report F=PATH` pairs of a command line. */
function reportTargets(command: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const match of command.matchAll(/--report\s+([a-z]+)=(\S+)/g)) targets.set(match[1], match[2]);
  return targets;
}

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

describe('examples/ci/github-actions.yml', () => {
  const workflow = load('github-actions.yml') as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: { check: { steps: Step[] } } };
  const steps = workflow.jobs.check.steps;
  const check = steps.find((step) => step.run?.includes('cf-sso-guard check'));

  it('runs the check on pull requests with Node 20 and the token from secrets', () => {
    expect(Object.keys(workflow.on)).toContain('pull_request');
    expect(steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(20);
    expect(steps.some((step) => step.run === 'npm ci')).toBe(true);
    expect(check?.env?.CLOUDFLARE_API_TOKEN).toBe('${{ secrets.CLOUDFLARE_API_TOKEN }}');
    expect(check?.run).toMatch(/npx cf-sso-guard check -c sso-connectors\.yaml --fail-on error/);
    expect(workflow.permissions['security-events']).toBe('write');
  });

  it('uploads the SARIF it wrote and keeps HTML and JSON, even when the check fails', () => {
    const targets = reportTargets((check?.run ?? '').replace(/\\\n/g, ' '));
    expect([...targets.keys()].every(isFormatName)).toBe(true);
    const sarif = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(sarif?.with?.sarif_file).toBe(targets.get('sarif'));
    expect(sarif?.if).toMatch(/^always\(\)/);
    const artifact = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(artifact?.if).toMatch(/^always\(\)/);
    const paths = (artifact?.with?.path ?? '').trim().split('\n');
    expect(paths).toEqual([targets.get('html'), targets.get('json')]);
  });
});

describe('examples/ci/gitlab-ci.yml', () => {
  const pipeline = load('gitlab-ci.yml') as Record<string, { script: string[]; artifacts: { when: string; reports: { junit: string } } }>;
  const job = pipeline['sso-connectors'];

  it('publishes the JUnit report the check writes, also when the check fails', () => {
    const command = job.script.find((line) => line.includes('cf-sso-guard check')) ?? '';
    const targets = reportTargets(command);
    expect([...targets.keys()].every(isFormatName)).toBe(true);
    expect(job.artifacts.reports.junit).toBe(targets.get('junit'));
    expect(job.artifacts.when).toBe('always');
  });
});

describe('README', () => {
  it('shows the GitHub Actions example exactly as it ships in examples/ci', () => {
    const root = path.join(__dirname, '..', '..');
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const workflow = fs.readFileSync(path.join(root, 'examples', 'ci', 'github-actions.yml'), 'utf8');
    expect(readme).toContain(workflow.trimEnd());
  });
});
