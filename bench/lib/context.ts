import type { Results } from './results';

export interface BenchContext {
  /** Repository root. */
  root: string;
  /** bench/.cache: generated inputs and the bench bundle (git-ignored). */
  cacheDir: string;
  /** The built CLI users run (dist/cli.js). */
  cli: string;
  /** The bench bundle itself, for child processes (`node <self> engine-child ...`). */
  self: string;
  /** Interleaved rounds for whole-process timings. */
  rounds: number;
  results: Results;
}
