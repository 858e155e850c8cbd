// The SDK's transport (node:http / node:https behind the fetch contract), against real local
// servers: what the SDK relies on from fetch — status, headers, a streamed body, AbortSignal as
// AbortError before and after the headers, connection failures as TypeError('fetch failed') with
// the cause. TLS with certificate checks: transport-tls.test.ts (e2e: it runs openssl).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetch, readBodyText } from '../../src/cloudflare/transport';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let server: http.Server;
let base: string;
let handler: Handler = (_req, res) => res.end();

beforeAll(async () => {
  server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('nodeFetch', () => {
  it('sends method and headers, returns status, headers and the body', async () => {
    let seen: http.IncomingHttpHeaders = {};
    handler = (req, res) => {
      seen = req.headers;
      res.writeHead(418, 'Teapot', { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
      res.end(JSON.stringify({ method: req.method, url: req.url }));
    };
    const response = await nodeFetch(`${base}/a/b?page=2&per_page=50`, { headers: { authorization: 'Bearer t', 'accept-encoding': 'gzip' } });
    // Node's own classes, as the SDK gets them everywhere (bundled CLI, policy pack, tests): no class of ours.
    expect(response).toBeInstanceOf(Response);
    expect(response.headers).toBeInstanceOf(Headers);
    expect(response.status).toBe(418);
    expect(response.ok).toBe(false);
    expect(response.statusText).toBe('Teapot');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-multi')).toBe('a, b');
    expect(await response.json()).toEqual({ method: 'GET', url: '/a/b?page=2&per_page=50' });
    expect(seen.authorization).toBe('Bearer t');
    expect(seen['accept-encoding']).toBeUndefined(); // identity: nothing to decode
  });

  it('sends a string body with its length', async () => {
    handler = (req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (c: string) => (body += c));
      req.on('end', () => res.end(`${req.method} ${req.headers['content-length']} ${body}`));
    };
    const response = await nodeFetch(`${base}/`, { method: 'POST', body: 'ünï' });
    expect(await response.text()).toBe('POST 5 ünï'); // bytes, not characters
  });

  it('a 204 has no body', async () => {
    handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    const response = await nodeFetch(`${base}/`);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('an abort before the headers rejects with AbortError', async () => {
    handler = () => undefined; // never answers
    const controller = new AbortController();
    const pending = nodeFetch(`${base}/`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('an abort while the body streams fails reading the body with AbortError', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial'); // and never ends
    };
    const controller = new AbortController();
    const response = await nodeFetch(`${base}/`, { signal: controller.signal });
    const text = response.text();
    controller.abort();
    await expect(text).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a body over the cap is cancelled and its connection closed; the read fails with the limit', async () => {
    let closed!: Promise<void>;
    handler = (req, res) => {
      closed = new Promise((resolve) => req.socket.once('close', () => resolve()));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('x'.repeat(4096)); // and never ends
    };
    const response = await nodeFetch(`${base}/`);
    await expect(readBodyText(response, { timeoutMs: 5_000, maxBytes: 1024 })).rejects.toThrow(/larger than the limit/);
    await closed; // the socket is gone: an endless body keeps nothing alive
  });

  it('a body cut off before its end fails the read, even when what arrived parses (never a partial page)', async () => {
    for (const cut of ['length', 'chunked'] as const) {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', ...(cut === 'length' ? { 'content-length': '100' } : {}) });
        res.write('{"result":[]}'); // a whole JSON document, then the connection drops
        setTimeout(() => res.socket?.destroy(), 20);
      };
      const response = await nodeFetch(`${base}/`);
      // Issue 19: it says what happened (not Node's bare "aborted"), with what arrived.
      const expected = cut === 'length' ? /^the connection closed before the response body ended \(13 bytes received of the 100 declared\)/ : /^the connection closed before the response body ended \(13 bytes received\)/;
      await expect(readBodyText(response, { timeoutMs: 5_000, maxBytes: 1024 }), cut).rejects.toThrow(expected);
    }
  });

  it('an already aborted signal rejects at once', async () => {
    await expect(nodeFetch(`${base}/`, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a refused connection is TypeError("fetch failed") with the system error as cause', async () => {
    const error = (await nodeFetch('http://127.0.0.1:9/').catch((e: unknown) => e)) as TypeError & { cause?: NodeJS.ErrnoException };
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('fetch failed');
    expect(error.cause?.code).toBe('ECONNREFUSED');
  });

  it('other schemes are refused', async () => {
    await expect(nodeFetch('ftp://127.0.0.1/')).rejects.toThrow(TypeError);
  });
});
