// Live inventory through the official `cloudflare` SDK: every page of every account, read in
// parallel with a bound, under a client-side rate limit, with bounded retries (the SDK's own,
// which honours Retry-After). An account that cannot be read completely and correctly is
// returned with status 'error' and a plain message — never as an empty list.
import type { AccountInventory, ObservedConnector } from '../core/types';
import { describeErrors, firstDuplicateKey, parseListPage } from './envelope';
import { CLOUDFLARE_RATE_LIMIT, type RateLimit, SlidingWindowLimiter } from './rate-limit';
import { redact } from '../core/redact';
import { describeRefusedRetry, policyFetch, type PolicyState } from './request-policy';
import type { SsoClient } from './sdk';
import { BodyReadError, MAX_PAGE_BODY_BYTES, readBodyText, type ReaderFetch } from './transport';

type Sdk = typeof import('./sdk');

export interface ReadOptions {
  apiToken: string;
  /** Defaults to CLOUDFLARE_BASE_URL, then the SDK's own default (api.cloudflare.com). */
  baseURL?: string;
  /** Accounts read at once (default 8). */
  concurrency?: number;
  /** Retries per request after the first try, for 429, 5xx, timeouts and connection errors (default 3). */
  retries?: number;
  /** Per-request timeout in milliseconds (default 30 s), counted from when the request starts (after its rate-limit slot). */
  timeoutMs?: number;
  /** Overall time for one account, all pages, retries and waits included (default 10 minutes). */
  deadlineMs?: number;
  /** Client-side limit on request starts (default Cloudflare's 1,200 per 5 minutes). */
  rateLimit?: RateLimit;
  /** Called after each account finishes, in completion order. */
  onAccountDone?: (inventory: AccountInventory, done: number, total: number) => void;
  /** Injected clock for fetchedAt (tests). */
  now?: () => Date;
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 600_000;
/** A ceiling on pages per account, so a server that keeps saying "more" cannot loop us forever. */
const MAX_PAGES = 10_000;

class AccountReadError extends Error {}
class DeadlineError extends Error {}

/** Settles with the promise, or rejects with DeadlineError as soon as the signal aborts. */
function beforeDeadline<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new DeadlineError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DeadlineError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

let sdkModule: Promise<Sdk> | undefined;

/**
 * Loaded on the paths that read the network only: `validate` and offline checks skip its cost.
 * A dynamic import, so the bundler keeps it in the bundle yet runs it only when needed.
 */
function loadSdk(): Promise<Sdk> {
  sdkModule ??= import('./sdk');
  return sdkModule;
}

/** One account's client: its fetch takes a rate-limit slot, then times the request, and caps Retry-After. */
export function createClient(sdk: Sdk, options: ReadOptions, fetchImpl: ReaderFetch): SsoClient {
  return sdk.createSsoClient({
    apiToken: options.apiToken,
    // Never let the SDK fall back to other credentials from the environment.
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: options.retries ?? DEFAULT_RETRIES,
    // The per-request timeout lives in the fetch (it starts after the rate-limit slot); this is a backstop.
    timeout: (options.deadlineMs ?? DEFAULT_DEADLINE_MS) + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    // The SDK's fetch type is the standard one; ours takes the subset of inputs the SDK passes.
    fetch: fetchImpl as unknown as typeof fetch,
    logLevel: 'off',
  });
}

/** Every string inside a parsed JSON value, redacted. */
function redactDeep(value: unknown, apiToken: string): unknown {
  if (typeof value === 'string') return redact(value, apiToken);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, apiToken));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, apiToken)]));
  }
  return value;
}

