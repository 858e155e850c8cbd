// The Headers and Response of the reader's fetch (transport.ts): the part of the Fetch standard the
// SDK and the reader use, and no more.
//
// Why not Node's own classes: they live in Node's bundled undici, and the first `new Headers()` of a
// process loads and compiles all of it, about 45 ms on Node 24 (more than the rest of a one-account
// `check`), for a class that is a case-insensitive map here. The CLI bundle gives the SDK these
// classes too (scripts/build.mjs, `inject`); unbundled (tests, the policy pack) the SDK builds its
// request headers with Node's Headers, which the transport reads through forEach like any other.
import { Readable } from 'node:stream';
import { compareText } from '../order';

/** What a request's headers may be given as (HeadersInit, read without naming Node's Headers). */
export type HeadersSource =
  | { forEach(callback: (value: string, name: string) => void): void }
  | Iterable<readonly [string, string]>
  | Record<string, string | number>;

// The Fetch standard: a name is a token; a value is a byte string that loses leading and trailing
// whitespace and may not hold NUL, CR or LF. Messages never quote a value: it may be the API token.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const FORBIDDEN_IN_VALUE = /[\0\r\n\u0100-\uffff]/;

function headerName(name: string): string {
  if (!TOKEN.test(name)) throw new TypeError('invalid HTTP header name');
  return name.toLowerCase();
}

function headerValue(name: string, value: string | number): string {
  const normalised = String(value).replace(EDGE_WHITESPACE, '');
  if (FORBIDDEN_IN_VALUE.test(normalised)) throw new TypeError(`invalid value for the HTTP header "${name}"`);
  return normalised;
}

function hasForEach(source: HeadersSource): source is Extract<HeadersSource, { forEach: unknown }> {
  return typeof (source as { forEach?: unknown }).forEach === 'function' && !Array.isArray(source);
}

export class HttpHeaders {
  readonly #values = new Map<string, string>();

  constructor(init?: HeadersSource | null) {
    if (init === undefined || init === null) return;
    if (hasForEach(init)) init.forEach((value, name) => this.append(name, value));
    else if (Symbol.iterator in init) for (const [name, value] of init as Iterable<readonly [string, string]>) this.append(name, value);
    else for (const [name, value] of Object.entries(init)) this.append(name, value);
  }

  append(name: string, value: string | number): void {
    const key = headerName(name);
    const added = headerValue(key, value);
    const existing = this.#values.get(key);
    this.#values.set(key, existing === undefined ? added : `${existing}, ${added}`);
  }

  set(name: string, value: string | number): void {
    const key = headerName(name);
    this.#values.set(key, headerValue(key, value));
  }

  get(name: string): string | null {
    return this.#values.get(headerName(name)) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(headerName(name));
  }

  delete(name: string): void {
    this.#values.delete(headerName(name));
  }

  forEach(callback: (value: string, name: string, headers: HttpHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  /** Sorted by name, lower-cased, as the standard iterates. */
  entries(): IterableIterator<[string, string]> {
    return [...this.#values].sort(([a], [b]) => compareText(a, b))[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

export interface HttpResponseInit {
  status: number;
  statusText?: string;
  headers?: HttpHeaders;
}

/**
 * A response: status, headers and a body that is a Node stream (the socket's own, with its
 * backpressure; destroying it closes the socket) or a text already read.
 */
export class HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HttpHeaders;
  /** Always empty: no redirects are followed, and the SDK only logs it. */
  readonly url = '';
  readonly #stream: Readable | null;
  readonly #text: string | undefined;
  #used = false;

  constructor(body: Readable | string | null, init: HttpResponseInit) {
    this.status = init.status;
    this.statusText = init.statusText ?? '';
    this.headers = init.headers ?? new HttpHeaders();
    this.#stream = typeof body === 'string' ? null : body;
    this.#text = typeof body === 'string' ? body : undefined;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  /** The body as a stream (an async iterable, which is how the SDK cancels a body it will not read). */
  get body(): Readable | null {
    if (this.#text !== undefined) return Readable.from([Buffer.from(this.#text, 'utf8')]);
    return this.#stream;
  }

  async text(): Promise<string> {
    if (this.#used) throw new TypeError('the response body was already read');
    this.#used = true;
    if (this.#text !== undefined) return this.#text;
    if (this.#stream === null) return '';
    const chunks: Buffer[] = [];
    for await (const chunk of this.#stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }
}
