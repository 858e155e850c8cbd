// redact skips a text that holds none of the token's blocks (every page of a read passes through it):
// the result must be what marking every run of the token gives, for texts with pieces of the token.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACT_RUN, redact, stripUrlCredentials } from '../../src/core/redact';

/** The plain rule: every character inside an occurrence of a run of the token is covered. */
function reference(text: string, token: string): string {
  const out = stripUrlCredentials(text);
  const covered = new Uint8Array(out.length);
  for (let i = 0; i + REDACT_RUN <= token.length; i++) {
    const gram = token.slice(i, i + REDACT_RUN);
    for (let at = out.indexOf(gram); at !== -1; at = out.indexOf(gram, at + 1)) covered.fill(1, at, at + REDACT_RUN);
  }
  let result = '';
  for (let i = 0; i < out.length; i++) {
    if (covered[i] === 0) result += out[i];
    else if (i === 0 || covered[i - 1] === 0) result += '[REDACTED]';
  }
  return result;
}

const alphabet = fc.constantFrom(...'ab-_01xyz'.split(''));
const token = fc.string({ unit: alphabet, minLength: REDACT_RUN + 1, maxLength: 40 });

describe('redact', () => {
  it('covers every run of the token, whole or cut, wherever it sits', () => {
    fc.assert(
      fc.property(
        token,
        fc.array(fc.tuple(fc.string({ unit: alphabet, maxLength: 12 }), fc.nat(40), fc.nat(40)), { maxLength: 6 }),
        (secret, parts) => {
          // Filler from the token's own alphabet, with slices of the token (some long enough to be a run).
          const text = parts.map(([filler, from, length]) => filler + secret.slice(from % secret.length, (from % secret.length) + length)).join('');
          expect(redact(text, secret)).toBe(reference(text, secret));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
