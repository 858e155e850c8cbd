// A fast path for the plain shape almost every desired-state file has: block mappings and
// sequences, `key: value` on one line, plain or simply quoted scalars, one-line flow lists of plain
// scalars (`[pending, verified]`, `[]`), comments. It gives exactly what the full YAML parser gives
// for such text (the same data, the same source positions), in a fraction of the time: the full
// parser costs ~40 µs per line on a cold start (a 10,000-line file took 0.3 s) and most of a small
// file's load. Anything else (flow mappings, anchors, tags, block scalars, multi-line scalars,
// duplicate keys, floats, tabs, directives, document markers, CRLF...) returns undefined, and the
// caller uses the full parser, which also produces every error message.
// test/desired/fast-yaml.test.ts checks the two agree.
import type { PathSegment, Position, SourcePositions } from './yaml-doc';

interface ScalarNode {
  kind: 'scalar';
  start: number;
  /** The text as written, without quotes; '' for an empty value. */
  source: string;
  value: string | number | boolean | null;
}
interface MapEntry {
  keyOffset: number;
  value: FastNode;
}
interface MapNode {
  kind: 'map';
  start: number;
  entries: Map<string, MapEntry>;
}
interface SeqNode {
  kind: 'seq';
  start: number;
  items: FastNode[];
}
type FastNode = ScalarNode | MapNode | SeqNode;

/** One line's content: `text` starts at column `indent` (0-based) and at `offset` in the file. */
interface Line {
  indent: number;
  offset: number;
  text: string;
}

/** Thrown inside the fast parser: the text is outside its subset (never an error of the file). */
class Outside extends Error {}
const outside = (): never => {
  throw new Outside();
};

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)/;
// Plain scalars the core schema would read as something other than a string, int, bool or null.
const OTHER_CORE_TYPES = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
// Characters that start something other than a plain scalar, or make one ambiguous.
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
// Control characters, and line breaks YAML 1.1 tools would see (NEL, LS, PS), BOM.
const UNUSUAL = /[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let offset = 0;
  while (offset < text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const raw = text.slice(offset, end);
    let indent = 0;
    while (raw.charCodeAt(indent) === 0x20) indent++;
    const content = raw.slice(indent);
    if (content !== '' && !content.startsWith('#')) {
      if (indent === 0 && (content.startsWith('---') || content.startsWith('...') || content.startsWith('%'))) outside();
      lines.push({ indent, offset: offset + indent, text: content });
    }
    offset = end + 1;
  }
  return lines;
}

/** A scalar written on the rest of one line, `text` starting at `offset`. */
function scalar(text: string, offset: number): ScalarNode {
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, 1);
    if (close < 0) return outside();
    const inner = text.slice(1, close);
    // Escapes ("\n", '') change the value: leave them to the full parser.
    if (quote === '"' && inner.includes('\\')) return outside();
    if (UNUSUAL.test(inner)) return outside();
    const after = text.slice(close + 1);
    if (after.trim() !== '' && !/^ +#/.test(after)) return outside();
    return { kind: 'scalar', start: offset, source: inner, value: inner };
  }
  const hash = text.indexOf(' #');
  const plain = (hash >= 0 ? text.slice(0, hash) : text).trimEnd();
  if (plain === '') return outside();
  if (INDICATOR_START.test(plain) || plain.includes(': ') || plain.endsWith(':') || plain.includes('\t') || UNUSUAL.test(plain)) return outside();
  if (OTHER_CORE_TYPES.test(plain) && !INT.test(plain)) return outside();
  let value: ScalarNode['value'] = plain;
  if (NULL.test(plain)) value = null;
  else if (TRUE.test(plain)) value = true;
  else if (FALSE.test(plain)) value = false;
  else if (INT.test(plain)) value = parseInt(plain, 10);
  return { kind: 'scalar', start: offset, source: plain, value };
}

