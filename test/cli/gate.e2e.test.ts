// The CLI as a process: `--fail-on` is the gate (the exit code), never the status. A drifted inventory checked
// with `--fail-on never` exits 0, and every report it writes still says drift, with the gate apart.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedFile, startEmulator, type RunningEmulator } from '../../src/emulator';
import type { Report } from '../../src/core/types';
import { REPO_ROOT, runCli } from '../support/cli';

const TOKEN = 'cfut_SECRET-gate-4Hd8Qz1Vx6';
const ALL_KINDS = 'test/fixtures/e2e/all-kinds.yaml';
const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit', 'html', 'csv', 'github', 'oscal'] as const;

let emulator: RunningEmulator;
let work: string;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(REPO_ROOT, 'examples', 'demo-inventory.json')) });
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-gate-'));
});
afterAll(async () => {
  await emulator?.close();
});

async function checkAll(failOn: string): Promise<{ code: number | null; stdout: string; files: Record<(typeof FORMATS)[number], string> }> {
  const dir = mkdtempSync(join(work, `${failOn}-`));
  const reports = FORMATS.flatMap((format) => ['--report', `${format}=${join(dir, `report.${format}`)}`]);
  const result = await runCli(['check', '-c', ALL_KINDS, '--fail-on', failOn, ...reports], {
    env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1' },
  });
  const files = Object.fromEntries(FORMATS.map((format) => [format, readFileSync(join(dir, `report.${format}`), 'utf8')])) as Record<(typeof FORMATS)[number], string>;
  return { code: result.code, stdout: result.stdout, files };
}

describe('check --fail-on never over drift', () => {
  it('exits 0, and no format calls the run compliant; each states the gate', async () => {
    const { code, stdout, files } = await checkAll('never');
    expect(code).toBe(0);

    for (const text of [stdout, files.text]) {
      expect(text.trimEnd().split('\n').slice(-2)).toEqual(['✖ Drift', 'gate passed (fail-on never), exit 0']);
      expect(text).not.toContain('✔ Compliant');
    }

    const json = JSON.parse(files.json) as Report;
    expect(json.status).toBe('drift');
    expect(json.gate).toEqual({ failOn: 'never', exitCode: 0, result: 'passed' });

    expect(files.markdown).toContain('### ❌ cf-sso-guard: Drift\n\ngate passed (fail-on never), exit 0.');
    expect(files.markdown).not.toMatch(/cf-sso-guard: Compliant/);

    expect(files.html).toContain('<strong>Drift</strong>');
    expect(files.html).toContain('gate passed (fail-on never), exit 0');
    expect(files.html).not.toContain('Every checked account matches the desired state');

    const failures = Number(/<testsuites [^>]*failures="(\d+)"/.exec(files.junit)?.[1]);
    expect(failures).toBeGreaterThan(0);
    expect(files.junit).toContain('<property name="runStatus" value="drift"/>');

    const sarif = JSON.parse(files.sarif) as { runs: Array<{ properties: { status: string; gate: unknown } }> };
    expect(sarif.runs[0].properties).toMatchObject({ status: 'drift', gate: { failOn: 'never', exitCode: 0, result: 'passed' } });

    const oscal = JSON.parse(files.oscal) as { 'assessment-results': { results: Array<{ props: Array<{ name: string; value: string }> }> } };
    const props = Object.fromEntries(oscal['assessment-results'].results[0].props.map((p) => [p.name, p.value]));
    expect(props).toMatchObject({ 'run-status': 'drift', gate: 'passed', 'exit-code': '0' });

    expect(files.csv.split('\r\n').filter((row) => row.startsWith('connector,drift,')).length).toBeGreaterThan(0);
    expect(files.github).toMatch(/^::error /m);
  });

  it('the same inventory at the default --fail-on: the same status and findings, only the gate differs', async () => {
    const never = await checkAll('never');
    const error = await checkAll('error');
    expect(error.code).toBe(1);
    const [a, b] = [JSON.parse(never.files.json) as Report, JSON.parse(error.files.json) as Report];
    expect(b.status).toBe(a.status);
    expect(b.findings).toEqual(a.findings);
    expect(b.gate).toEqual({ failOn: 'error', exitCode: 1, result: 'failed' });
    const junitFailures = (xml: string): string | undefined => /<testsuites [^>]*failures="(\d+)"/.exec(xml)?.[1];
    expect(junitFailures(error.files.junit)).toBe(junitFailures(never.files.junit));
  });

  it('warnings are shown, never hidden: "Compliant, with N warnings" at every --fail-on; only the gate tightens', async () => {
    const file = join(work, 'warnings-only.yaml');
    writeFileSync(file, 'version: 1\naccounts:\n  - id: 9a7806061c88ada191ed06f989cc3dac\n    unmanaged: warning\n    connectors: []\n');
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1' };
    const lenient = await runCli(['check', '-c', file], { env });
    const strict = await runCli(['check', '-c', file, '--fail-on', 'warning', '--report', `json=${join(work, 'warnings.json')}`], { env });
    expect([lenient.code, strict.code]).toEqual([0, 1]);
    const verdict = /^✔ Compliant, with (\d+) warnings?$/m;
    expect(lenient.stdout).toMatch(verdict);
    expect(strict.stdout).toMatch(verdict);
    expect(lenient.stdout).toContain('gate passed (fail-on error), exit 0');
    expect(strict.stdout).toContain('gate failed (fail-on warning), exit 1');
    const json = JSON.parse(readFileSync(join(work, 'warnings.json'), 'utf8')) as Report;
    expect(json.status).toBe('compliant');
    expect(json.summary.warning).toBe(Number(verdict.exec(strict.stdout)?.[1]));
    expect(json.gate).toEqual({ failOn: 'warning', exitCode: 1, result: 'failed' });
  });
});
