// The Node lines the package supports (22.12+, 24, 26; Node 20 ended 2026-04-30) and the Node the
// suite itself runs on: the `node` devDependency puts Node 24 first on npm's PATH, so `npm test`
// runs vitest on it even on a machine whose own Node is older.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = join(__dirname, '..');

interface Manifest {
  engines: { node: string };
  devDependencies: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

/** Whether a version `major.minor.patch` is one `^22.12 || ^24 || >=26` admits (the engines range, spelled out). */
function supported(version: string): boolean {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return (major === 22 && minor >= 12) || major === 24 || major >= 26;
}

describe('supported Node versions', () => {
  it('engines excludes Node 20 and 22 before 22.12', () => {
    expect(manifest.engines).toEqual({ node: '^22.12 || ^24 || >=26' });
    expect(['20.20.2', '22.11.0'].filter(supported)).toEqual([]);
    expect(['22.12.0', '24.0.0', '26.10.0', '27.0.0'].every(supported)).toBe(true);
  });

  it('the suite runs on a supported Node (the `node` devDependency, Node 24, under npm)', () => {
    expect(manifest.devDependencies.node).toMatch(/^\^24\./);
    expect(supported(process.versions.node)).toBe(true);
  });
});
