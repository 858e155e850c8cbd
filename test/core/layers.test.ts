// Imports run only downward between the layers of src/ (README "Layout"), and no module imports itself
// back through others: a cycle or an upward import fails here, naming the files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

/** Each layer may import only layers of a lower rank (and itself); layers of one rank are independent. */
const RANK: Record<string, number> = {
  core: 0,
  fs: 1,
  rules: 1,
  desired: 2,
  cloudflare: 2,
  emulator: 2,
  engine: 3,
  terraform: 4,
  pulumi: 4,
  report: 5,
  history: 6,
  github: 6,
  cli: 7,
  policies: 7,
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'bin') out.push(...sourceFiles(rel));
    } else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** src/<layer>/… or policies/…; files of the source root belong to no layer (there should be none). */
function layerOf(file: string): string {
  const parts = file.split(path.sep);
  return parts[0] === 'policies' ? 'policies' : parts.length > 2 ? parts[1] : `src/${parts[1]}`;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function resolveImport(from: string, spec: string): string | undefined {
  const base = path.normalize(path.join(path.dirname(from), spec.replace(/\.(js|mjs)$/, '')));
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    const full = path.join(ROOT, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  return undefined;
}

const files = [...sourceFiles('src'), ...sourceFiles('policies')];
const graph = new Map<string, string[]>();
for (const file of files) {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const targets: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const target = resolveImport(file, match[1] ?? match[2]);
    if (target !== undefined && /\.ts$/.test(target)) targets.push(target);
  }
  graph.set(file, targets);
}

describe('layers', () => {
  it('sees the source tree (the graph is not empty)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect([...graph.values()].flat().length).toBeGreaterThan(300);
  });

  it('puts every source file in a known layer', () => {
    expect(files.map(layerOf).filter((layer) => RANK[layer] === undefined)).toEqual([]);
  });

  it('imports only downward', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      for (const target of targets) {
        const to = layerOf(target);
        if (to !== from && !(RANK[to] < RANK[from])) upward.push(`${file} -> ${target} (${from} may not import ${to})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no import cycle between files', () => {
    // Tarjan's strongly connected components: any component of more than one file is a cycle.
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (file: string): void => {
      index.set(file, next);
      low.set(file, next);
      next += 1;
      stack.push(file);
      onStack.add(file);
      for (const target of graph.get(file) ?? []) {
        if (!index.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
        } else if (onStack.has(target)) low.set(file, Math.min(low.get(file) as number, index.get(target) as number));
      }
      if (low.get(file) === index.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== file);
        if (component.length > 1) cycles.push(component.sort());
      }
    };
    for (const file of graph.keys()) if (!index.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
