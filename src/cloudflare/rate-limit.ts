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

  /**
   * Resolves when one more request may start; calls are served in order. With a signal, an abort while
   * waiting rejects at once and takes no slot (a request that never started uses none of the window).
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    let cancelled = false;
    let start: number | undefined;
    const turn = this.chain.then(async () => {
      if (!cancelled) start = await this.waitForSlot(() => cancelled);
    });
    this.chain = turn.catch(() => undefined);
    if (signal === undefined) return turn;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        cancelled = true;
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      turn.then(
        () => {
          signal.removeEventListener('abort', onAbort);
          // Aborted between taking the slot and being told: give it back.
          if (cancelled) this.release(start);
          else resolve();
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** Slots in use in the current window (tests, diagnostics). */
  inUse(): number {
    return this.starts.length - this.head;
  }

  private release(start: number | undefined): void {
    if (start === undefined) return;
    const index = this.starts.lastIndexOf(start);
    if (index >= this.head) this.starts.splice(index, 1);
  }

  /** The start time taken, or undefined when cancelled before a slot was taken. */
  private async waitForSlot(cancelled: () => boolean): Promise<number | undefined> {
    for (;;) {
      if (cancelled()) return undefined;
      const now = this.now();
      const inWindow = this.starts.length - this.head;
      if (inWindow < this.limit.requests) {
        this.starts.push(now);
        return now;
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

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
