// The vendored schemas must be the consumers' own, unchanged. test/schemas/SHA256SUMS records each
// original's SHA-256 (as `sha256sum` prints it): every clone, CI included, checks the copies against
// it. Where the team's shared/ folder sits beside the checkout, the originals are checked against the
// same record, so a changed original (or a record edited to match a changed copy) fails too.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_SCHEMAS } from '../support/consumer-schemas';

const VENDORED = __dirname;
const ORIGINAL_DIRS = [SHARED_SCHEMAS, path.join(SHARED_SCHEMAS, '..', 'reference')];
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

const recorded = new Map(
  readFileSync(path.join(VENDORED, 'SHA256SUMS'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const match = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line);
      if (!match) throw new Error(`test/schemas/SHA256SUMS: not a sha256sum line: ${line}`);
      return [match[2], match[1]] as const;
    }),
);
const vendored = readdirSync(VENDORED).filter((name) => /\.(json|xsd)$/.test(name));

describe('vendored schemas are the consumers’ originals', () => {
  it('every vendored schema is recorded, and every record has its file', () => {
    expect([...recorded.keys()].sort()).toEqual([...vendored].sort());
  });

  it.each(vendored)('%s has the recorded SHA-256', (name) => {
    expect(sha256(path.join(VENDORED, name))).toBe(recorded.get(name));
  });

  describe.skipIf(!existsSync(SHARED_SCHEMAS))('and the shared originals beside the checkout have it too', () => {
    it.each(vendored)('%s', (name) => {
      const original = ORIGINAL_DIRS.map((dir) => path.join(dir, name)).find((candidate) => existsSync(candidate));
      expect(original, `${name} has no original under ${path.dirname(SHARED_SCHEMAS)}`).toBeDefined();
      expect(sha256(original as string)).toBe(recorded.get(name));
    });
  });
});
