// The previous run's figures, shown beside this run's so that RESULTS.md says what issue 20's
// simplification cost: the last run before it (bench/RESULTS.md at 8ad9ef1, `git show
// 8ad9ef1:bench/RESULTS.md`, unchanged up to c44ef29). Times in ms, memory in MB, as that run measured them;
// the ratios are derived here with the same formulas as this run's (from the rounded times, so one may
// differ from that file's by 0.01).

export const PREVIOUS_RUN =
  '2026-11-28T11:59Z, Node v24.22.3, load 0.8 at the start, quiet machine (bench/RESULTS.md at 8ad9ef1: 13 PASS, 3 MISS, ' +
  'with the custom Headers/Response injected into the SDK, the frozen sharing and the template caches)';

/** The run before issue 11's start-up simplification (0239d01, Node 20, quiet): ratios to node -e 0. */
export const BEFORE_ISSUE_11_NODE20 = { validate: 1.49, 'check --snapshot': 1.64, 'check (live)': 2.9 };

export const PREVIOUS = {
  cold: { 'node -e 0': 40.2, validate: 77.8, 'check --snapshot': 94.4, 'check (live)': 114.0, 'curl | jq': 33.5, 'node fetch': 155.9 },
  many: { trip: 27.3, wholeProcess: 2150, read: 1420, bare: 1380, rateLimited: 0, limitedWholeProcess: 7220 },
  /** Per case and size: the median of 5 runs in one process, its first run, the peak RSS of a one-run child. */
  engine: {
    compliant: { 1000: { medianMs: 11.9, firstMs: 17.7, peakMB: 82 }, 10000: { medianMs: 28.9, firstMs: 43.2, peakMB: 101 }, 100000: { medianMs: 156.3, firstMs: 241.4, peakMB: 217 } },
    drift: { 1000: { medianMs: 17.4, firstMs: 23.0, peakMB: 85 }, 10000: { medianMs: 37.4, firstMs: 107.2, peakMB: 105 }, 100000: { medianMs: 240.0, firstMs: 379.4, peakMB: 253 } },
  } as Record<'compliant' | 'drift', Record<number, { medianMs: number; firstMs: number; peakMB: number } | undefined>>,
  pack: { emptyStart: 1050, packStart: 1160, analyzeStack: 248.2, analyze: 1.4 },
};
