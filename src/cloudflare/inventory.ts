// Live inventory through the official `cloudflare` SDK: every page of every account, read in
// parallel with a bound, under a client-side rate limit, with bounded retries (the SDK's own,
// which honours Retry-After). An account that cannot be read completely and correctly is
// returned with status 'error' and a plain message — never as an empty list.
import type { AccountInventory, ObservedConnector } from '../types';
import { describeErrors, parseListPage } from './envelope';
import { CLOUDFLARE_RATE_LIMIT, type RateLimit, SlidingWindowLimiter } from './rate-limit';
import { redact } from './redact';
import type { SsoClient } from './sdk';
import { nodeFetch } from './transport';

type Sdk = typeof import('./sdk');

export interface ReadOptions {
  apiToken: string;
  /** Defaults to CLOUDFLARE_BASE_URL, then the SDK's own default (api.cloudflare.com). */
  baseURL?: string;
  /** Accounts read at once (default 8). */
  concurrency?: number;
  /** Connectors asked for per page (default 50). */
  perPage?: number;
  /** Retries per request after the first try, for 429, 5xx, timeouts and connection errors (default 3). */
  retries?: number;
  /** Per-request timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Client-side limit on request starts (default Cloudflare's 1,200 per 5 minutes). */
  rateLimit?: RateLimit;
  /** Called after each account finishes, in completion order. */
  onAccountDone?: (inventory: AccountInventory, done: number, total: number) => void;
  /** Injected clock for fetchedAt (tests). */
  now?: () => Date;
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_PER_PAGE = 50;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** A ceiling on pages per account, so a server that keeps saying "more" cannot loop us forever. */
const MAX_PAGES = 10_000;

class AccountReadError extends Error {}

let sdkModule: Promise<Sdk> | undefined;

/**
 * Loaded on the paths that read the network only: `validate` and offline checks skip its cost.
 * A dynamic import, so the bundler keeps it in the bundle yet runs it only when needed.
 */
function loadSdk(): Promise<Sdk> {
  sdkModule ??= import('./sdk');
  return sdkModule;
}

export function createClient(sdk: Sdk, options: ReadOptions, limiter: SlidingWindowLimiter): SsoClient {
  const limitedFetch: typeof fetch = async (input, init) => {
    await limiter.acquire();
    return nodeFetch(input, init);
  };
  return sdk.createSsoClient({
    apiToken: options.apiToken,
    // Never let the SDK fall back to other credentials from the environment.
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: options.retries ?? DEFAULT_RETRIES,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: limitedFetch,
    logLevel: 'off',
  });
}

/** Plain words for whatever the SDK threw: HTTP status, Cloudflare code and message. */
export function describeReadError(error: unknown, sdk: Sdk, apiToken: string): string {
  let message: string;
  if (error instanceof AccountReadError) {
    message = error.message;
  } else if (error instanceof sdk.APIConnectionTimeoutError) {
    message = 'the request timed out (after all retries)';
  } else if (error instanceof sdk.APIConnectionError) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? (cause as Error & { cause?: Error }).cause?.message ?? cause.message : '';
    message = `could not connect to the API${detail ? ` (${detail})` : ''}`;
  } else if (error instanceof sdk.APIError) {
    const body = error.error as { errors?: unknown } | undefined;
    const cloudflareErrors = describeErrors(body?.errors);
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

async function readPage(
  client: SsoClient,
  accountId: string,
  page: number,
  perPage: number,
  timeoutMs: number,
): Promise<ReturnType<typeof parseListPage>> {
  const response = await client.iam.sso.list({ account_id: accountId }, { query: { page, per_page: perPage } }).asResponse();
  // The SDK's timeout covers the headers only; bound the body too.
  let timer: NodeJS.Timeout | undefined;
  const text = await Promise.race([
    response.text(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AccountReadError(`the response body did not arrive within ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  const contentType = response.headers.get('content-type') ?? '';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const kind = /html/i.test(contentType) || /^\s*</.test(text) ? 'an HTML page' : `unparseable ${contentType || 'content'}`;
    throw new AccountReadError(`HTTP ${response.status}: the API returned ${kind} instead of JSON (page ${page})`);
  }
  return parseListPage(accountId, body);
}

/** Reads every page of one account, checking that the pages add up to what the API promised. */
export async function readAccount(client: SsoClient, accountId: string, options: ReadOptions): Promise<AccountInventory> {
  const sdk = await loadSdk();
  const perPage = options.perPage ?? DEFAULT_PER_PAGE;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());
  const connectors: ObservedConnector[] = [];
  const seenIds = new Set<string>();
  let pagesFetched = 0;
  try {
    let promisedTotal: number | undefined;
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES) throw new AccountReadError(`gave up after ${MAX_PAGES} pages`);
      const parsed = await readPage(client, accountId, page, perPage, timeoutMs);
      pagesFetched++;
      if (!parsed.ok) throw new AccountReadError(`${parsed.reason} (page ${page})`);
      for (const item of parsed.items) {
        if (seenIds.has(item.id)) throw new AccountReadError(`connector ${item.id} appeared twice while paging; the list changed during the read (page ${page})`);
        seenIds.add(item.id);
        connectors.push(item);
      }
      const total = parsed.info?.totalCount;
      if (total !== undefined) {
        if (promisedTotal !== undefined && total !== promisedTotal) {
          throw new AccountReadError(`total_count changed from ${promisedTotal} to ${total} while paging; the list changed during the read`);
        }
        promisedTotal = total;
        if (connectors.length > total) throw new AccountReadError(`received ${connectors.length} connectors but total_count is ${total}`);
        if (connectors.length === total) break;
        if (parsed.items.length === 0) {
          throw new AccountReadError(`page ${page} was empty but total_count says ${total} and only ${connectors.length} were received`);
        }
      } else if (parsed.items.length < perPage || parsed.items.length === 0) {
        // No result_info: a short page is the last one.
        break;
      }
    }
    return { accountId, status: 'ok', connectors, fetchedAt: now().toISOString(), pagesFetched };
  } catch (error) {
    return {
      accountId,
      status: 'error',
      error: describeReadError(error, sdk, options.apiToken),
      connectors: [],
      fetchedAt: now().toISOString(),
      pagesFetched,
    };
  }
}

/** Reads all accounts (bounded parallelism); results come back in the order of `accountIds`. */
export async function readInventories(accountIds: readonly string[], options: ReadOptions): Promise<AccountInventory[]> {
  const limiter = new SlidingWindowLimiter(options.rateLimit ?? CLOUDFLARE_RATE_LIMIT);
  const client = createClient(await loadSdk(), options, limiter);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, accountIds.length || 1));
  const results: AccountInventory[] = new Array(accountIds.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < accountIds.length) {
      const index = next++;
      const inventory = await readAccount(client, accountIds[index], options);
      results[index] = inventory;
      done++;
      options.onAccountDone?.(inventory, done, accountIds.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
