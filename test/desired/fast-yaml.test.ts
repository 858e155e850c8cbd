// The fast path for plain block YAML must give exactly what the full parser gives: the same data,
// the same positions for every key and value (and for paths that do not exist), the same source
// text of scalars; and it must step aside for anything outside its subset.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../../src/desired/fast-yaml';
import { YamlSource, type PathSegment, type SourcePositions } from '../../src/desired/yaml-doc';

const ROOT = join(__dirname, '..', '..');

/** The full parser's view, built directly (parseYaml itself now tries the fast path first). */
function fullParse(text: string, file: string): { source: YamlSource; data: unknown } | undefined {
  const lineCounter = new LineCounter();
  const docs = Array.from(parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true }) as Iterable<Document.Parsed>);
  if (docs.length !== 1 || docs[0].errors.length > 0 || docs[0].warnings.length > 0) return undefined;
  return { source: new YamlSource(file, docs[0], lineCounter), data: docs[0].toJS({ maxAliasCount: 100 }) };
}

/** Every path in the data, plus paths below leaves and missing keys/indexes next to them. */
function probes(data: unknown, prefix: PathSegment[] = []): PathSegment[][] {
  const out: PathSegment[][] = [prefix, [...prefix, 'no_such_key'], [...prefix, 7]];
  if (Array.isArray(data)) data.forEach((item, i) => out.push(...probes(item, [...prefix, i])));
  else if (data !== null && typeof data === 'object') for (const [key, value] of Object.entries(data)) out.push(...probes(value, [...prefix, key]));
  return out;
}

function expectSameView(fast: SourcePositions, full: SourcePositions, data: unknown, label: string): void {
  for (const path of probes(data)) {
    const where = `${label} ${JSON.stringify(path)}`;
    expect(fast.positionOf(path), where).toEqual(full.positionOf(path));
    expect(fast.positionOf(path, 'key'), where).toEqual(full.positionOf(path, 'key'));
    expect(fast.sourceText(path), where).toEqual(full.sourceText(path));
  }
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join(dir, name));
}

