import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOLEAN_SETTINGS, CONNECTOR_SETTINGS } from '../../src/core/settings';
import type { JsonSchemaNode } from '../../src/desired/schema';
import { withSettingProperties } from '../../src/desired/schema-build';

const SCHEMA_PATH = join(__dirname, '..', '..', 'schemas', 'desired-state.schema.json');

// The committed schema is the contract; its settings come from src/core/settings.ts. After changing the
// table: UPDATE_SCHEMA=1 npx vitest run test/desired/schema-settings.test.ts, then review the diff.
describe('desired-state schema and the settings table', () => {
  it('the committed schema declares exactly the settings of the table', () => {
    const committed = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JsonSchemaNode;
    const built = withSettingProperties(committed);
    if (process.env.UPDATE_SCHEMA) writeFileSync(SCHEMA_PATH, `${JSON.stringify(built, null, 2)}\n`);
    // Compared as text (key order included), whitespace aside.
    expect(JSON.stringify(committed)).toBe(JSON.stringify(built));
  });

  it('a row added to (or taken from) the table appears in (or leaves) defaults and every connector', () => {
    const committed = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JsonSchemaNode;
    const keys = (schema: JsonSchemaNode, definition: string) => Object.keys(schema.definitions?.[definition]?.properties ?? {});
    const yamlKeys = CONNECTOR_SETTINGS.map((row) => row.yaml);
    expect(keys(committed, 'settings')).toEqual(yamlKeys);
    expect(keys(committed, 'connector')).toEqual(['email_domain', 'state', ...yamlKeys]);

    // A hypothetical extra setting written into the committed schema (as a removed row would leave it) is dropped.
    const stale = structuredClone(committed);
    stale.definitions!.settings.properties!.show_banner = { type: 'boolean' };
    stale.definitions!.connector.properties!.show_banner = { type: 'boolean' };
    const rebuilt = withSettingProperties(stale);
    expect(keys(rebuilt, 'settings')).toEqual(yamlKeys);
    expect(keys(rebuilt, 'connector')).toEqual(['email_domain', 'state', ...yamlKeys]);
  });

  // The other schemas describe connectors as the API (the emulator's seed) or the data model (snapshots,
  // the JSON report) has them: hand-written, so this says when a row is missing from one of them.
  it('the seed, snapshot and report schemas name every boolean setting of the table', () => {
    const read = (name: string) => JSON.parse(readFileSync(join(SCHEMA_PATH, '..', `${name}.schema.json`), 'utf8')) as unknown;
    const propertyNames = (node: unknown, names = new Set<string>()): Set<string> => {
      if (Array.isArray(node)) for (const item of node) propertyNames(item, names);
      else if (node !== null && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'properties' && value !== null && typeof value === 'object') for (const name of Object.keys(value)) names.add(name);
          propertyNames(value, names);
        }
      }
      return names;
    };
    const seed = propertyNames(read('emulator-seed'));
    const snapshot = propertyNames(read('snapshot'));
    const report = read('report');
    const reported = propertyNames(report);
    for (const row of BOOLEAN_SETTINGS) {
      expect(seed.has(row.api), `emulator-seed: ${row.api}`).toBe(true);
      expect(snapshot.has(row.key), `snapshot: ${row.key}`).toBe(true);
      expect(reported.has(row.key), `report: ${row.key}`).toBe(true);
    }
    // The report's property checks name each setting by its YAML key.
    const propertyEnums: unknown[][] = [];
    const findPropertyEnum = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(findPropertyEnum);
      else if (node !== null && typeof node === 'object') {
        const property = (node as Record<string, unknown>).property as { enum?: unknown[] } | undefined;
        if (Array.isArray(property?.enum)) propertyEnums.push(property.enum);
        Object.values(node).forEach(findPropertyEnum);
      }
    };
    findPropertyEnum(report);
    expect(propertyEnums).not.toEqual([]);
    for (const values of propertyEnums) expect(values).toEqual(expect.arrayContaining(CONNECTOR_SETTINGS.map((row) => row.yaml)));
  });
});
