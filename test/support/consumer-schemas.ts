// The schemas our outputs' consumers publish (SARIF, JUnit XSD, SchemaStore's action and workflow
// schemas): from the team's shared/schemas next to the repository when present, else the unchanged
// copies in test/schemas (a clone on its own). Never a schema of our own making.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateXML } from 'xmllint-wasm';

export const SHARED_SCHEMAS = resolve(__dirname, '..', '..', '..', 'shared', 'schemas');
export const VENDORED_SCHEMAS = resolve(__dirname, '..', 'schemas');

export type ConsumerSchema = 'sarif-schema-2.1.0.json' | 'junit-10.xsd' | 'github-action.schema.json' | 'github-workflow.schema.json';

export function consumerSchemaPath(name: ConsumerSchema): string {
  const shared = join(SHARED_SCHEMAS, name);
  return existsSync(shared) ? shared : join(VENDORED_SCHEMAS, name);
}

export function readConsumerSchema(name: ConsumerSchema): string {
  return readFileSync(consumerSchemaPath(name), 'utf8');
}

/**
 * Validates a JUnit document against junit-10.xsd with libxml2 (xmllint compiled to WebAssembly,
 * the npm package xmllint-wasm): no system xmllint needed. Returns libxml2's error lines.
 */
export async function validateJunit(xml: string, fileName = 'report.xml'): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({ xml: [{ fileName, contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: readConsumerSchema('junit-10.xsd') }] });
  return { valid: result.valid, errors: result.errors.map((error) => error.rawMessage) };
}
