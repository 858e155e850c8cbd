// One check, start to end, as every command that judges runs it (check live, --snapshot, --terraform-plan;
// merge): the desired state and what was observed in, the report out. Pure: the caller reads the API, the
// snapshot, the plan or the shard reports and hands the observations in as data; the clock, the tool's
// version and the runtime come in too.
import type { AccountInventory, DesiredState, Provenance, Report, Severity } from '../core/types';
import { evaluate, type Evaluation } from './evaluate';
import { buildReport } from './report';

export interface AssessInput {
  desired: DesiredState;
  /** What was observed of the checked accounts (read live, recorded in a snapshot or shards, or a plan's end state). */
  inventories: AccountInventory[];
  /** The accounts checked, in file order: the file's, narrowed by --account, then the shard's deal. */
  accountIds: readonly string[];
  /** The evaluation made elsewhere over the same inventories (a Terraform plan's judge); else the rules run here. */
  evaluation?: Evaluation;
  /** The day waivers are judged against, YYYY-MM-DD. */
  asOf: string;
  /** ISO date-time of the run. */
  generatedAt: string;
  failOn: Severity | 'never';
  toolVersion: string;
  runtime: { node: string; commandLine: string[] };
  /** Where the observations come from (the API, a snapshot); none when shards disagree or a plan is judged alone. */
  source?: Report['source'];
  /** `check --shard I/N`: the report then records what it read, for merge to judge again. */
  shard?: { index: number; count: number };
  /** Why an account with no inventory was not read (merge: its shard report is missing). */
  unreadReasons?: ReadonlyMap<string, string>;
  /** What the run judged besides the API (a plan) or instead of it (shard reports). */
  provenance?: Pick<Provenance, 'terraformPlan' | 'shards'>;
}

export function assess(input: AssessInput): Report {
  const evaluation = input.evaluation ?? evaluate(input.desired, input.inventories, { today: input.asOf });
  return buildReport({
    desired: input.desired,
    inventories: input.inventories,
    ...evaluation,
    generatedAt: input.generatedAt,
    asOf: input.asOf,
    runtime: input.runtime,
    toolVersion: input.toolVersion,
    failOn: input.failOn,
    ...(input.source ? { source: input.source } : {}),
    accountFilter: [...input.accountIds],
    ...(input.unreadReasons ? { unreadReasons: input.unreadReasons } : {}),
    // A shard records what it read: merge judges that again, never the shard's own findings.
    ...(input.shard ? { shard: input.shard, recordObservations: true } : {}),
    ...(input.provenance ? { provenance: input.provenance } : {}),
  });
}

/**
 * The recorded inventories (a snapshot's) of the checked accounts, in their order: an account the record
 * does not hold is not read (`missing` says why), never an empty, compliant one.
 */
export function recordedInventories(recorded: readonly AccountInventory[], accountIds: readonly string[], missing: { error: string; fetchedAt: string }): AccountInventory[] {
  const byId = new Map(recorded.map((inventory) => [inventory.accountId, inventory]));
  return accountIds.map(
    (id): AccountInventory => byId.get(id) ?? { accountId: id, status: 'error', error: missing.error, connectors: [], fetchedAt: missing.fetchedAt, pagesFetched: 0 },
  );
}
