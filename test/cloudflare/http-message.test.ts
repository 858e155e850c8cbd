// The transport's Headers and Response (src/cloudflare/http-message.ts) stand in for Node's own in the
// CLI bundle, the SDK's included: any sequence of header operations must end where Node's Headers
// (the Fetch standard's) ends, and both must refuse the same names and values.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpHeaders, HttpResponse } from '../../src/cloudflare/http-message';

type Operation = { op: 'append' | 'set' | 'delete' | 'get' | 'has'; name: string; value: string };

// Names: valid tokens in any case (so case-insensitivity is exercised) and some invalid ones.
// set-cookie is left out: the standard iterates it unjoined, and no API response the reader uses has it.
const name = fc.oneof(
  fc.constantFrom('Authorization', 'authorization', 'X-Auth-Key', 'content-type', 'Content-Type', 'retry-after', 'x-a', 'X-A'),
  fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,8}$/),
  fc.constantFrom('', 'bad name', 'x:y', 'é', 'a\nb'),
).filter((n) => n.toLowerCase() !== 'set-cookie');
// Values: plain text, edge whitespace, and the characters the standard refuses.
const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(' padded\t', '\r\nleading', 'a\0b', 'a\nb', 'a\rb', 'ü', '€', 'Bearer abc', ''),
);
const operation: fc.Arbitrary<Operation> = fc.record({ op: fc.constantFrom('append', 'set', 'delete', 'get', 'has'), name, value });

/** Runs one operation; the outcome is its result or "throws" (TypeError). */
function run(headers: Pick<Headers, 'append' | 'set' | 'delete' | 'get' | 'has'>, { op, name: n, value: v }: Operation): unknown {
  try {
    if (op === 'append') headers.append(n, v);
    else if (op === 'set') headers.set(n, v);
    else if (op === 'delete') headers.delete(n);
    else if (op === 'get') return headers.get(n);
    else return headers.has(n);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return 'throws';
  }
}

/** name/value pairs in iteration order, through forEach (what both classes have). */
function pairs(headers: { forEach(callback: (value: string, name: string) => void): void }): string[][] {
  const out: string[][] = [];
  headers.forEach((v, n) => out.push([n, v]));
  return out;
}

describe('HttpHeaders', () => {
  it('ends every sequence of operations where the standard Headers ends', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 25 }), (operations) => {
        const ours = new HttpHeaders();
        const standard = new Headers();
        for (const step of operations) expect(run(ours, step)).toEqual(run(standard, step));
        expect(pairs(ours)).toEqual(pairs(standard));
        expect([...ours]).toEqual(pairs(standard));
      }),
      { numRuns: 500 },
    );
  });

  it('copies from a standard Headers, pairs or a record, as the standard does', () => {
    const init = { Authorization: 'Bearer t', 'X-Multi': 'a', 'x-multi': 'b' };
    const standard = new Headers(init);
    for (const source of [init, Object.entries(init), standard, new HttpHeaders(init)]) {
      expect(pairs(new HttpHeaders(source))).toEqual(pairs(standard));
    }
  });

  it('never quotes a refused value (it may be the token)', () => {
    expect(() => new HttpHeaders({ authorization: 'Bearer secret-token\nInjected: yes' })).toThrow(/authorization/);
    try {
      new HttpHeaders({ authorization: 'Bearer secret-token\nInjected: yes' });
    } catch (error) {
      expect(String(error)).not.toContain('secret');
    }
  });
});

describe('HttpResponse', () => {
  it('reads a streamed body once, as text or JSON', async () => {
    const response = new HttpResponse(Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]), { status: 200 });
    expect(response.ok).toBe(true);
    expect(await response.json()).toEqual({ a: 1 });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('is ok for 2xx only, and keeps status, text and headers', async () => {
    const headers = new HttpHeaders({ 'retry-after': '3' });
    const response = new HttpResponse('slow down', { status: 429, statusText: 'Too Many Requests', headers });
    expect([response.ok, response.status, response.statusText, response.headers.get('Retry-After')]).toEqual([false, 429, 'Too Many Requests', '3']);
    expect(new HttpResponse(null, { status: 299 }).ok).toBe(true);
    expect(new HttpResponse(null, { status: 300 }).ok).toBe(false);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('slow down');
    expect(await response.text()).toBe('slow down');
  });
});
