import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SlidingWindowLimiter } from '../../src/cloudflare';

/** A virtual clock: sleep() advances time instantly, so the property runs in microseconds. */
function virtualClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => { now += ms; } };
}

describe('SlidingWindowLimiter', () => {
  it('never lets more than N request starts into any window of the server size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 10, max: 5_000 }), fc.integer({ min: 1, max: 120 }), async (requests, windowMs, total) => {
        const clock = virtualClock();
        const limiter = new SlidingWindowLimiter({ requests, windowMs }, clock.now, clock.sleep);
        const starts: number[] = [];
        await Promise.all(Array.from({ length: total }, () => limiter.acquire().then(() => starts.push(clock.now()))));
        expect(starts).toHaveLength(total);
        for (let i = requests; i < starts.length; i++) {
          expect(starts[i] - starts[i - requests]).toBeGreaterThanOrEqual(windowMs);
        }
        // ...and does not waste the budget: no more than ~2% + 1 ms slower than the limit allows.
        const windows = Math.floor((total - 1) / requests);
        expect(starts.at(-1)!).toBeLessThanOrEqual(windows * (windowMs * 1.02 + 25 + 2));
      }),
      { numRuns: 200 },
    );
  });

  it('an abort while waiting rejects at once and takes no slot (issue 14, item 9)', async () => {
    let now = 0;
    const wakeups: Array<() => void> = [];
    // A clock that only moves when the test says so, so the waiter is really waiting.
    const limiter = new SlidingWindowLimiter({ requests: 1, windowMs: 1000 }, () => now, () => new Promise<void>((resolve) => wakeups.push(resolve)));
    await limiter.acquire();
    expect(limiter.inUse()).toBe(1);
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const outcome = waiting.then(() => 'slot', (error: unknown) => `rejected: ${(error as Error).name}`);
    controller.abort(new DOMException('timed out', 'TimeoutError'));
    expect(await outcome).toBe('rejected: TimeoutError');
    // The window passes: the aborted waiter must not take the slot it no longer wants.
    now = 2000;
    wakeups.splice(0).forEach((wake) => wake());
    await new Promise((resolve) => setTimeout(resolve, 10));
    const next = limiter.acquire();
    wakeups.splice(0).forEach((wake) => wake());
    await next;
    expect(limiter.inUse()).toBe(1); // only `next`: the aborted one used nothing
  });

  it('rejects a limit that allows nothing', () => {
    expect(() => new SlidingWindowLimiter({ requests: 0, windowMs: 1000 })).toThrow(RangeError);
  });
});
