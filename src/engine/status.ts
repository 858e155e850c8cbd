// The one place that decides a run's status and its gate. The status says what was observed, from the
// accounts and findings alone; `--fail-on` decides only the gate (the exit code), never the status, so
// `--fail-on never` over drift is "drift, gate passed", never "compliant". Everything that states a verdict —
// check, merge, every formatter — asks here; a report's own `status` field is output, never input (a report
// from disk may say anything).
import type { Finding, ReportGate, ReportStatus, Severity } from '../core/types';
import { isUndecided } from './evaluate';
import { severityAtLeast } from '../core/severity';

export interface StatusInput {
  accounts: ReadonlyArray<{ id: string; status: 'ok' | 'error'; error?: string }>;
  findings: ReadonlyArray<Pick<Finding, 'severity' | 'waived' | 'kind'>>;
  /** Set by `check --shard I/N`: the accounts the deal gave this shard. */
  shard?: { index: number; count: number; accounts: readonly string[] };
  /** Lowest unwaived severity that fails the gate; absent means the CLI default, `error`. Never read by runStatus. */
  failOn?: Severity | 'never';
}

/** The CLI's default `--fail-on`. */
export const DEFAULT_FAIL_ON: Severity = 'error';

/**
 * An unwaived error: the live state breaks the desired state. Warnings and notes (an undeclared connector on an
 * account with `unmanaged: warning`, an expired or unused waiver) are shown as "compliant, with N warnings".
 */
export function isDrift(finding: Pick<Finding, 'severity' | 'waived'>): boolean {
  return !finding.waived && finding.severity === 'error';
}

/**
 * What was observed: `error` (could not decide) when no account was checked, any account was not read
 * completely, or any check could not be made (CFSSO010) — fail closed; else `drift` when any unwaived
 * error remains; else `compliant`. `failOn` plays no part.
 */
export function runStatus(input: StatusInput): ReportStatus {
  if (undecidedReasons(input).length > 0 || input.findings.some(isUndecided)) return 'error';
  return input.findings.some(isDrift) ? 'drift' : 'compliant';
}

/**
 * The gate `--fail-on` makes of it: exit 2 when the run could not decide (whatever the threshold), else 1 when
 * any unwaived finding is at or above `failOn`, else 0.
 */
export function gateOf(input: StatusInput): ReportGate {
  const failOn = input.failOn ?? DEFAULT_FAIL_ON;
  const exitCode = runStatus(input) === 'error' ? 2 : input.findings.some((finding) => !finding.waived && severityAtLeast(finding.severity, failOn)) ? 1 : 0;
  return { failOn, exitCode, result: exitCode === 0 ? 'passed' : 'failed' };
}

/**
 * A shard the deal left empty (`--shard I/N` with N above the accounts): it was given nothing, so it
 * decides nothing and is no gate; `merge` still needs every account exactly once.
 */
export function isEmptyShard(input: Pick<StatusInput, 'accounts' | 'shard'>): boolean {
  return input.shard !== undefined && input.shard.accounts.length === 0 && input.accounts.length === 0;
}

/** "shard 2/4 holds no accounts": what an empty shard's report says instead of a verdict on accounts. */
export function emptyShardNote(shard: { index: number; count: number }): string {
  return `shard ${shard.index}/${shard.count} holds no accounts (the others hold them all; the merge checks every account)`;
}

/** Why a run could not decide for want of accounts read, in plain words (checks not made: see isUndecided). */
export function undecidedReasons(input: Pick<StatusInput, 'accounts' | 'shard'>): string[] {
  if (input.accounts.length === 0) return isEmptyShard(input) ? [] : ['no accounts were checked (a run over zero accounts proves nothing)'];
  return input.accounts.filter((account) => account.status !== 'ok').map((account) => `${account.id}: ${account.error ?? 'not read completely'}`);
}

/** The exit code of a report (its gate), recomputed from its accounts, findings and `failOn`. */
export function exitCodeFor(input: StatusInput): 0 | 1 | 2 {
  return gateOf(input).exitCode;
}

/** Counts of findings by severity (unwaived) and waived. */
export function summarise(findings: ReadonlyArray<Pick<Finding, 'severity' | 'waived'>>): { findings: number; error: number; warning: number; note: number; waived: number } {
  const summary = { findings: findings.length, error: 0, warning: 0, note: 0, waived: 0 };
  for (const finding of findings) {
    if (finding.waived) summary.waived += 1;
    else summary[finding.severity] += 1;
  }
  return summary;
}
