// The fetch the SDK is given for one account: a rate-limiter slot first, then the per-request timeout
// (so waiting for a slot never eats a request's time), and a cap on how long a server may make us wait
// (Retry-After / retry-after-ms): a delay over the cap, or past the account's deadline, is not slept —
// the request fails at once and the account is "could not decide: rate limited".
import type { SlidingWindowLimiter } from './rate-limit';
import { BodyReadError, nodeFetch, readBodyText, type ReaderFetch } from './transport';

/** An error response is a few hundred bytes of JSON; the SDK reads it whole, so it is bounded here first. */
export const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/** The longest Retry-After the tool honours; a server asking for more is not waited for. */
export const MAX_RETRY_AFTER_MS = 60_000;

export interface RequestPolicy {
  limiter: SlidingWindowLimiter;
  /** Per-request time to response headers, counted from when the request really starts. */
  timeoutMs: number;
  /** Absolute time (ms, `now()` clock) after which this account gets no more requests. */
  deadlineAt: number;
  now?: () => number;
  maxRetryAfterMs?: number;
}

export interface PolicyState {
  /** Set when a server asked for a delay the tool would not wait: what it asked, and why not. */
  refusedRetry?: { delayMs: number; reason: 'cap' | 'deadline'; status: number };
  /** Set when an error response's body was over the cap or too slow (the last such). */
  errorBody?: string;
}

/** The delay a response asks for, in ms, from retry-after-ms or Retry-After (seconds or an HTTP date). */
export function requestedDelayMs(headers: Pick<Headers, 'get'>, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Number(ms);
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : date - now;
}

/** The same response with its body already read (and bounded), optionally with one more header. */
function rebuilt(response: Response, body: string, header?: [string, string]): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  if (header !== undefined) headers.set(header[0], header[1]);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

export function policyFetch(policy: RequestPolicy, state: PolicyState): ReaderFetch {
  const now = policy.now ?? (() => Date.now());
  const cap = policy.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS;
  return async (input, init) => {
    const outer = init?.signal ?? undefined;
    await policy.limiter.acquire(outer);
    // The request's own timeout starts only now, after the slot.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('The request timed out', 'AbortError')), policy.timeoutMs);
    const onOuterAbort = (): void => controller.abort(outer?.reason);
    if (outer?.aborted) onOuterAbort();
    else outer?.addEventListener('abort', onOuterAbort, { once: true });
    let response: Response;
    try {
      response = await nodeFetch(input, { ...init, signal: controller.signal });
    } finally {
      // Headers are in (or it failed): the body has its own limits (readBodyText).
      clearTimeout(timer);
    }
    if (response.ok) return response;
    // The SDK reads an error body whole and without a time limit: read it here, bounded in time and
    // size (a huge or endless error body is cancelled and its socket closed).
    let body: string;
    try {
      body = await readBodyText(response, { timeoutMs: policy.timeoutMs, maxBytes: MAX_ERROR_BODY_BYTES, ...(outer ? { signal: outer } : {}) });
    } catch (error) {
      if (error instanceof BodyReadError) state.errorBody = `HTTP ${response.status}: ${error.message.replace('the response body', 'the error response body')}`;
      throw error;
    }
    const delay = requestedDelayMs(response.headers);
    if (delay !== undefined && delay > 0) {
      const reason = delay > cap ? 'cap' : now() + delay > policy.deadlineAt ? 'deadline' : undefined;
      if (reason !== undefined) {
        state.refusedRetry = { delayMs: delay, reason, status: response.status };
        // The SDK obeys x-should-retry: it fails now instead of sleeping.
        return rebuilt(response, body, ['x-should-retry', 'false']);
      }
    }
    return rebuilt(response, body);
  };
}

/** "rate limited (HTTP 429): the API asked to retry after 86400 s, more than the 60 s this tool waits" */
export function describeRefusedRetry(refused: NonNullable<PolicyState['refusedRetry']>, deadlineMs: number, cap = MAX_RETRY_AFTER_MS): string {
  const seconds = Math.ceil(refused.delayMs / 1000);
  const why = refused.reason === 'cap' ? `more than the ${cap / 1000} s this tool waits` : `past this account's deadline of ${Math.round(deadlineMs / 1000)} s (--deadline)`;
  return `${refused.status === 429 ? 'rate limited' : `HTTP ${refused.status}`}: the API asked to retry after ${seconds} s, ${why}; not read, retry later`;
}
