import schemaJson from '../../schemas/desired-state.schema.json';

/** The subset of JSON Schema draft-07 this file format uses, enough to walk it. */
export interface JsonSchemaNode {
  $ref?: string;
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  enum?: readonly unknown[];
  oneOf?: JsonSchemaNode[];
  definitions?: Record<string, JsonSchemaNode>;
  [keyword: string]: unknown;
}

/** The desired-state JSON Schema (draft-07), the single source of truth for the file format. */
export const DESIRED_STATE_SCHEMA: JsonSchemaNode = schemaJson as JsonSchemaNode;

function resolveRef(node: JsonSchemaNode | undefined): JsonSchemaNode | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 8; hops++) {
    const name = current.$ref.replace(/^#\/definitions\//, '');
    current = DESIRED_STATE_SCHEMA.definitions?.[name];
  }
  return current;
}

/** The schema that applies to the instance at `segments` (object properties and array items only). */
export function schemaAt(segments: readonly (string | number)[]): JsonSchemaNode | undefined {
  let node = resolveRef(DESIRED_STATE_SCHEMA);
  for (const segment of segments) {
    if (!node) return undefined;
    node = typeof segment === 'number' ? resolveRef(node.items) : resolveRef(node.properties?.[segment]);
  }
  return node;
}

/** Keys allowed in the mapping at `segments`. */
export function knownKeysAt(segments: readonly (string | number)[]): string[] {
  return Object.keys(schemaAt(segments)?.properties ?? {});
}
