import type { DesiredState } from '../types';
import { DesiredStateError } from './errors';
import { buildDesiredState } from './build';
import { SchemaErrorExplainer } from './schema-errors';
import { decodeSource } from './source';
import { parseYaml } from './yaml-doc';
import validateDesiredState from './validate-desired.generated';

/**
 * Parses and validates a desired-state file's content. Pure: no disk, no network.
 * `file` is the path as the user gave it; it appears in every location and message.
 * Throws DesiredStateError listing every problem found, sorted by position.
 */
export function parseDesiredState(input: string | Uint8Array, file: string): DesiredState {
  const { text, sha256 } = decodeSource(input, file);
  const { source, data, issues } = parseYaml(text, file);

  // ajv's generated validator keeps its errors on the function: copy them before anything else runs.
  const valid = validateDesiredState(data);
  const schemaErrors = valid ? [] : [...(validateDesiredState.errors ?? [])];
  issues.push(...new SchemaErrorExplainer(source, data).explain(schemaErrors));

  const built = buildDesiredState(data, source);
  issues.push(...built.issues);
  if (issues.length > 0) throw new DesiredStateError(issues, text);

  return { version: 1, file, sha256, accounts: built.accounts, waivers: built.waivers };
}
