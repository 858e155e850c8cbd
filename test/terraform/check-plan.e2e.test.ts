// `cf-sso-guard check --terraform-plan` as a process: each plan fixture, its exit code, every format
// written in one run, the report against its schema, SARIF against OASIS's, and no secret anywhere.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedFile, startEmulator, type RunningEmulator } from '../../src/emulator';
import type { Report } from '../../src/core/types';
import reportSchema from '../../schemas/report.schema.json';
import { REPO_ROOT, runCli, type CliResult } from '../support/cli';
import { readConsumerSchema, validateJunit } from '../support/consumer-schemas';

const TOKEN = 'cfut_SECRET-terraform-e2e-4Wq9';
const FIXTURES = 'test/fixtures/terraform';
const DESIRED = `${FIXTURES}/sso-connectors.yaml`;
const VERIFIED = `${FIXTURES}/verified.yaml`;
const plan = (name: string): string => `${FIXTURES}/${name}.plan.json`;

const validateReport = (() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(reportSchema);
})();
const validateSarif = (() => {
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readConsumerSchema('sarif-schema-2.1.0.json')));
})();

let emulator: RunningEmulator;
let work: string;
beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(REPO_ROOT, FIXTURES, 'live-seed.json')) });
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-terraform-'));
});
afterAll(async () => {
  await emulator?.close();
});

/** Nothing of a plan's secrets, nor the token, in stdout, stderr or any file written. */
function expectNoSecrets(result: CliResult): void {
  for (const text of [result.stdout, result.stderr, ...readdirSync(work).map((name) => readFileSync(join(work, name), 'utf8'))]) {
    expect(text).not.toContain('TF-SECRET');
    expect(text).not.toContain(TOKEN);
  }
}

async function check(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const result = await runCli(['check', ...args], { env: { NO_COLOR: '1', ...env } });
  expectNoSecrets(result);
  return result;
}

function parseReport(text: string): Report {
  const report = JSON.parse(text) as Report;
  expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
  return report;
}

const CASES: Array<[fixture: string, desired: string, exit: number, rules: string[]]> = [
  ['create', DESIRED, 0, []],
  ['noop', VERIFIED, 0, []],
  ['update', DESIRED, 1, ['CFSSO006']],
  ['delete', DESIRED, 1, ['CFSSO001']],
  ['replace-delete-create', DESIRED, 1, ['CFSSO001', 'CFSSO002']],
  ['replace-create-delete', VERIFIED, 2, ['CFSSO010']],
  ['unknown', DESIRED, 2, ['CFSSO010', 'CFSSO010']],
  ['modules-for-each', DESIRED, 1, ['CFSSO003']],
  ['duplicate', DESIRED, 1, ['CFSSO007']],
  ['drift', DESIRED, 1, ['CFSSO004']],
];

