import type { DesiredState } from '../core/types';
import { DesiredStateError } from './errors';
import { buildDesiredState } from './build';
import { SchemaErrorExplainer } from './schema-errors';
import { decodeSource } from './source';
import { sha256Hex } from '../core/digest';
import { parseYaml } from './yaml-doc';
import validateDesiredState from './validate-desired.generated';
import type { DesiredStateIssue } from './errors';
import { formatPath, type PathSegment, type SourcePositions } from './yaml-doc';

function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** Control characters (other than tab and newline) and bidi overrides/isolates have no business in this file. */
const FORBIDDEN_IN_STRINGS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/**
 * Every key and string value holding a control character (NUL, ESC, BEL, C1…) or a bidi override is an
 * error: such a string could drive a terminal or hide text from a reviewer. Walked with a stack (no
 * recursion) in linear time.
 */
function controlCharacterIssues(data: unknown, source: SourcePositions, file: string): DesiredStateIssue[] {
  const issues: DesiredStateIssue[] = [];
  const stack: Array<{ value: unknown; segments: PathSegment[] }> = [{ value: data, segments: [] }];
  const report = (segments: PathSegment[], text: string, what: string): void => {
    const match = FORBIDDEN_IN_STRINGS.exec(text);
    if (match === null) return;
    const code = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    issues.push({ file, ...source.positionOf(segments, what === 'key' ? 'key' : 'value'), path: formatPath(segments), message: `the ${what} contains the control character ${code}`, hint: 'remove it; control and bidi-override characters are not allowed in this file' });
  };
  while (stack.length > 0) {
    const { value, segments } = stack.pop()!;
    if (typeof value === 'string') report(segments, value, 'string');
    else if (Array.isArray(value)) value.forEach((item, index) => stack.push({ value: item, segments: [...segments, index] }));
    else if (value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
      for (const [key, item] of Object.entries(value)) {
        report([...segments, key], key, 'key');
        stack.push({ value: item, segments: [...segments, key] });
      }
    }
  }
  return issues;
}

/**
 * Parses and validates a desired-state file's content. Pure: no disk, no network.
 * `file` is the path as the user gave it; it appears in every location and message.
 * Throws DesiredStateError listing every problem found, sorted by position.
 */
export function parseDesiredState(input: string | Uint8Array, file: string): DesiredState {
  const decoded = decodeSource(input, file);
  // A lone CR ends a line in YAML 1.2 but not in the parser: as LF (same length, so every position holds).
  const text = decoded.text.includes('\r') ? decoded.text.replace(/\r(?!\n)/g, '\n') : decoded.text;
  const { source, data, issues } = parseYaml(text, file);

  // ajv's generated validator keeps its errors on the function: take them before anything else runs.
  const valid = validateDesiredState(data);
  const schemaErrors = valid ? [] : validateDesiredState.errors ?? [];
  // Appended in loops, never spread: 200k issues as arguments overflow the stack.
  append(issues, new SchemaErrorExplainer(source, data).explain(schemaErrors));
  append(issues, controlCharacterIssues(data, source, file));

  const built = buildDesiredState(data, source);
  append(issues, built.issues);
  if (issues.length > 0) throw new DesiredStateError(issues, text);

  let sha256: string | undefined;
  return {
    version: 1,
    file,
    // Computed when first read: `validate` shows it only in some formats (see src/core/digest.ts).
    get sha256() {
      return (sha256 ??= sha256Hex(decoded.bytes));
    },
    accounts: built.accounts,
    waivers: built.waivers,
  };
}