/** A one-line flow sequence of plain scalars (`[pending, verified]`, `[]`), `text` starting at `offset`. */
function flowSequence(text: string, offset: number): SeqNode {
  const close = text.indexOf(']');
  if (close < 0) return outside();
  const inner = text.slice(1, close);
  const after = text.slice(close + 1);
  if (/[[\]{}#:'"]/.test(inner) || (after.trim() !== '' && !/^ +#/.test(after))) return outside();
  const items: ScalarNode[] = [];
  if (inner.trim() !== '') {
    let at = 1;
    for (const part of inner.split(',')) {
      const item = part.trim();
      if (item === '') return outside(); // `[a,,b]`, `[a,]`
      items.push(scalar(item, offset + at + (part.length - part.trimStart().length)));
      at += part.length + 1;
    }
  }
  return { kind: 'seq', start: offset, items };
}

/** The value written after `key: ` or `- `. */
function inlineValue(text: string, offset: number): ScalarNode | SeqNode {
  return text.startsWith('[') ? flowSequence(text, offset) : scalar(text, offset);
}

class FastParser {
  private index = 0;

  constructor(private readonly lines: Line[]) {}

  parseDocument(): MapNode {
    const first = this.lines[0];
    if (first === undefined || first.indent !== 0) return outside();
    const root = this.node(0);
    if (root.kind !== 'map' || this.index !== this.lines.length) return outside();
    return root;
  }

  private node(indent: number): MapNode | SeqNode {
    const line = this.lines[this.index];
    return line.text === '-' || line.text.startsWith('- ') ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): MapNode {
    const entries = new Map<string, MapEntry>();
    const start = this.lines[this.index].offset;
    for (;;) {
      const line = this.lines[this.index];
      if (line === undefined || line.indent < indent) break;
      if (line.indent > indent || line.text.startsWith('- ') || line.text === '-') return outside();
      const match = KEY.exec(line.text);
      if (match === null) return outside();
      const key = match[1];
      if (entries.has(key) || key === '__proto__') return outside();
      const rest = line.text.slice(match[0].length);
      const restOffset = line.offset + match[0].length;
      this.index++;
      let value: FastNode;
      if (rest !== '' && !rest.startsWith('#')) {
        value = inlineValue(rest, restOffset);
      } else {
        const next = this.lines[this.index];
        if (next !== undefined && next.indent > indent) value = this.node(next.indent);
        else if (next !== undefined && next.indent === indent && (next.text.startsWith('- ') || next.text === '-')) value = this.sequence(indent);
        else value = { kind: 'scalar', start: line.offset + key.length + 1, source: '', value: null };
      }
      entries.set(key, { keyOffset: line.offset, value });
    }
    return { kind: 'map', start, entries };
  }

  private sequence(indent: number): SeqNode {
    const items: FastNode[] = [];
    const start = this.lines[this.index].offset;
    for (;;) {
      const line = this.lines[this.index];
      if (line === undefined || line.indent < indent) break;
      if (line.indent > indent || line.text === '-') return outside();
      // A key at this indent ends a sequence written at its parent key's indent (`key:\n- a\nnext:`);
      // anywhere else the caller finds the line out of place and gives up.
      if (!line.text.startsWith('- ')) break;
      let spaces = 1;
      while (line.text.charCodeAt(spaces) === 0x20) spaces++;
      const rest = line.text.slice(spaces);
      if (rest === '' || rest.startsWith('#') || rest === '-' || rest.startsWith('- ')) return outside();
      const column = line.indent + spaces;
      if (KEY.test(rest)) {
        // A mapping that starts on the dash's line: continue it as if that line began at `column`.
        this.lines[this.index] = { indent: column, offset: line.offset + spaces, text: rest };
        items.push(this.mapping(column));
      } else {
        items.push(inlineValue(rest, line.offset + spaces));
        this.index++;
      }
    }
    return { kind: 'seq', start, items };
  }
}

function toData(node: FastNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toData);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of node.entries) out[key] = toData(entry.value);
      return out;
    }
  }
}

/** Positions with the same rules as YamlSource (the full parser's), over the fast tree. */
class FastSource implements SourcePositions {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly file: string,
    text: string,
    private readonly root: MapNode,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }

  private locate(segments: readonly PathSegment[]): { node: FastNode | undefined; entry: MapEntry | undefined; depth: number } {
    let node: FastNode | undefined = this.root;
    let entry: MapEntry | undefined;
    let depth = 0;
    for (const segment of segments) {
      let next: FastNode | undefined;
      let nextEntry: MapEntry | undefined;
      if (node?.kind === 'map') {
        nextEntry = node.entries.get(String(segment));
        next = nextEntry?.value;
      } else if (node?.kind === 'seq' && typeof segment === 'number') {
        next = node.items[segment];
      }
      if (next === undefined && nextEntry === undefined) break;
      node = next;
      entry = nextEntry;
      depth++;
    }
    return { node, entry, depth };
  }

  positionOf(segments: readonly PathSegment[], at: 'key' | 'value' = 'value'): Position {
    const found = this.locate(segments);
    const exact = found.depth === segments.length;
    const isMapKey = exact && typeof segments[segments.length - 1] === 'string';
    const keyOffset = found.entry?.keyOffset;
    if (exact && at === 'key' && isMapKey && keyOffset !== undefined) return this.positionAt(keyOffset);
    const valueIsEmpty = found.node?.kind === 'scalar' && found.node.value === null && found.node.source === '';
    if (valueIsEmpty && keyOffset !== undefined) return this.positionAt(keyOffset);
    if (found.node !== undefined) return this.positionAt(found.node.start);
    if (keyOffset !== undefined) return this.positionAt(keyOffset);
    return { line: 1, column: 1 };
  }

  sourceText(segments: readonly PathSegment[]): string | undefined {
    const found = this.locate(segments);
    if (found.depth !== segments.length || found.node?.kind !== 'scalar') return undefined;
    return found.node.source;
  }
}

/** The data and positions of `text` when it is within the fast path's subset; else undefined. */
export function parseSimpleYaml(text: string, file: string): { source: SourcePositions; data: unknown } | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  try {
    const root = new FastParser(splitLines(text)).parseDocument();
    return { source: new FastSource(file, text, root), data: toData(root) };
  } catch (error) {
    if (error instanceof Outside) return undefined;
    throw error;
  }
}
