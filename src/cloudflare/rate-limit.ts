// Client-side rate limit: at most `requests` request starts in any window of `windowMs`.
// A sliding log (not a token bucket) so that no window of the server's, fixed or sliding,
// can ever see more than the limit — the goal is zero 429s, not just "few".

export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** Cloudflare's documented global limit: 1,200 requests per 5 minutes per token. */
export const CLOUDFLARE_RATE_LIMIT: RateLimit = { requests: 1200, windowMs: 5 * 60 * 1000 };

export class SlidingWindowLimiter {
  private readonly starts: number[] = [];
  private head = 0;
  private chain: Promise<void> = Promise.resolve();
  /**
   * The window we keep, a little longer than the server's: a request reaches the server some
   * milliseconds after it starts here, and that jitter must not let a fifth request into a
   * window that already counted four. 2% (25 ms to 5 s) costs at most 2% of throughput.
   */
  private readonly windowMs: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!(limit.requests >= 1) || !(limit.windowMs > 0)) throw new RangeError('rate limit must allow at least 1 request per positive window');
    this.windowMs = limit.windowMs + Math.min(5_000, Math.max(25, limit.windowMs * 0.02));
  }

  /** Resolves when one more request may start; calls are served in order. */
  acquire(): Promise<void> {
    const turn = this.chain.then(() => this.waitForSlot());
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      const inWindow = this.starts.length - this.head;
      if (inWindow < this.limit.requests) {
        this.starts.push(now);
        return;
      }
      const oldest = this.starts[this.head];
      const wait = oldest + this.windowMs - now;
      if (wait <= 0) {
        this.head++;
        if (this.head > 4096) {
          this.starts.splice(0, this.head);
          this.head = 0;
        }
        continue;
      }
      // +1 ms: timers may fire a hair early relative to performance.now().
      await this.sleep(wait + 1);
    }
  }
}
