import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTOR_SETTINGS } from '../../src/core/settings';
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
});
