// The one place that decides a run's status, its undecided reasons and its gate. The status says what was
// observed, from the accounts and findings alone; `--fail-on` decides only the gate (the exit code), never the
// status, so `--fail-on never` over drift is "drift, gate passed", never "compliant". decide.ts writes these
// into the report once; formatters read the report's fields, and a report from disk is decided again.
import type { ConnectorVerdict, Finding, FindingCounts, ReportGate, ReportStatus, Severity } from '../core/types';
import { accountTitle } from '../core/describe';
import { severityAtLeast } from '../core/severity';
import { isUndecided } from './evaluate';

export interface StatusInput {
  accounts: ReadonlyArray<{ id: string; name?: string; status: 'ok' | 'error'; error?: string; checks?: ReadonlyArray<{ verdict: ConnectorVerdict }> }>;
  findings: ReadonlyArray<Pick<Finding, 'severity' | 'waived' | 'kind' | 'accountId'>>;
  /** Set by `check --shard I/N`: the accounts the deal gave this shard. */
  shard?: { index: number; count: number; accounts: readonly string[] };
  /** Lowest unwaived severity that fails the gate; absent means the CLI default, `error`. Never read by runStatus. */
  failOn?: Severity | 'never';
  /** A Terraform plan's run says why a check could not be made in the plan's terms. */
  provenance?: { terraformPlan?: object };
}

/** The CLI's default `--fail-on`. */
const DEFAULT_FAIL_ON: Severity = 'error';

/**
 * An unwaived error: the live state breaks the desired state. Warnings and notes (an undeclared connector on an
 * account with `unmanaged: warning`, an expired or unused waiver) are shown as "compliant, with N warnings".
 */
export function isDrift(finding: Pick<Finding, 'severity' | 'waived'>): boolean {
  return !finding.waived && finding.severity === 'error';
}

/**
 * Why the run could not decide, one plain sentence per cause: no accounts checked, an account not read
 * completely, checks that could not be made (CFSSO010). Empty when it could decide (and for an empty shard).
 */
export function undecidedReasons(input: Pick<StatusInput, 'accounts' | 'findings' | 'shard' | 'provenance'>): string[] {
  if (input.accounts.length === 0) return isEmptyShard(input) ? [] : ['no accounts were checked (a run over zero accounts proves nothing)'];
  const reasons = input.accounts
    .filter((account) => account.status !== 'ok')
    .map((account) => `${accountTitle(account.name, account.id)} could not be read completely: ${account.error ?? 'unknown error'}`);
  const unmade = input.findings.filter(isUndecided);
  if (unmade.length > 0) {
    const cause = input.provenance?.terraformPlan === undefined ? 'the API did not report the field' : 'the Terraform plan does not decide the value';
    reasons.push(`${unmade.length} ${unmade.length === 1 ? 'check' : 'checks'} could not be made because ${cause} (CFSSO010)`);
  }
  // A connector the report itself calls unchecked with no CFSSO010 finding to say why (a report from disk that
  // does not add up): still undecided, never read as compliant.
  const explained = new Set(unmade.map((finding) => finding.accountId));
  for (const account of input.accounts) {
    if (account.status !== 'ok' || explained.has(account.id)) continue;
    const unchecked = (account.checks ?? []).filter((item) => item.verdict === 'unverifiable' || item.verdict === 'not_checked').length;
    if (unchecked > 0) reasons.push(`${accountTitle(account.name, account.id)}: ${unchecked} ${unchecked === 1 ? 'connector' : 'connectors'} could not be checked`);
  }
  return reasons;
}

/**
 * What was observed: `error` (could not decide) when there is any undecided reason — fail closed; else `drift`
 * when any unwaived error remains; else `compliant`. `failOn` plays no part.
 */
export function runStatus(input: StatusInput): ReportStatus {
  if (undecidedReasons(input).length > 0) return 'error';
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

/** "shard 2/4 holds no accounts …": the one wording of an empty shard (the CLI's note and every format's headline). */
export function emptyShardNote(shard: { index: number; count: number }): string {
  return `shard ${shard.index}/${shard.count} holds no accounts (the others hold them all; the merge checks every account)`;
}

/** Counts of findings: all, unwaived by severity, and waived. */
export function summarise(findings: ReadonlyArray<Pick<Finding, 'severity' | 'waived'>>): FindingCounts {
  const summary = { findings: findings.length, error: 0, warning: 0, note: 0, waived: 0 };
  for (const finding of findings) {
    if (finding.waived) summary.waived += 1;
    else summary[finding.severity] += 1;
  }
  return summary;
}