describe('cf-sso-guard check --terraform-plan', () => {
  it.each(CASES)('%s: exit %s', async (fixture, desired, exit, rules) => {
    const result = await check(['-c', desired, '--terraform-plan', plan(fixture), '--format', 'json']);
    expect(result.code, result.stderr).toBe(exit);
    const report = parseReport(result.stdout);
    expect(report.findings.map((f) => f.ruleId)).toEqual(rules);
    expect(report.provenance.terraformPlan).toEqual({
      path: plan(fixture),
      sha256: createHash('sha256').update(readFileSync(join(REPO_ROOT, plan(fixture)))).digest('hex'),
      formatVersion: '1.2',
      terraformVersion: '1.9.8',
      live: false,
    });
    expect(report.source).toBeUndefined();
  });

  it('names the resource address, in every format written by one run; SARIF and JUnit are valid', async () => {
    const formats = ['json', 'sarif', 'junit', 'html', 'csv', 'markdown', 'github', 'text', 'oscal'];
    const reports = formats.flatMap((format) => ['--report', `${format}=${join(work, `modules.${format}`)}`]);
    const result = await check(['-c', DESIRED, '--terraform-plan', plan('modules-for-each'), ...reports]);
    expect(result.code).toBe(1);
    for (const format of formats) {
      const text = readFileSync(join(work, `modules.${format}`), 'utf8');
      // Markdown escapes _ and [ ]; the address is there all the same.
      expect(text.replace(/\\/g, ''), format).toContain('module.legacy.module.inner.cloudflare_sso_connector.old[0]');
    }
    expect(validateSarif(JSON.parse(readFileSync(join(work, 'modules.sarif'), 'utf8'))), JSON.stringify(validateSarif.errors)).toBe(true);
    expect((await validateJunit(readFileSync(join(work, 'modules.junit'), 'utf8'))).valid).toBe(true);
    expect(readFileSync(join(work, 'modules.markdown'), 'utf8').replace(/\\/g, '')).toContain('not visible in a plan (add --live to read them)');
    expect(readFileSync(join(work, 'modules.text'), 'utf8')).toContain('\n      resource: module.legacy.module.inner.cloudflare_sso_connector.old[0]\n');
  });

  it('history refuses a plan report: a planned end state is no evidence of a day', async () => {
    const report = join(work, 'plan-report.json');
    expect((await check(['-c', DESIRED, '--terraform-plan', plan('create'), '--format', 'json', '-o', report])).code).toBe(0);
    const history = await runCli(['history', report], { env: { NO_COLOR: '1' } });
    expect(history.code).toBe(2);
    expect(history.stderr).toContain('a report of `check --terraform-plan` (a planned end state, not the live state)');
  });

  it('a hostile for_each key reaches no terminal or CI log raw: no escape sequence, no workflow command', async () => {
    const hostile = JSON.parse(readFileSync(join(REPO_ROOT, plan('modules-for-each')), 'utf8'));
    const key = 'x"]\n::error::pwned\u001b[2J\u001b]0;title\u0007\u202e';
    for (const entries of [hostile.resource_changes, hostile.prior_state.values.root_module.child_modules[1].child_modules[0].resources]) {
      for (const entry of entries) if (String(entry.address).startsWith('module.legacy')) entry.address = `module.legacy.module.inner.cloudflare_sso_connector.old[${JSON.stringify(key)}]`;
    }
    // Not in `work`: the plan keeps the fixture's planted secrets, and every file there is searched for them.
    const file = join(mkdtempSync(join(tmpdir(), 'cf-sso-guard-hostile-plan-')), 'hostile.plan.json');
    writeFileSync(file, JSON.stringify(hostile));
    for (const format of ['text', 'github', 'markdown']) {
      const result = await check(['-c', DESIRED, '--terraform-plan', file, '--format', format], { GITHUB_ACTIONS: 'true' });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toContain('CFSSO003');
      expect(result.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
      expect(result.stdout).not.toMatch(/^::error::pwned/m);
    }
  });

  it('needs no API token without --live; the text report says what a plan cannot show', async () => {
    const result = await check(['-c', DESIRED, '--terraform-plan', plan('create')], { CLOUDFLARE_API_TOKEN: '' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Terraform plan ${plan('create')} (sha256 `);
    expect(result.stdout).toContain('plan only: connectors Terraform does not manage are not visible (add --live)');
  });

  it('--live adds the API: an unmanaged connector (CFSSO002), live verification, the live value of an unset enabled', async () => {
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url };
    const result = await check(['-c', VERIFIED, '--terraform-plan', plan('unknown'), '--live', '--format', 'json'], env);
    expect(result.code, result.stderr).toBe(2);
    const report = parseReport(result.stdout);
    expect(report.findings.map((f) => `${f.ruleId} ${f.connectorId}`)).toEqual([
      'CFSSO005 cloudflare_sso_connector.corp',
      // The live example.com connector is not in the plan's state: the plan creates a second one.
      'CFSSO007 undefined',
      'CFSSO010 cloudflare_sso_connector.example',
      'CFSSO010 cloudflare_sso_connector.example',
      'CFSSO002 c782e97d74af97ff02ca483541b62c00',
    ]);
    expect(report.source).toEqual({ kind: 'api', location: emulator.url });
    expect(report.provenance.terraformPlan?.live).toBe(true);
    const noToken = await check(['-c', VERIFIED, '--terraform-plan', plan('unknown'), '--live'], { CLOUDFLARE_API_TOKEN: '' });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('CLOUDFLARE_API_TOKEN is not set');
  });

  it('could not decide (exit 2) with a clear message: format_version 2.0, not a plan, no file, bad combinations', async () => {
    const unknown = await check(['-c', DESIRED, '--terraform-plan', plan('unknown')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('Could not decide — 2 checks could not be made because the Terraform plan does not decide the value (CFSSO010)');
    const format2 = await check(['-c', DESIRED, '--terraform-plan', plan('format-2')]);
    expect(format2.code).toBe(2);
    expect(format2.stderr).toContain(`${plan('format-2')}: plan format_version 2.0 is not supported: this version reads format 1.x`);
    expect(format2.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const notAPlan = await check(['-c', DESIRED, '--terraform-plan', DESIRED]);
    expect(notAPlan.code).toBe(2);
    expect(notAPlan.stderr).toContain('not valid JSON');
    // `terraform validate -json` (or show -json of an empty state) has a format_version 1.x but is no plan.
    const validateOutput = join(work, 'validate.json');
    writeFileSync(validateOutput, '{"format_version":"1.0","valid":true,"error_count":0,"warning_count":0,"diagnostics":[]}');
    const validate = await check(['-c', DESIRED, '--terraform-plan', validateOutput]);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain('not a plan: no "planned_values" nor "resource_changes"');
    const missing = await check(['-c', DESIRED, '--terraform-plan', join(work, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Terraform plan file not found');
    const both = await check(['-c', DESIRED, '--terraform-plan', plan('create'), '--snapshot', plan('create')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('cannot be combined');
    const sharded = await check(['-c', DESIRED, '--terraform-plan', plan('create'), '--shard', '1/2']);
    expect(sharded.code).toBe(2);
    const liveAlone = await check(['-c', DESIRED, '--live']);
    expect(liveAlone.code).toBe(2);
    const liveFlag = await check(['-c', DESIRED, '--terraform-plan', plan('create'), '--concurrency', '2']);
    expect(liveFlag.code).toBe(2);
    expect(liveFlag.stderr).toContain('cannot be used with --terraform-plan without --live');
  });
});
