// Every fixture run, rendered, against the published schemas: SARIF (OASIS 2.1.0, draft-04, via ajv-draft-04),
// JUnit (junit-10.xsd via xmllint), and our own JSON report schema.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { FORMATTERS } from '../../src/report';
import { context, FIXTURE_RUNS } from './fixtures';

const SHARED = path.resolve(__dirname, '../schemas');
const SARIF_SCHEMA = path.join(SHARED, 'sarif-schema-2.1.0.json');
const JUNIT_XSD = path.join(SHARED, 'junit-10.xsd');
const REPORT_SCHEMA = path.resolve(__dirname, '../../schemas/report.schema.json');

function sarifValidator() {
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')));
}

function reportValidator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(REPORT_SCHEMA, 'utf8')));
}

function xmllint(): string {
  const found = spawnSync('sh', ['-c', 'command -v xmllint'], { encoding: 'utf8' });
  const binary = found.stdout.trim();
  if (found.status !== 0 || binary === '') {
    throw new Error('xmllint not found on PATH: the JUnit schema check needs it (apt-get install -y libxml2-utils)');
  }
  return binary;
}

describe('SARIF output validates against the OASIS SARIF 2.1.0 schema', () => {
  const validate = sarifValidator();
  it('rejects a document that is not SARIF (the validator can fail)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });
  for (const { name, report } of FIXTURE_RUNS) {
    it(`${name} run`, () => {
      const sarif = JSON.parse(FORMATTERS.sarif.render(report, context({ repoRoot: '/repo', cwd: '/repo' })));
      const valid = validate(sarif);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(sarif.runs[0].results).toHaveLength(report.findings.length);
    });
  }
});

describe('JUnit output validates against junit-10.xsd (xmllint)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-sso-guard-junit-'));
  const lint = (file: string) => spawnSync(xmllint(), ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8' });

  it('xmllint rejects a document the schema forbids (the check can fail)', () => {
    const file = path.join(dir, 'bad.xml');
    fs.writeFileSync(file, '<testsuites><testsuite name="x"><testcase/></testsuite></testsuites>');
    expect(lint(file).status).not.toBe(0);
  });
  for (const { name, report } of FIXTURE_RUNS) {
    it(`${name} run`, () => {
      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.xml`);
      fs.writeFileSync(file, FORMATTERS.junit.render(report, context()));
      const result = lint(file);
      expect(result.stderr).toContain('validates');
      expect(result.status).toBe(0);
    });
  }
});

describe('JSON output validates against schemas/report.schema.json', () => {
  const validate = reportValidator();
  it('rejects a report with an unknown key (the validator can fail)', () => {
    expect(validate({ ...FIXTURE_RUNS[0].report, extra: true })).toBe(false);
  });
  for (const { name, report } of FIXTURE_RUNS) {
    it(`${name} run`, () => {
      const text = FORMATTERS.json.render(report, context());
      expect(text.endsWith('}\n')).toBe(true);
      const parsed = JSON.parse(text);
      expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
      expect(parsed).toEqual(report);
    });
  }
});

describe('SARIF stays valid with awkward paths and hostile strings', () => {
  const validate = sarifValidator();
  it('encodes a path with spaces and # as a valid relative URI', async () => {
    const { hostileRun, makeReport, DRIFT_FINDINGS, PROD } = await import('./fixtures');
    const located = { ...DRIFT_FINDINGS[3], accountId: PROD, location: { file: 'my configs/sso #1.yaml', line: 2, column: 3 } };
    const report = makeReport({ accounts: hostileRun().report.accounts, findings: [...hostileRun().report.findings, located] });
    const sarif = JSON.parse(FORMATTERS.sarif.render(report, context()));
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const uris = sarif.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toContain('my%20configs/sso%20%231.yaml');
  });
});
