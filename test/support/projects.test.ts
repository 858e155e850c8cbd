// Keeps the unit project honest: no test outside the E2E list (test/support/projects.mjs) may start a
// process or need dist/, neither itself nor through a test helper it imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_TESTS, E2E } from './projects.mjs';

const ROOT = resolve(__dirname, '..', '..');
/** What only an e2e test may reach: a child process, a browser, the build. */
const NEEDS_E2E = /\bfrom ['"](?:node:)?child_process['"]|\bfrom ['"]playwright-core['"]|['"]dist['"]|\bdist\/cli\.js\b/;

/** The glob forms vitest's lists use here: `**` (any folders) and `*` (within a name). */
function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('**/')
    .map((part) => part.split('*').map((text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
    .join('(?:.*/)?');
  return new RegExp(`^${source}$`);
}

const matchesAny = (file: string, globs: string[]): boolean => globs.some((glob) => globToRegExp(glob).test(file));

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    if (name === 'node_modules' || name === 'bin') return [];
    const path = `${dir}/${name}`;
    return statSync(join(ROOT, path)).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The file itself and every test helper (under test/ or support/) it imports, transitively. */
function withTestHelpers(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const [, specifier] of readFileSync(join(ROOT, file), 'utf8').matchAll(/\bfrom ['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = relative(ROOT, resolve(ROOT, dirname(file), specifier)).replace(/\\/g, '/');
    if (!target.startsWith('test/') && !target.startsWith('support/')) continue;
    for (const candidate of [`${target}.ts`, `${target}/index.ts`, target]) {
      try {
        if (statSync(join(ROOT, candidate)).isFile()) {
          withTestHelpers(candidate, seen);
          break;
        }
      } catch {
        // not this form of the name
      }
    }
  }
  return seen;
}

describe('test projects', () => {
  it('the glob reading matches the way vitest lists files', () => {
    expect(globToRegExp('test/pulumi/**/*.test.ts').test('test/pulumi/program.test.ts')).toBe(true);
    expect(globToRegExp('test/pulumi/**/*.test.ts').test('test/pulumi/a/b.test.ts')).toBe(true);
    expect(globToRegExp('test/cli/e2e.test.ts').test('test/cli/e2e.test.ts')).toBe(true);
    expect(globToRegExp('test/cli/e2e.test.ts').test('test/cli/e2eXtest.ts')).toBe(false);
    expect(globToRegExp('test/*.test.ts').test('test/a/b.test.ts')).toBe(false);
  });

  it('no unit test spawns a process, opens a browser or needs dist/ (those are e2e: test/support/projects.mjs)', () => {
    const tests = ['test', 'src', 'policies'].flatMap(filesUnder).filter((file) => matchesAny(file, ALL_TESTS));
    const unit = tests.filter((file) => !matchesAny(file, E2E));
    expect(unit.length).toBeGreaterThan(20);
    const offenders = unit.flatMap((file) =>
      [...withTestHelpers(file)].filter((reached) => NEEDS_E2E.test(readFileSync(join(ROOT, reached), 'utf8'))).map((reached) => `${file} (via ${reached})`),
    );
    expect(offenders).toEqual([]);
  });

  it('every E2E entry names at least one test file (a renamed file would silently become unit)', () => {
    const tests = ['test', 'src', 'policies'].flatMap(filesUnder);
    for (const glob of E2E) expect(tests.some((file) => globToRegExp(glob).test(file)), glob).toBe(true);
  });
});
