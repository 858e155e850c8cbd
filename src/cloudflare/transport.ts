// The `fetch` the SDK is given: the same contract (a Response, AbortSignal honoured, connection
// failures as `TypeError('fetch failed', { cause })`), over node:http / node:https.
//
// Why not the global fetch: on Node 20 its first request loads undici's whole client and compiles
// its WebAssembly HTTP parser, about 40 ms of a ~100 ms `check` of one account, and the process
// then waits ~80 ms at exit for V8's background optimisation of that parser. node:http is a few
// built-in modules, parses HTTP natively and carries the proxy tunnel (proxy.ts). The Response and
// Headers handed to the SDK are Node's own: a class of our own saved only their load time.
//
// Differences from fetch, none of which the Cloudflare API uses: no redirects are followed, no
// content encoding is asked for (so none has to be decoded), bodies are strings or bytes only.
import type * as Http from 'node:http';
import { Readable } from 'node:stream';
import { proxyFor } from './proxy';

/** The fetch the SDK is given (cast to the SDK's type where the client is made: inventory.ts). */
export type ReaderFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'AbortError' ? reason : new DOMException('This operation was aborted', 'AbortError');
}

function outgoingHeaders(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => {
    out[name] = value;
  });
  // Identity only: nothing to decompress, and the byte counts the SDK sees are the wire's.
  delete out['accept-encoding'];
  return out;
}

function requestBody(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  throw new TypeError('cf-sso-guard transport: only string or byte request bodies are supported');
}

export const nodeFetch: ReaderFetch = (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  const signal = init?.signal ?? undefined;
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${url.protocol}`) }));
      return;
    }
    const body = requestBody(init?.body);
    const headers = outgoingHeaders(init);
    if (body !== undefined) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const client = (url.protocol === 'https:' ? require('node:https') : require('node:http')) as typeof Http;
    let response: Http.IncomingMessage | undefined;
    let proxy;
    try {
      proxy = proxyFor(url);
    } catch (error) {
      reject(new TypeError('fetch failed', { cause: error }));
      return;
    }
    const request = client.request(url, { method: init?.method ?? 'GET', headers, ...(proxy ? { agent: proxy.agent } : {}) });
    proxy?.watch(request);
    const onAbort = (): void => {
      const error = abortError(signal!);
      if (response) response.destroy(error);
      request.destroy(error);
      proxy?.abandon(request);
      reject(error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(error.name === 'AbortError' ? error : new TypeError('fetch failed', { cause: proxy ? proxy.explain(error) : error }));
    });
    request.on('response', (incoming) => {
      response = incoming;
      incoming.on('close', () => signal?.removeEventListener('abort', onAbort));
      const status = incoming.statusCode ?? 0;
      try {
        // What fetch refuses as a response is a network error here too.
        if (status < 200 || status > 599) throw new RangeError(`HTTP status ${status} is not a final response status`);
        const responseHeaders = new Headers();
        for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) responseHeaders.append(incoming.rawHeaders[i], incoming.rawHeaders[i + 1]);
        const nullBody = NULL_BODY_STATUS.has(status) || request.method === 'HEAD';
        if (nullBody) incoming.on('error', () => undefined).resume();
        // The socket's own stream, with its backpressure; cancelling the body destroys it, and the socket.
        const body = nullBody ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
        resolve(new Response(body, { status, statusText: incoming.statusMessage ?? '', headers: responseHeaders }));
      } catch (error) {
        incoming.destroy();
        reject(new TypeError('fetch failed', { cause: error }));
      }
    });
    request.end(body);
  });
};

/** A page of the list is a few KiB; anything near this is hostile or broken (documented in the README). */
export const MAX_PAGE_BODY_BYTES = 16 * 1024 * 1024;

export class BodyReadError extends Error {}

/**
 * Reads a response body as text within a time limit and a size cap. On timeout, cap, abort or a
 * connection closed early the body is cancelled, and with it the socket: a slow or endless body
 * never keeps the process alive.
 */
export function readBodyText(response: Response, limits: { timeoutMs: number; maxBytes: number; signal?: AbortSignal }): Promise<string> {
  const body = response.body;
  const length = response.headers.get('content-length');
  const declared = length === null ? Number.NaN : Number(length);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    void body?.cancel().catch(() => undefined);
    return Promise.reject(new BodyReadError(`the response body (${declared} bytes) is larger than the limit of ${limits.maxBytes / (1024 * 1024)} MiB`));
  }
  if (body === null) return Promise.resolve('');
  const reader = body.getReader();
  return new Promise<string>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let settled = false;
    const finish = (error: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      if (error === undefined) {
        resolve(Buffer.concat(chunks).toString('utf8'));
      } else {
        reader.cancel(error).catch(() => undefined);
        reject(error instanceof Error ? error : new TypeError('terminated: the response body failed', { cause: error }));
      }
    };
    const timer = setTimeout(() => finish(new BodyReadError(`the response body did not arrive within ${limits.timeoutMs} ms`)), limits.timeoutMs);
    const onAbort = (): void => finish(new BodyReadError('the read was stopped (deadline reached) while the response body arrived'));
    if (limits.signal?.aborted) {
      onAbort();
      return;
    }
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    // A connection that closes before the body's end (the stream errors with a bare "terminated"/"aborted").
    const cutOff = (): BodyReadError =>
      new BodyReadError(`the connection closed before the response body ended (${total} bytes received${Number.isFinite(declared) ? ` of the ${declared} declared` : ''}): the page is incomplete`);
    const pump = async (): Promise<void> => {
      for (;;) {
        const { done, value } = await reader.read();
        if (settled) return;
        if (done) return finish(undefined);
        total += value.byteLength;
        if (total > limits.maxBytes) return finish(new BodyReadError(`the response body is larger than the limit of ${limits.maxBytes / (1024 * 1024)} MiB`));
        chunks.push(value);
      }
    };
    pump().catch((error: unknown) => finish(error instanceof BodyReadError || (error instanceof Error && error.name === 'AbortError') ? error : cutOff()));
  });
}
