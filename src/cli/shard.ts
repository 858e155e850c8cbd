// `--shard I/N`: a stable 1/N of the accounts, by a hash of the account id, so a CI matrix
// splits the work the same way on every run whatever the order of the file.
import { UsageError } from './errors';
import { sha256 } from '../digest';

export interface Shard {
  index: number; // 1-based
  count: number;
}

export function parseShard(raw: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(raw);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > 1000 || index < 1 || index > count) {
    throw new UsageError(`--shard must look like I/N with 1 <= I <= N <= 1000 (e.g. 2/4), got "${raw}"`);
  }
  return { index, count };
}

export function shardOf(accountId: string, count: number): number {
  return (sha256(accountId).readUInt32BE(0) % count) + 1;
}

export function inShard(accountId: string, shard: Shard): boolean {
  return shardOf(accountId, shard.count) === shard.index;
}
