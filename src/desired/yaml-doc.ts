import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { DesiredStateError, DesiredStateIssue } from './errors';

/** Alias expansions allowed when turning the YAML into data (a billion-laughs guard). */
export const MAX_ALIAS_COUNT = 100;

export type PathSegment = string | number;

export interface Position {
  line: number;
  column: number;
}

/** What the rest of the loader needs to point back into the source. */
export interface SourcePositions {
  readonly file: string;
  /** Source position of the value at `segments`; of its key with `at: 'key'`. Falls back to the nearest ancestor. */
  positionOf(segments: readonly PathSegment[], at?: 'key' | 'value'): Position;
  /** The scalar's text as written (e.g. `0123` for a number), when the node is a scalar. */
  sourceText(segments: readonly PathSegment[]): string | undefined;
}

/** The parsed YAML document with what is needed to point back into the source. */
export class YamlSource implements SourcePositions {
  constructor(
    readonly file: string,
    readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
  ) {}

  positionAt(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  /** The node at `segments` (following aliases) and the pair that holds it, as deep as the path exists. */
  locate(segments: readonly PathSegment[]): { node: Node | undefined; pair: Pair | undefined; depth: number } {
    let node: Node | undefined = this.doc.contents ?? undefined;
    let pair: Pair | undefined;
    let depth = 0;
    for (const segment of segments) {
      const current = this.deref(node);
      let next: Node | undefined;
      let nextPair: Pair | undefined;
      if (isMap(current)) {
        nextPair = current.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        next = (nextPair?.value as Node | null | undefined) ?? undefined;
      } else if (isSeq(current) && typeof segment === 'number') {
        next = (current.items[segment] as Node | null | undefined) ?? undefined;
      }
      if (next === undefined && nextPair === undefined) break;
      node = next;
      pair = nextPair;
      depth++;
    }
    return { node: this.deref(node), pair, depth };
  }

  /** Source position of the value at `segments`; of its key with `at: 'key'`. Falls back to the nearest ancestor. */
  positionOf(segments: readonly PathSegment[], at: 'key' | 'value' = 'value'): Position {
    const found = this.locate(segments);
    const exact = found.depth === segments.length;
    const isMapKey = exact && typeof segments[segments.length - 1] === 'string';
    const keyNode = found.pair?.key as Node | undefined;
    if (exact && at === 'key' && isMapKey && keyNode?.range) return this.positionAt(keyNode.range[0]);
    // An empty value (`enabled:`) has no text of its own: point at its key.
    const valueIsEmpty = isScalar(found.node) && found.node.value === null && found.node.source === '';
    if (valueIsEmpty && keyNode?.range) return this.positionAt(keyNode.range[0]);
    if (found.node?.range) return this.positionAt(found.node.range[0]);
    if (keyNode?.range) return this.positionAt(keyNode.range[0]);
    return { line: 1, column: 1 };
  }

  /** The scalar's text as written (e.g. `0123` for a number), when the node is a scalar. */
  sourceText(segments: readonly PathSegment[]): string | undefined {
    const found = this.locate(segments);
    if (found.depth !== segments.length || !isScalar(found.node)) return undefined;
    return found.node.source;
  }

  private deref(node: Node | undefined): Node | undefined {
    // Bounded: an alias always points at an anchor defined earlier, never at another alias chain loop.
    let current = node;
    for (let hops = 0; hops < 8 && isAlias(current); hops++) current = current.resolve(this.doc) ?? undefined;
    return current;
  }
}

const EMPTY_FILE_MESSAGE = 'file is empty; expected a mapping with version and accounts';

function cleanYamlMessage(message: string): string {
  if (/call stack/i.test(message)) return 'YAML is nested too deeply to read';
  const firstLine = message.split('\n')[0].replace(/\s+at line \d+, column \d+:?\s*$/, '').replace(/\.$/, '');
  return `YAML syntax error: ${firstLine.charAt(0).toLowerCase()}${firstLine.slice(1)}`;
}

const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: 'check the indentation of this line against the lines above',
  MISSING_CHAR: 'a quote or bracket is not closed',
  BLOCK_AS_IMPLICIT_KEY: 'put a nested mapping on its own indented lines, or quote a value that contains ": "',
  MULTILINE_IMPLICIT_KEY: 'check the indentation: a key must fit on one line',
};

/** `accounts[0].connectors[2].enabled` */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

interface WalkFindings {
  issues: DesiredStateIssue[];
  /** Offsets of duplicate keys this walk explained, so yaml's own terser errors can be dropped. */
  duplicateKeyOffsets: Set<number>;
  aliases: Array<{ name: string; offset: number }>;
}

/** Walks the tree as written (aliases not followed): keys must be scalars; duplicate keys say where the first was. */
function walk(source: YamlSource, node: unknown, segments: PathSegment[], found: WalkFindings): void {
  if (isAlias(node)) {
    found.aliases.push({ name: node.source, offset: node.range?.[0] ?? 0 });
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, index) => walk(source, item, [...segments, index], found));
    return;
  }
  if (!isMap(node)) return;
  const seen = new Map<string, Position>();
  for (const pair of (node as YAMLMap).items) {
    const key = pair.key as Node | null;
    if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
      const offset = (key as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0;
      found.issues.push({
        file: source.file,
        ...source.positionAt(offset),
        path: formatPath(segments),
        message: 'expected a plain key name, got a complex or empty key',
      });
      continue;
    }
    const name = String((key as Scalar).value);
    const position = source.positionAt(key.range?.[0] ?? 0);
    const first = seen.get(name);
    if (first) {
      found.duplicateKeyOffsets.add(key.range?.[0] ?? -1);
      found.issues.push({
        file: source.file,
        ...position,
        path: formatPath([...segments, name]),
        message: `duplicate key "${name}" (also at line ${first.line})`,
        hint: 'a key may appear only once in a mapping',
      });
    } else {
      seen.set(name, position);
    }
    walk(source, pair.value, [...segments, name], found);
  }
}

