// The report's decided fields, written once: the run status, each account's verdict and counts, why the run
// could not decide, the summary and the gate. buildReport calls it when the report is made, and the loader of
// reports from disk calls it again: a report from disk may say anything, so its own decided fields are never
// read, only its accounts, findings, checks, failOn and shard. Pure.
import type { ConnectorCheck, ConnectorVerdict, Finding, Report, ReportAccount, ReportStatus } from '../core/types';
import { CONNECTOR_VERDICTS } from '../core/types';
import { gateOf, isDrift, runStatus, summarise, undecidedReasons } from './status';
import { isUndecided } from './evaluate';
import { WAIVER_RULES } from '../rules';

type DecidedAccountKey = 'verdict' | 'summary';
type DecidedReportKey = 'status' | 'undecided' | 'gate' | 'summary';

/** An account before it is decided (or as read from disk, whatever its decided fields say). */
export type UndecidedAccount = Omit<ReportAccount, DecidedAccountKey> & Partial<Pick<ReportAccount, DecidedAccountKey>>;

/** A report before it is decided (or as read from disk, whatever its decided fields say). */
export type UndecidedReport = Omit<Report, DecidedReportKey | 'accounts'> & Partial<Pick<Report, DecidedReportKey>> & { accounts: UndecidedAccount[] };

/** The report with its decided fields derived from its own accounts, findings and `failOn` (a new object; the input is not changed). */
export function decide(report: UndecidedReport): Report {
  const findingsOf = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = findingsOf.get(finding.accountId);
    if (list === undefined) findingsOf.set(finding.accountId, [finding]);
    else list.push(finding);
  }
  const linked = findingLinks(report.findings);
  const accounts: ReportAccount[] = report.accounts.map((account) => {
    const findings = findingsOf.get(account.id) ?? [];
    const checks = account.checks.map((item) => ({ ...item, findingIndexes: linked(account.id, item) }));
    return { ...account, checks, verdict: accountVerdict(account, findings), summary: summarise(findings) };
  });
  const checks = Object.fromEntries(CONNECTOR_VERDICTS.map((verdict) => [verdict, 0])) as Record<ConnectorVerdict, number>;
  for (const account of accounts) for (const item of account.checks) checks[item.verdict] += 1;
  const input = { accounts, findings: report.findings, failOn: report.failOn, provenance: report.provenance, ...(report.shard === undefined ? {} : { shard: report.shard }) };
  return {
    ...report,
    status: runStatus(input),
    undecided: undecidedReasons(input),
    gate: gateOf(input),
    accounts,
    summary: { ...summarise(report.findings), checks },
  };
}

/** The kinds of the waiver rules' findings (expired, unused): about a waiver, not a connector. */
const WAIVER_KINDS: ReadonlySet<Finding['kind']> = new Set(WAIVER_RULES.map((rule) => rule.kind));

/**
 * The findings about a connector check: same account and domain, and the same connector when the finding names
 * one; a waiver rule's findings are about the waiver, not a connector. Indexed by account and domain once, so
 * linking stays linear in the report's size.
 */
function findingLinks(findings: readonly Finding[]): (accountId: string, item: ConnectorCheck) => number[] {
  const byDomain = new Map<string, number[]>();
  findings.forEach((finding, index) => {
    if (WAIVER_KINDS.has(finding.kind)) return;
    const key = `${finding.accountId}\u0000${finding.emailDomain}`;
    const list = byDomain.get(key);
    if (list === undefined) byDomain.set(key, [index]);
    else list.push(index);
  });
  return (accountId, item) =>
    (byDomain.get(`${accountId}\u0000${item.emailDomain}`) ?? []).filter((index) => {
      const connectorId = findings[index].connectorId;
      return connectorId === undefined || connectorId === item.connectorId;
    });
}

/** One account's observed verdict: not read or a check not made is "could not decide"; an unwaived error is drift. */
function accountVerdict(account: Pick<UndecidedAccount, 'status' | 'checks'>, findings: readonly Finding[]): ReportStatus {
  if (account.status !== 'ok' || findings.some(isUndecided)) return 'error';
  if (account.checks.some((item) => item.verdict === 'unverifiable' || item.verdict === 'not_checked')) return 'error';
  return findings.some(isDrift) ? 'drift' : 'compliant';
}
