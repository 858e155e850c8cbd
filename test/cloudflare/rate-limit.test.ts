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

  it('rejects a limit that allows nothing', () => {
    expect(() => new SlidingWindowLimiter({ requests: 0, windowMs: 1000 })).toThrow(RangeError);
  });
});
