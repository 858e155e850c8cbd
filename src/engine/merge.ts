// Merging sharded runs (`check --shard I/N`) into one report by judging again what the shards read.
// Pure: data in, data out. A shard report is untrusted: merge takes from it only its observations
// (each account's connectors as read, or the read error) and its I/N, checks the I/N against a deal
// of its own, and runs the engine on the observations against the desired state and the waivers as of
// its own day. The findings, checks, waivers, severities and status a shard wrote are never read.
import type { AccountInventory, DesiredState, Observations, Report, Severity, ShardProvenance } from '../core/types';
import { evaluate } from './evaluate';
import { buildReport } from './report';
import { dealShards } from './shards';

/** One shard report, as read from disk and validated (schema, sizes, each connector). */
export interface MergeShard {
  /** The report's path as given, for messages and the provenance. */
  name: string;
  /** SHA-256 (hex) of the report file's bytes. */
  sha256: string;
  /** The desired-state file the shard says it checked. */
  desiredSha256: string;
  /** The shard's `I/N` and the accounts it says the deal gave it. */
  shard?: { index: number; count: number; accounts: readonly string[] };
  observations?: Observations;
}

export interface MergeInput {
  shards: readonly MergeShard[];
  desired: DesiredState;
  /** The accounts the merge covers (the file's, or an `--account` selection), in file order: dealt as `check` dealt them. */
  required: readonly string[];
  /** The merge's own day, YYYY-MM-DD: waivers are judged as of it. */
  asOf: string;
  generatedAt: string;
  failOn: Severity | 'never';
  toolVersion: string;
  runtime: { node: string; commandLine: string[] };
}

export type MergeResult = { ok: true; report: Report } | { ok: false; problem: string };

/**
 * Refuses (ok: false) a set of reports that cannot be shards of one deal: another desired-state file,
 * no observations, different N, an index outside 1..N, an account the deal gives another shard.
 * An account no report holds, or two reports hold, is "could not decide" in the merged report.
 */
export function mergeShards(input: MergeInput): MergeResult {
  if (input.shards.length === 0) return { ok: false, problem: 'no shard reports to merge' };
  const declared = new Set(input.desired.accounts.map((account) => account.id));
  const required = new Set(input.required);
  let count: { name: string; value: number } | undefined;

  for (const { name, desiredSha256, shard, observations } of input.shards) {
    if (desiredSha256 !== input.desired.sha256) return { ok: false, problem: `${name}: checked a different desired-state file (SHA-256 differs)` };
    if (shard === undefined) return { ok: false, problem: `${name}: is not a shard report (made by check without --shard I/N); merge judges shard reports only` };
    if (observations === undefined) {
      return { ok: false, problem: `${name}: carries no observations (the connectors the shard read), so it cannot be judged again; run check --shard I/N --format json again` };
    }
    if (count !== undefined && shard.count !== count.value) {
      return { ok: false, problem: `${name}: is a shard of ${shard.count}, ${count.name} of ${count.value}; every shard must come from one --shard I/N deal` };
    }
    count ??= { name, value: shard.count };
    if (shard.index < 1 || shard.index > shard.count) return { ok: false, problem: `${name}: says it is shard ${shard.index}/${shard.count}; the index must be from 1 to ${shard.count}` };
  }
  const shardCount = (count as { value: number }).value;
  const deal = dealShards(input.required, shardCount);

  const held = new Map<string, Array<{ name: string; inventory: AccountInventory }>>();
  for (const { name, shard, observations } of input.shards) {
    const { index } = shard as NonNullable<MergeShard['shard']>;
    const observed = (observations as Observations).accounts;
    const ids = new Set(observed.map((inventory) => inventory.accountId));
    const given = (shard as NonNullable<MergeShard['shard']>).accounts;
    if (ids.size !== observed.length) return { ok: false, problem: `${name}: observes an account more than once` };
    if (given.length !== ids.size || given.some((id) => !ids.has(id))) {
      return { ok: false, problem: `${name}: the accounts it was given (shard ${index}/${shardCount}) differ from the accounts it observed` };
    }
    for (const inventory of observed) {
      const id = inventory.accountId;
      if (!declared.has(id)) return { ok: false, problem: `${name}: account ${id} is not declared in the desired-state file` };
      if (!required.has(id)) return { ok: false, problem: `${name}: account ${id} is not among the accounts merged (the --account selection); merge with the selection the shards were run with` };
      const dealt = deal.get(id);
      if (dealt !== index) {
        return { ok: false, problem: `${name}: shard ${index}/${shardCount} holds account ${id}, which the deal gives to shard ${dealt}/${shardCount}; a shard may hold only its own accounts` };
      }
      const list = held.get(id);
      if (list === undefined) held.set(id, [{ name, inventory }]);
      else list.push({ name, inventory });
    }
  }

  const inventories: AccountInventory[] = [];
  const unreadReasons = new Map<string, string>();
  for (const id of input.required) {
    const found = held.get(id) ?? [];
    if (found.length === 1) inventories.push(found[0].inventory);
    else if (found.length === 0) unreadReasons.set(id, `not in any shard report: a shard's report is missing (it belongs to shard ${deal.get(id)}/${shardCount})`);
    else unreadReasons.set(id, `in ${found.length} shard reports (${found.map((entry) => entry.name).join(', ')}); each account must be checked exactly once`);
  }

  const evaluation = evaluate(input.desired, inventories, { today: input.asOf });
  const source = commonSource(input.shards.map((shard) => (shard.observations as Observations).source));
  const report = buildReport({
    desired: input.desired,
    inventories,
    ...evaluation,
    generatedAt: input.generatedAt,
    asOf: input.asOf,
    toolVersion: input.toolVersion,
    failOn: input.failOn,
    runtime: input.runtime,
    accountFilter: [...input.required],
    unreadReasons,
    ...(source === undefined ? {} : { source }),
  });
  const shards: ShardProvenance[] = input.shards.map(({ name, sha256, shard }) => ({ path: name, sha256, index: shard!.index, count: shard!.count }));
  report.provenance = { ...report.provenance, shards };
  return { ok: true, report };
}

/** The one place every shard read from; none when they differ (each shard's own report still says). */
function commonSource(sources: ReadonlyArray<Observations['source']>): Observations['source'] | undefined {
  const first = JSON.stringify(sources[0]);
  return sources.every((source) => JSON.stringify(source) === first) ? sources[0] : undefined;
}
