// A fixed-window rate limiter keyed by token, like Cloudflare's per-token global limit.
import type { RateLimit } from './types';

export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; used: number }>();

  constructor(private readonly limit: RateLimit, private readonly now: () => number = Date.now) {}

  /** Records one request; returns 0 when allowed, else the whole seconds until the window reopens. */
  take(key: string): number {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now >= window.startedAt + this.limit.windowMs) {
      window = { startedAt: now, used: 0 };
      this.windows.set(key, window);
    }
    if (window.used < this.limit.requests) {
      window.used += 1;
      return 0;
    }
    return Math.max(1, Math.ceil((window.startedAt + this.limit.windowMs - now) / 1000));
  }
}

export function validateRateLimit(value: unknown, where = 'rateLimit'): RateLimit {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { requests, windowMs } = record;
  if (!(typeof requests === 'number' && Number.isInteger(requests) && requests >= 1)) {
    throw new RangeError(`${where}.requests must be an integer >= 1`);
  }
  if (!(typeof windowMs === 'number' && Number.isInteger(windowMs) && windowMs >= 1)) {
    throw new RangeError(`${where}.windowMs must be an integer >= 1`);
  }
  return { requests, windowMs };
}
