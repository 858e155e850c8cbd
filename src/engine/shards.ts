// Which shard of N checks which account (`check --shard I/N`, recomputed by `merge`). Pure.
import { compareText } from '../core/order';

/**
 * Accounts dealt round-robin in account-id order: shard sizes differ by at most one, and the deal
 * does not depend on the order of the file. The 1-based shard of each account.
 */
export function dealShards(accountIds: readonly string[], count: number): Map<string, number> {
  if (!Number.isSafeInteger(count) || count < 1) throw new TypeError(`dealShards: count must be a whole number >= 1, got ${count}`);
  const sorted = [...new Set(accountIds)].sort(compareText);
  return new Map(sorted.map((id, position) => [id, (position % count) + 1]));
}

/** The accounts of shard `index` of `count`, in the order given. */
export function shardAccounts(accountIds: readonly string[], shard: { index: number; count: number }): string[] {
  const dealt = dealShards(accountIds, shard.count);
  return accountIds.filter((id) => dealt.get(id) === shard.index);
}
