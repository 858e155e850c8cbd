// The status says what was observed; `--fail-on` decides only the gate. A drifted run under `--fail-on never`
// (exit 0) is called drift by every format, and each shows the gate on a line or in a field of its own.
import { describe, expect, it } from 'vitest';
import { FORMATTERS } from '../../src/report';
import type { Report } from '../../src/core/types';
import { decide } from '../../src/engine';
import { context, DRIFT_FINDINGS, driftRun, makeReport, PROD, STAGING } from './fixtures';

// What the old engine wrote for this run: `status: compliant`. The engine decides again; the stored word is never trusted.
const neverRun: Report = decide({ ...driftRun, failOn: 'never', status: 'compliant' });
const driftChecks = driftRun.accounts.flatMap((account) => account.checks).filter((item) => item.verdict === 'drift').length;
const unwaivedErrors = DRIFT_FINDINGS.filter((finding) => !finding.waived && finding.severity === 'error').length;
const render = (format: keyof typeof FORMATTERS, report: Report): string => FORMATTERS[format].render(report, context());

type Prop = { name: string; value: string };

describe('drift under --fail-on never: exit 0, and no format calls it compliant', () => {
  it('text: "✖ Drift", then "gate passed (fail-on never), exit 0" on its own line', () => {
    const text = render('text', neverRun);
    expect(text.trimEnd().split('\n').slice(-2)).toEqual(['✖ Drift', 'gate passed (fail-on never), exit 0']);
    expect(text).not.toMatch(/✔ Compliant/);
    expect(text).toMatch(/production \(023e105f4ecef8ad9ca31a8372d0c353\)\s+read, 4 connectors · drift: 5 errors/);
  });

  it('json: status drift and a gate object (threshold, exit code, passed)', () => {
    const json = JSON.parse(render('json', neverRun)) as Report;
    expect(json.status).toBe('drift');
    expect(json.gate).toEqual({ failOn: 'never', exitCode: 0, result: 'passed' });
    expect(Object.keys(json).indexOf('gate')).toBe(Object.keys(json).indexOf('failOn') + 1);
  });

  it('markdown: the heading says Drift; the gate is a line of its own', () => {
    const markdown = render('markdown', neverRun);
    expect(markdown.split('\n')[1]).toBe('### ❌ cf-sso-guard: Drift');
    expect(markdown).toContain('\ngate passed (fail-on never), exit 0.\n');
    expect(markdown).not.toMatch(/Compliant/);
  });

  it('html: the banner and title say Drift, with the gate apart', () => {
    const html = render('html', neverRun);
    expect(html).toContain('<section class="verdict verdict-drift" id="verdict"><strong>Drift</strong>');
    expect(html).toContain('<p class="gate" id="gate">gate passed (fail-on never), exit 0</p>');
    expect(html).toMatch(/<title>SSO connector compliance: Drift — /);
    expect(html).not.toContain('Every checked account matches the desired state');
  });

  it('junit: the failures are the drift findings, whatever the gate', () => {
    const xml = render('junit', neverRun);
    expect(driftChecks).toBeGreaterThan(0);
    expect(xml).toMatch(new RegExp(`<testsuites name="cf-sso-guard" tests="\\d+" failures="${driftChecks}"`));
    expect(xml).toContain('<property name="runStatus" value="drift"/>');
    expect(xml).toContain('<property name="gate" value="gate passed (fail-on never), exit 0"/>');
  });

  it('sarif: run status drift, the gate beside it; results keep their levels', () => {
    const sarif = JSON.parse(render('sarif', neverRun)) as { runs: Array<{ properties: { status: string; gate: unknown }; results: Array<{ level: string }> }> };
    expect(sarif.runs[0].properties.status).toBe('drift');
    expect(sarif.runs[0].properties.gate).toEqual({ failOn: 'never', exitCode: 0, result: 'passed' });
    expect(sarif.runs[0].results.filter((result) => result.level === 'error')).toHaveLength(unwaivedErrors);
  });

  it('oscal: run-status follows the observed status; gate and exit code are props of their own', () => {
    const oscal = JSON.parse(render('oscal', neverRun)) as { 'assessment-results': { results: Array<{ description: string; props: Prop[] }> } };
    const result = oscal['assessment-results'].results[0];
    const props = Object.fromEntries(result.props.map((p) => [p.name, p.value]));
    expect(props).toMatchObject({ 'run-status': 'drift', 'fail-on': 'never', gate: 'passed', 'exit-code': '0' });
    expect(result.description).toContain('Run status: drift; gate passed (fail-on never, exit 0)');
  });

  it('csv: the drifted connectors are rows with verdict drift', () => {
    const rows = render('csv', neverRun).trimEnd().split('\r\n').slice(1);
    expect(rows.filter((row) => row.startsWith('connector,drift,'))).toHaveLength(driftChecks);
  });

  it('github: the unwaived errors stay error annotations', () => {
    const lines = render('github', neverRun).trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('::error '))).toHaveLength(Math.min(10, unwaivedErrors));
  });
});

describe('warnings below drift are shown, never hidden', () => {
  const warningRun = makeReport({ accounts: [{ id: PROD, name: 'production', status: 'ok', connectors: 4 }, { id: STAGING, name: 'staging', status: 'ok', connectors: 2 }], findings: [DRIFT_FINDINGS[7]] });

  it('"Compliant, with 1 warning" at every threshold; a stricter gate fails apart from it', () => {
    const lenient = render('text', warningRun);
    expect(lenient.trimEnd().split('\n').slice(-2)).toEqual(['✔ Compliant, with 1 warning', 'gate passed (fail-on error), exit 0']);
    expect(lenient).toContain('read, 2 connectors · compliant, with 1 warning');
    const strict = decide({ ...warningRun, failOn: 'warning' });
    expect(render('text', strict).trimEnd().split('\n').slice(-2)).toEqual(['✔ Compliant, with 1 warning', 'gate failed (fail-on warning), exit 1']);
    expect(JSON.parse(render('json', strict))).toMatchObject({ status: 'compliant', gate: { failOn: 'warning', exitCode: 1, result: 'failed' } });
    expect(render('markdown', strict).split('\n')[1]).toBe('### ✅ cf-sso-guard: Compliant, with 1 warning');
    const html = render('html', strict);
    expect(html).toContain('<strong>Compliant, with 1 warning</strong><p>No unwaived error in any checked account; 1 warning and 0 notes are listed below.</p>');
    expect(html).toContain('gate failed (fail-on warning), exit 1');
  });
});