/** Plain words for whatever the SDK threw: HTTP status, Cloudflare code and message. */
export function describeReadError(error: unknown, sdk: Sdk, apiToken: string, state: PolicyState = {}, deadlineMs = DEFAULT_DEADLINE_MS): string {
  let message: string;
  if (state.refusedRetry !== undefined && error instanceof sdk.APIError) {
    message = describeRefusedRetry(state.refusedRetry, deadlineMs);
  } else if (state.errorBody !== undefined && error instanceof sdk.APIConnectionError) {
    message = state.errorBody;
  } else if (error instanceof AccountReadError || error instanceof BodyReadError) {
    message = error.message;
  } else if (error instanceof sdk.APIUserAbortError || error instanceof DeadlineError) {
    message = `not read completely within the account deadline of ${Math.round(deadlineMs / 1000)} s (--deadline)`;
  } else if (error instanceof sdk.APIConnectionTimeoutError) {
    message = 'the request timed out (after all retries)';
  } else if (error instanceof sdk.APIConnectionError) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? (cause as Error & { cause?: Error }).cause?.message ?? cause.message : '';
    message = `could not connect to the API${detail ? ` (${detail})` : ''}`;
  } else if (error instanceof sdk.APIError) {
    const body = error.error as { errors?: unknown } | undefined;
    // Redacted before describeErrors cuts each message short: a cut token would no longer match whole.
    const cloudflareErrors = describeErrors(redactDeep(body?.errors, apiToken));
    const hint = error.status === 401 || error.status === 403
      ? ' — check that CLOUDFLARE_API_TOKEN is valid and has the "SSO Connector Read" permission on this account'
      : error.status === 404
        ? ' — check the account id'
        : '';
    message = `HTTP ${error.status ?? '?'}${cloudflareErrors || (body ? '' : ' (no body)')}${hint}`;
  } else {
    message = error instanceof Error ? error.message : String(error);
  }
  return redact(message, apiToken);
}

/**
 * One page of the list. The first request is made the way the SDK makes it: no paging parameters
 * (Cloudflare documents none). Later pages ask for `page` and, when the server said it, the
 * server's own `per_page`.
 */
async function readPage(
  client: SsoClient,
  accountId: string,
  page: number,
  serverPerPage: number | undefined,
  limits: { timeoutMs: number; signal: AbortSignal; apiToken: string },
): Promise<ReturnType<typeof parseListPage>> {
  const query = page === 1 ? undefined : { page, ...(serverPerPage === undefined ? {} : { per_page: serverPerPage }) };
  // asResponse() hands back what this client's fetch returned (see createClient): its Response, body unread.
  const response = (await beforeDeadline(
    client.iam.sso.list({ account_id: accountId }, { ...(query === undefined ? {} : { query }), signal: limits.signal }).asResponse(),
    limits.signal,
  ));
  // The SDK throws for any status outside 2xx; of the rest only 200 OK is a whole list (206 Partial
  // Content, 203 from a transforming proxy… are not), so the body is not even read.
  if (response.status !== 200) {
    void response.body?.cancel().catch(() => undefined);
    throw new AccountReadError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText.slice(0, 40)}` : ''}: a page of the list is trusted only with 200 OK (page ${page})`);
  }
  // The SDK's timeout covers the headers only; the body is bounded in time and size, and cancelled past either.
  let text = await readBodyText(response, { timeoutMs: limits.timeoutMs, maxBytes: MAX_PAGE_BODY_BYTES, signal: limits.signal });
  // Redacted before anything quotes (and cuts) a piece of it.
  text = redact(text, limits.apiToken);
  const contentType = response.headers.get('content-type') ?? '';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const kind = /html/i.test(contentType) || /^\s*</.test(text) ? 'an HTML page' : `unparseable ${contentType || 'content'}`;
    throw new AccountReadError(`HTTP ${response.status}: the API returned ${kind} instead of JSON (page ${page})`);
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new AccountReadError(`the response has the key "${duplicate.slice(0, 40)}" twice in one object, so it contradicts itself (page ${page})`);
  }
  return parseListPage(accountId, body);
}

function sameIds(ids: readonly string[], previous: readonly string[]): boolean {
  if (ids.length !== previous.length) return false;
  const set = new Set(previous);
  return ids.every((id) => set.has(id));
}

/**
 * Reads every connector of one account and proves the list complete, trusting only evidence:
 * - a usable `total_count` (a whole non-negative number) says how many there are: read on until
 *   exactly that many distinct connectors arrived; an empty page, a repeated page or a changed
 *   `total_count` before then fails the account;
 * - without one, a non-empty page is followed by a probe of the next page: an empty page ends the
 *   list, the previous page served again means the server does not page (the list is complete),
 *   new connectors mean read on, and a page that overlaps earlier ones in part fails the account.
 * At most the pages needed plus one probe, and never more than MAX_PAGES.
 */
