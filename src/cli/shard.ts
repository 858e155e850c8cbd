// `--shard I/N`: the accounts dealt round-robin in id order (src/engine/shards.ts), so a CI matrix
// gets shards whose sizes differ by at most one, the same way on every run.
import { UsageError } from './errors';

export interface Shard {
  index: number; // 1-based
  count: number;
}

export const MAX_SHARDS = 1000;

export function parseShard(raw: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(raw);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new UsageError(`--shard must look like I/N with 1 <= I <= N <= ${MAX_SHARDS} (e.g. 2/4), got "${raw}"`);
  }
  return { index, count };
}
