// Issue 19 item 6: a response with one key twice in an object contradicts itself (JSON.parse keeps the
// last), so the reader must see it. firstDuplicateKey against JSON.stringify's own output.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstDuplicateKey } from '../../src/cloudflare/envelope';

describe('firstDuplicateKey', () => {
  it('finds the forged envelope of the review, and duplicates at any depth', () => {
    expect(firstDuplicateKey('{"success":false,"errors":[{"code":1}],"result":[],"success":true,"result":[{"id":"a"}]}')).toBe('success');
    expect(firstDuplicateKey('{"result":[{"id":"a","enabled":false,"enabled":true}]}')).toBe('enabled');
    expect(firstDuplicateKey('{"a\\u0062":1,"ab":2}')).toBe('ab');
  });

  it('is not fooled by keys inside strings, escaped quotes or equal keys in sibling objects', () => {
    expect(firstDuplicateKey('{"a":"\\"a\\":1","b":"x\\\\","c":{"a":1},"d":[{"a":1},{"a":2}]}')).toBeUndefined();
  });

  it('no duplicate in anything JSON.stringify writes; one added to any object is found', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, key) => {
        expect(firstDuplicateKey(JSON.stringify(value))).toBeUndefined();
        const text = JSON.stringify({ [key]: 1, nested: value }).replace(/}$/, () => `,${JSON.stringify(key)}:2}`);
        expect(firstDuplicateKey(text)).toBe(key);
      }),
      { numRuns: 300 },
    );
  });

  it('an object with very many keys is checked in one pass (a Set past a few keys)', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `"k${i}":0`);
    expect(firstDuplicateKey(`{${keys.join(',')}}`)).toBeUndefined();
    expect(firstDuplicateKey(`{${keys.join(',')},"k7":1}`)).toBe('k7');
  });
});
