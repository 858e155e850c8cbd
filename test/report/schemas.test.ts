// Every fixture run, rendered, against the published schemas: SARIF (OASIS 2.1.0, draft-04, via ajv-draft-04),
// JUnit (junit-10.xsd via libxml2 compiled to WebAssembly), and our own JSON report schema.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../support/common';
import { FORMATTERS } from '../../src/report';
import { readConsumerSchema, validateJunit } from '../support/consumer-schemas';
import { ENGINE_RUNS } from './fixtures';

const REPORT_SCHEMA = path.resolve(__dirname, '../../schemas/report.schema.json');

function sarifValidator() {
  return compileSchema(readConsumerSchema('sarif-schema-2.1.0.json'));
}

function reportValidator() {
  return compileSchema(fs.readFileSync(REPORT_SCHEMA, 'utf8'), { strict: true });
}

describe('SARIF output validates against the OASIS SARIF 2.1.0 schema', () => {
  const validate = sarifValidator();
  it('rejects a document that is not SARIF (the validator can fail)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });
  for (const { name, report, context } of ENGINE_RUNS) {
    it(`${name} run`, () => {
      const sarif = JSON.parse(FORMATTERS.sarif.render(report, context({ repoRoot: '/repo', cwd: '/repo' })));
      const valid = validate(sarif);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(sarif.runs[0].results).toHaveLength(report.findings.length);
    });
  }
});

describe('JUnit output validates against junit-10.xsd (libxml2)', () => {
  it('rejects a document the schema forbids (the check can fail)', async () => {
    expect((await validateJunit('<testsuites><testsuite name="x"><testcase/></testsuite></testsuites>')).valid).toBe(false);
  });
  for (const { name, report, context } of ENGINE_RUNS) {
    it(`${name} run`, async () => {
      const result = await validateJunit(FORMATTERS.junit.render(report, context()), `${name.replace(/\W+/g, '-')}.xml`);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    });
  }
});

describe('JSON output validates against schemas/report.schema.json', () => {
  const validate = reportValidator();
  it('rejects a report with an unknown key (the validator can fail)', () => {
    expect(validate({ ...ENGINE_RUNS[0].report, extra: true })).toBe(false);
  });
  for (const { name, report, context } of ENGINE_RUNS) {
    it(`${name} run`, () => {
      const text = FORMATTERS.json.render(report, context());
      expect(text.endsWith('}\n')).toBe(true);
      const parsed = JSON.parse(text);
      expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
      // The report as is, plus its gate (recomputed from the findings, never stored).
      expect(parsed).toEqual(report);
    });
  }
});

describe('SARIF stays valid with awkward paths and hostile strings', () => {
  const validate = sarifValidator();
  it('encodes a path with spaces and # as a valid relative URI', async () => {
    const { context, hostileRun, makeReport, DRIFT_FINDINGS, PROD } = await import('./fixtures');
    const located = { ...DRIFT_FINDINGS[3], accountId: PROD, location: { file: 'my configs/sso #1.yaml', line: 2, column: 3 } };
    const report = makeReport({ accounts: hostileRun().report.accounts, findings: [...hostileRun().report.findings, located] });
    const sarif = JSON.parse(FORMATTERS.sarif.render(report, context()));
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const uris = sarif.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toContain('my%20configs/sso%20%231.yaml');
  });
});