export interface ParsedYaml {
  source: SourcePositions;
  /** Plain data (aliases expanded) for schema validation. */
  data: unknown;
  /** Problems that do not stop the analysis (duplicate keys, tags); they still make the file invalid. */
  issues: DesiredStateIssue[];
}

/** Parses one YAML document with positions. Throws DesiredStateError when the text cannot be read as data. */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const fileIssue = (offset: number, message: string, hint?: string): DesiredStateIssue => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, path: '', message, ...(hint ? { hint } : {}) };
  };
  const fail = (issues: DesiredStateIssue[]): never => {
    throw new DesiredStateError(issues, text);
  };

  let documents: Document.Parsed[];
  try {
    documents = Array.from(
      parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true }) as Iterable<Document.Parsed>,
    );
  } catch (err) {
    // Pathological input (e.g. nesting deep enough to exhaust the stack) must not crash the tool.
    return fail([fileIssue(0, cleanYamlMessage(err instanceof Error ? err.message : String(err)))]);
  }
  if (documents.length === 0) return fail([fileIssue(0, EMPTY_FILE_MESSAGE)]);

  const issues: DesiredStateIssue[] = [];
  let fatal = false;
  if (documents.length > 1) {
    fatal = true;
    issues.push(
      fileIssue(
        documents[1].range[0],
        `file holds ${documents.length} YAML documents; expected exactly one`,
        'remove the extra "---" separator and merge the documents',
      ),
    );
  }
  const doc = documents[0];
  const source = new YamlSource(file, doc, lineCounter);
  // A %YAML 1.1 directive would switch the parser to 1.1 rules (yes/no booleans, timestamps, octals),
  // so the same text would mean something else here than in the schema's editors and in review.
  const yamlVersion = doc.directives?.yaml;
  if (yamlVersion?.explicit && yamlVersion.version !== '1.2') {
    fatal = true;
    const offset = Math.max(0, text.indexOf('%YAML'));
    issues.push(fileIssue(offset, `YAML ${yamlVersion.version} is not supported; this file format is YAML 1.2`, 'remove the %YAML directive'));
  }

  const walkFindings: WalkFindings = { issues: [], duplicateKeyOffsets: new Set(), aliases: [] };
  try {
    walk(source, doc.contents, [], walkFindings);
  } catch (err) {
    return fail([fileIssue(0, cleanYamlMessage(err instanceof Error ? err.message : String(err)))]);
  }
  if (walkFindings.issues.some((issue) => !issue.message.startsWith('duplicate key'))) fatal = true;
  issues.push(...walkFindings.issues);

  for (const error of doc.errors) {
    if (error.code === 'DUPLICATE_KEY') {
      if (walkFindings.duplicateKeyOffsets.has(error.pos[0])) continue;
      issues.push(fileIssue(error.pos[0], 'duplicate key', 'a key may appear only once in a mapping'));
      continue;
    }
    fatal = true;
    issues.push(fileIssue(error.pos[0], cleanYamlMessage(error.message), YAML_HINTS[error.code]));
  }
  for (const warning of doc.warnings) {
    if (warning.code === 'TAG_RESOLVE_FAILED') {
      const tag = text.slice(warning.pos[0], warning.pos[1]).trim() || 'tag';
      issues.push(fileIssue(warning.pos[0], `unsupported YAML tag ${tag}`, 'remove the tag and write a plain value'));
    } else {
      issues.push(fileIssue(warning.pos[0], cleanYamlMessage(warning.message)));
    }
  }
  if (fatal) return fail(issues);
  if (doc.contents === null) return fail([...issues, fileIssue(doc.range[0], EMPTY_FILE_MESSAGE)]);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const named = walkFindings.aliases.find((alias) => message.includes(`: ${alias.name}`));
    const aliasOffset = (named ?? walkFindings.aliases[0])?.offset ?? 0;
    if (/excessive alias count/i.test(message)) {
      return fail([
        ...issues,
        fileIssue(
          aliasOffset,
          `too many YAML alias expansions (more than ${MAX_ALIAS_COUNT}); this looks like an alias bomb`,
          'write the values out instead of nesting aliases',
        ),
      ]);
    }
    const unresolved = /unresolved alias.*:\s*(\S+)\s*$/i.exec(message);
    if (unresolved) {
      return fail([
        ...issues,
        fileIssue(aliasOffset, `unknown alias "*${unresolved[1]}"`, `define the anchor "&${unresolved[1]}" before using it`),
      ]);
    }
    return fail([...issues, fileIssue(aliasOffset, `could not read YAML: ${message.replace(/\.$/, '')}`)]);
  }
  return { source, data, issues };
}
