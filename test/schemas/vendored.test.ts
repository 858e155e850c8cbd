// The vendored schemas must be the consumers' own, unchanged: where the team's shared/ folder sits
// beside the checkout (it does in CI), each vendored file is compared with its original byte for byte.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const VENDORED = __dirname;
const SHARED = path.resolve(__dirname, '../../../shared');
const ORIGINAL_DIRS = ['schemas', 'reference'].map((dir) => path.join(SHARED, dir));
const files = readdirSync(VENDORED).filter((name) => /\.(json|xsd)$/.test(name));

describe.skipIf(!existsSync(SHARED))('vendored schemas match the shared originals', () => {
  it.each(files)('%s', (name) => {
    const original = ORIGINAL_DIRS.map((dir) => path.join(dir, name)).find((candidate) => existsSync(candidate));
    expect(original, `${name} has no original under ${SHARED}`).toBeDefined();
    expect(readFileSync(path.join(VENDORED, name)).equals(readFileSync(original as string))).toBe(true);
  });
});