export async function readAccount(limiter: SlidingWindowLimiter, accountId: string, options: ReadOptions): Promise<AccountInventory> {
  const sdk = await loadSdk();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort(new DeadlineError()), deadlineMs);
  const state: PolicyState = {};
  const client = createClient(sdk, options, policyFetch({ limiter, timeoutMs, deadlineAt: Date.now() + deadlineMs }, state));
  const limits = { timeoutMs, signal: deadline.signal, apiToken: options.apiToken };
  const now = options.now ?? (() => new Date());
  const connectors: ObservedConnector[] = [];
  const seenIds = new Set<string>();
  let pagesFetched = 0;
  try {
    let promisedTotal: number | undefined;
    let serverPerPage: number | undefined;
    let previousIds: string[] = [];
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES) throw new AccountReadError(`gave up after ${MAX_PAGES} pages`);
      const parsed = await readPage(client, accountId, page, serverPerPage, limits);
      pagesFetched++;
      if (!parsed.ok) throw new AccountReadError(`${parsed.reason} (page ${page})`);
      const ids = parsed.items.map((item) => item.id);
      if (new Set(ids).size !== ids.length) throw new AccountReadError(`page ${page} lists one connector twice`);
      const repeated = ids.filter((id) => seenIds.has(id)).length;
      if (repeated > 0) {
        if (repeated === ids.length && sameIds(ids, previousIds)) {
          // The previous page again: the server does not page. Complete, unless a total promised more.
          if (promisedTotal !== undefined && connectors.length < promisedTotal) {
            throw new AccountReadError(
              `total_count says ${promisedTotal} connectors but the server served the same ${ids.length} again on page ${page}; only ${connectors.length} could be read`,
            );
          }
          break;
        }
        throw new AccountReadError(
          `page ${page} repeats ${repeated} of ${ids.length} connectors already read on earlier pages; the list changed during the read or the server pages inconsistently`,
        );
      }
      for (const item of parsed.items) {
        seenIds.add(item.id);
        connectors.push(item);
      }
      const total = parsed.info.totalCount;
      if (total !== undefined) {
        if (promisedTotal !== undefined && total !== promisedTotal) {
          throw new AccountReadError(`total_count changed from ${promisedTotal} to ${total} on page ${page}; the list changed during the read`);
        }
        promisedTotal = total;
      }
      if (parsed.info.perPage !== undefined) serverPerPage = parsed.info.perPage;
      if (promisedTotal !== undefined && connectors.length > promisedTotal) {
        throw new AccountReadError(`received ${connectors.length} connectors by page ${page} but total_count is ${promisedTotal}`);
      }
      if (parsed.items.length === 0) {
        if (promisedTotal !== undefined && connectors.length < promisedTotal) {
          throw new AccountReadError(`page ${page} was empty but total_count says ${promisedTotal} and only ${connectors.length} were received`);
        }
        break;
      }
      if (promisedTotal !== undefined && connectors.length === promisedTotal) break;
      previousIds = ids;
    }
    return { accountId, status: 'ok', connectors, fetchedAt: now().toISOString(), pagesFetched };
  } catch (error) {
    return {
      accountId,
      status: 'error',
      error: describeReadError(error, sdk, options.apiToken, state, deadlineMs),
      connectors: [],
      fetchedAt: now().toISOString(),
      pagesFetched,
    };
  } finally {
    clearTimeout(deadlineTimer);
  }
}

/** Reads all accounts (bounded parallelism); results come back in the order of `accountIds`. */
export async function readInventories(accountIds: readonly string[], options: ReadOptions): Promise<AccountInventory[]> {
  const limiter = new SlidingWindowLimiter(options.rateLimit ?? CLOUDFLARE_RATE_LIMIT);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, accountIds.length || 1));
  const results: AccountInventory[] = new Array(accountIds.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < accountIds.length) {
      const index = next++;
      const inventory = await readAccount(limiter, accountIds[index], options);
      results[index] = inventory;
      done++;
      options.onAccountDone?.(inventory, done, accountIds.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