describe('fast path for plain block YAML', () => {
  const files = [
    'examples/sso-connectors.yaml',
    ...yamlFilesUnder('test/fixtures/valid'),
    ...yamlFilesUnder('test/fixtures/invalid'),
    ...yamlFilesUnder('test/fixtures/e2e'),
  ];

  it('reads the repository fixtures exactly like the full parser, or leaves them to it', () => {
    let taken = 0;
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8').replace(/^\uFEFF/, '');
      const fast = parseSimpleYaml(text, file);
      if (fast === undefined) continue;
      taken++;
      const full = fullParse(text, file);
      expect(full, `${file}: the fast path took a file the full parser rejects`).toBeDefined();
      expect(fast.data, file).toEqual(full!.data);
      expectSameView(fast.source, full!.source, full!.data, file);
    }
    // Most fixtures are plain block YAML: the fast path must actually be used.
    expect(taken).toBeGreaterThan(files.length / 2);
    expect(parseSimpleYaml(readFileSync(join(ROOT, 'examples/sso-connectors.yaml'), 'utf8'), 'x')).toBeDefined();
  });

  it('steps aside for what it does not read', () => {
    const outside = [
      'a: [1.5, 2]\n',
      'a: [x, [y]]\n',
      'a: [x,]\n',
      'a: ["x", y]\n',
      'a: [x] y\n',
      'a: {b: 1}\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  text\n',
      'a: >\n  text\n',
      'a: one\n  two\n',
      'a: 1\na: 2\n',
      'a: 1.5\n',
      'a: 0x1F\n',
      'a: .inf\n',
      'a: -1\n',
      'a:\tb\n',
      'a: b\r\n',
      '---\na: 1\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: "x\\ty"\n',
      "a: 'it''s'\n",
      '"a": 1\n',
      '- a\n- b\n',
      'a:\n  - - x\n',
      'a: b: c\n',
      '? a\n: b\n',
      '__proto__: 1\n',
      '',
      '# only a comment\n',
      ' a: 1\n',
      'a:\n    b: 1\n  c: 2\n',
    ];
    for (const text of outside) expect(parseSimpleYaml(text, 'f.yaml'), JSON.stringify(text)).toBeUndefined();
  });

  // Random documents in the subset (and near it): whenever the fast path takes one, it agrees.
  const key = fc.constantFrom('id', 'name', 'email_domain', 'enabled', 'state', 'verification', 'use_fedramp_language', 'unmanaged', 'x_1', 'Key-2');
  const plain = fc.oneof(
    fc.constantFrom('true', 'False', 'TRUE', 'null', 'Null', '~', 'yes', 'no', 'on', '0123', '42', '+7', '2027-01-31', 'a b  c', 'example.com', 'sec@example.com', 'x#y', 'ünï.example', 'a :b', 'C:\\dir'),
    fc.stringMatching(/^[a-z][a-z0-9. @-]{0,12}[a-z0-9]$/),
  );
  const scalarText = fc.oneof(
    { weight: 4, arbitrary: plain },
    { weight: 1, arbitrary: plain.map((p) => `"${p.replace(/["\\]/g, '')}"`) },
    { weight: 1, arbitrary: plain.map((p) => `'${p.replace(/'/g, '')}'`) },
    { weight: 1, arbitrary: plain.map((p) => `${p}   # note`) },
    { weight: 1, arbitrary: fc.array(plain, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`) },
    { weight: 1, arbitrary: fc.array(plain, { minLength: 1, maxLength: 3 }).map((items) => `[ ${items.join(' ,')} ]  # list`) },
  );
  type Tree = { kind: 'scalar'; text: string } | { kind: 'empty' } | { kind: 'map'; entries: Array<[string, Tree]> } | { kind: 'seq'; items: Tree[]; sameIndent: boolean };
  const { tree } = fc.letrec<{ tree: Tree; map: Tree; seq: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: scalarText.map((text): Tree => ({ kind: 'scalar', text })) },
      { weight: 1, arbitrary: fc.constant<Tree>({ kind: 'empty' }) },
      { weight: 2, arbitrary: tie('map') },
      { weight: 2, arbitrary: tie('seq') },
    ),
    map: fc.uniqueArray(fc.tuple(key, tie('tree')), { minLength: 1, maxLength: 4, selector: ([k]) => k }).map((entries): Tree => ({ kind: 'map', entries })),
    seq: fc.record({ items: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }), sameIndent: fc.boolean() }).map(({ items, sameIndent }): Tree => ({ kind: 'seq', items, sameIndent })),
  }));

  function render(node: Tree, indent: number, lines: string[], lead: string): void {
    const pad = ' '.repeat(indent);
    if (node.kind === 'scalar') lines.push(`${lead} ${node.text}`.trimStart());
    else if (node.kind === 'empty') lines.push(lead);
    else if (node.kind === 'map') {
      node.entries.forEach(([k, v], i) => {
        const first = i === 0 && lead !== '' && lead.trimStart().startsWith('-');
        const keyLead = first ? `${lead} ${k}:` : `${pad}${k}:`;
        if (v.kind === 'map' || v.kind === 'seq') {
          lines.push(keyLead);
          if (first) lines.push('  # a comment line');
          render(v, v.kind === 'seq' && v.sameIndent ? indent : indent + 2, lines, '');
        } else if (v.kind === 'empty') lines.push(keyLead);
        else lines.push(`${keyLead} ${v.text}`);
      });
    } else {
      for (const item of node.items) {
        if (item.kind === 'map') render(item, indent + 2, lines, `${pad}-`);
        else if (item.kind === 'scalar') lines.push(`${pad}- ${item.text}`);
        else lines.push(`${pad}- x`); // nested sequences and empty items are outside the subset
      }
    }
  }

  it('agrees with the full parser on generated documents', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, tree), { minLength: 1, maxLength: 4, selector: ([k]) => k }), (entries) => {
        const lines: string[] = ['# generated'];
        render({ kind: 'map', entries }, 0, lines, '');
        const text = `${lines.join('\n')}\n`;
        const fast = parseSimpleYaml(text, 'gen.yaml');
        if (fast === undefined) return;
        taken++;
        const full = fullParse(text, 'gen.yaml');
        expect(full, text).toBeDefined();
        expect(fast.data, text).toEqual(full!.data);
        expectSameView(fast.source, full!.source, full!.data, text);
      }),
      { numRuns: 300 },
    );
    expect(taken).toBeGreaterThan(100);
  });
});
