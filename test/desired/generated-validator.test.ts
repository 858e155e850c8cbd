import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { DESIRED_STATE_SCHEMA } from '../../src/desired';
import validateGenerated from '../../src/desired/validate-desired.generated';

const ROOT = join(__dirname, '..', '..');
const SCHEMA_PATH = join(ROOT, 'schemas', 'desired-state.schema.json');

// The validators are generated from the schemas on every build and by the unit tests' setup
// (test/support/generate-validators.ts), never committed: there is no copy that could go stale.
describe('generated desired-state validator', () => {
  it('exports the schema file as DESIRED_STATE_SCHEMA, a strict draft-07 schema', () => {
    expect(DESIRED_STATE_SCHEMA).toEqual(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
    expect(DESIRED_STATE_SCHEMA.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(DESIRED_STATE_SCHEMA.additionalProperties).toBe(false);
    for (const [name, definition] of Object.entries(DESIRED_STATE_SCHEMA.definitions ?? {})) {
      if (definition.type === 'object') expect(definition.additionalProperties, name).toBe(false);
    }
  });

  it('agrees with a runtime-compiled ajv validator on valid and invalid documents', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv, ['date']);
    const runtime = ajv.compile(DESIRED_STATE_SCHEMA);
    const id = '023e105f4ecef8ad9ca31a8372d0c353';
    const samples: unknown[] = [
      { version: 1, accounts: [{ id, connectors: [] }] },
      { version: 1, accounts: [{ id, connectors: [{ email_domain: 'a.example', verification: ['pending', 'pending'] }] }] },
      { version: 1, accounts: [{ id, connectors: [{ email_domain: 'a.example', verification: 'verified', enabled: 'yes' }] }] },
      { version: 1, accounts: [], extra: true },
      { version: 1, accounts: [{ id, connectors: [] }], waivers: [{ account: id, email_domain: 'a.example', kind: 'missing', reason: 'r', expires: '2027-02-29' }] },
      { version: 1, accounts: [{ id, connectors: [] }], waivers: [{ account: id, email_domain: 'a.example', kind: 'missing', reason: 'r', approved_by: 'sec@example.com', approved_on: '2028-02-01', expires: '2028-02-29' }] },
      [],
    ];
    for (const sample of samples) {
      const expected = runtime(sample);
      expect(validateGenerated(sample)).toBe(expected);
      const summarise = (errors: typeof runtime.errors) => (errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`).sort();
      expect(summarise(validateGenerated.errors)).toEqual(summarise(runtime.errors));
    }
  });
});
