// The connector settings' part of schemas/desired-state.schema.json, built from the settings table
// (src/core/settings.ts). The schema file stays committed, the contract users point their editors at;
// test/desired/schema-settings.test.ts fails when it and the table disagree, and with UPDATE_SCHEMA=1
// writes the built schema. Build-time only: nothing at run time imports this.
import { CONNECTOR_SETTINGS } from '../core/settings';
import type { JsonSchemaNode } from './schema';

/** One property per setting, by its YAML key: a boolean, or the verification definition. */
export function settingProperties(): Record<string, JsonSchemaNode> {
  return Object.fromEntries(
    CONNECTOR_SETTINGS.map((row) => [row.yaml, row.type === 'boolean' ? { description: row.description, type: 'boolean' } : { $ref: '#/definitions/verification' }]),
  );
}

/**
 * The schema with the table's settings as the properties of `defaults` (definitions.settings) and of
 * each connector, after the connector's own properties. A setting no longer in the table goes from both.
 */
export function withSettingProperties(schema: JsonSchemaNode): JsonSchemaNode {
  const built = structuredClone(schema);
  const { settings, connector } = built.definitions ?? {};
  if (settings === undefined || connector === undefined) throw new Error('the desired-state schema has no "settings" or "connector" definition');
  const previous = new Set(Object.keys(settings.properties ?? {}));
  const properties = settingProperties();
  settings.properties = properties;
  connector.properties = {
    ...Object.fromEntries(Object.entries(connector.properties ?? {}).filter(([key]) => !previous.has(key))),
    ...properties,
  };
  return built;
}
