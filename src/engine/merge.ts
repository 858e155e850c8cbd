// Merging the JSON reports of sharded runs (`check --shard I/N`) into one report. Pure: data in,
// data out. Nothing a report says about its own verdict is trusted: every account the
// desired-state file asks for must come from exactly one report, else that account is "could not
// decide"; status and summary are recomputed from the accounts and findings.
import type { ConnectorVerdict, Finding, Report } from '../types';
import { runStatus, summarise } from './status';

type ReportAccount = Report['accounts'][number];

export interface MergeInput {
  /** Each shard's report, with a name (its file) for messages. */
  shards: ReadonlyArray<{ name: string; report: Report }>;
  /** SHA-256 of the desired-state file the merge is judged against. */
  desiredSha256: string;
  /** Every account the file declares, in file order, with its name. */
  declared: ReadonlyArray<{ id: string; name?: string }>;
  /** The accounts that must be covered (the file's, or an `--account` selection), in file order. */
  required: readonly string[];
}

export type MergeResult = { ok: true; report: Report } | { ok: false; problem: string };

/** Which shard of N an account falls into is the CLI's business; a hint for messages only. */
export type ShardHint = (accountId: string, count: number) => number;

export function mergeReports(input: MergeInput, shardOf?: ShardHint): MergeResult {
  if (input.shards.length === 0) return { ok: false, problem: 'no shard reports to merge' };
  const first = input.shards[0].report;
  const failOn = first.failOn ?? 'error';
  const declared = new Map(input.declared.map((account) => [account.id, account]));
  let shardCount: number | undefined;

  for (const { name, report } of input.shards) {
    if (report.desiredState.sha256 !== input.desiredSha256) return { ok: false, problem: `${name}: checked a different desired-state file (SHA-256 differs)` };
    if ((report.failOn ?? 'error') !== failOn) return { ok: false, problem: `${name}: used --fail-on ${report.failOn ?? 'error'}, the others ${failOn}` };
    if (report.asOf !== first.asOf) return { ok: false, problem: `${name}: judged waivers as of ${report.asOf ?? '(not recorded)'}, the others as of ${first.asOf ?? '(not recorded)'}` };
    const ids = new Set<string>();
    for (const account of report.accounts) {
      if (ids.has(account.id)) return { ok: false, problem: `${name}: lists account ${account.id} more than once` };
      if (!declared.has(account.id)) return { ok: false, problem: `${name}: account ${account.id} is not declared in the desired-state file` };
      ids.add(account.id);
    }
    const stray = report.findings.find((finding) => !ids.has(finding.accountId));
    if (stray !== undefined) return { ok: false, problem: `${name}: has findings for account ${stray.accountId}, which it does not list as checked` };
    if (report.shard !== undefined) {
      const given = report.shard.accounts;
      if (given.length !== ids.size || given.some((id) => !ids.has(id))) {
        return { ok: false, problem: `${name}: the accounts it was given (shard ${report.shard.index}/${report.shard.count}) differ from the accounts it reports` };
      }
      if (shardCount !== undefined && report.shard.count !== shardCount) {
        return { ok: false, problem: `${name}: is a shard of ${report.shard.count}, the others of ${shardCount}` };
      }
      shardCount = report.shard.count;
    }
  }

  const occurrences = new Map<string, Array<{ name: string; account: ReportAccount; findings: Finding[] }>>();
  for (const { name, report } of input.shards) {
    for (const account of report.accounts) {
      const list = occurrences.get(account.id) ?? [];
      list.push({ name, account, findings: report.findings.filter((finding) => finding.accountId === account.id) });
      occurrences.set(account.id, list);
    }
  }

  const accounts: ReportAccount[] = [];
  const findings: Finding[] = [];
  for (const id of input.required) {
    const found = occurrences.get(id) ?? [];
    const label = declared.get(id)?.name;
    const named = (entry: ReportAccount): ReportAccount => (label === undefined ? entry : { ...entry, name: label });
    if (found.length === 1) {
      accounts.push(named(found[0].account));
      findings.push(...found[0].findings);
      continue;
    }
    let error: string;
    if (found.length === 0) {
      const hint = shardCount !== undefined && shardOf !== undefined ? ` (it belongs to shard ${shardOf(id, shardCount)}/${shardCount})` : '';
      error = `not in any shard report: a shard's report is missing${hint}`;
    } else {
      error = `in ${found.length} shard reports (${found.map((entry) => entry.name).join(', ')}); each account must be checked exactly once`;
    }
    accounts.push(named({ id, status: 'error', error, connectors: 0, checks: [] }));
  }

  const checks: Record<ConnectorVerdict, number> = { compliant: 0, drift: 0, waived: 0, unverifiable: 0, not_checked: 0 };
  for (const account of accounts) for (const item of account.checks) checks[item.verdict] += 1;
  // Each waiver as judged by the one shard that checked its account (every shard lists every waiver of the file).
  const checkedIn = new Map<string, Report>();
  for (const id of input.required) {
    const found = occurrences.get(id) ?? [];
    const shard = input.shards.find((entry) => entry.name === found[0]?.name);
    if (found.length === 1 && shard !== undefined) checkedIn.set(id, shard.report);
  }
  const waivers = first.waivers.map((waiver, index) => {
    const judged = checkedIn.get(waiver.accountId)?.waivers[index];
    return judged !== undefined && judged.accountId === waiver.accountId ? judged : { ...waiver, state: 'not_evaluated' as const, covers: 0 };
  });
  const report: Report = {
    schemaVersion: 2,
    tool: first.tool,
    generatedAt: input.shards.map((shard) => shard.report.generatedAt).sort().at(-1) ?? first.generatedAt,
    status: runStatus({ accounts, findings, failOn }),
    desiredState: first.desiredState,
    failOn,
    asOf: first.asOf,
    provenance: first.provenance,
    accounts,
    findings,
    waivers,
    summary: { ...summarise(findings), checks },
  };
  if (first.source !== undefined) report.source = first.source;
  return { ok: true, report };
}
