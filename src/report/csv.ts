// CSV for spreadsheets: one row per connector check (every connector considered, compliant ones included),
// RFC 4180 (CRLF, fields quoted when needed, quotes doubled). Fail closed: an account that could not be read
// gets a row of its own, and its declared connectors rows with verdict not_checked, so a sheet of an undecided
// run never looks clean. Waiver findings (expired, unused) get rows too: nothing a report says is dropped.
// Cells that a spreadsheet would run as a formula are neutralised. Every row carries the provenance columns.
import type { Report } from '../core/types';
import type { Formatter, RenderContext } from './formatter';
import { cleanText } from '../core/text';
import { errorAccounts, findingsOfCheck, observedText, propertyCheckText, sortedFindings } from './shared';

export const CSV_COLUMNS = [
  'record', 'verdict', 'account_id', 'account_name', 'email_domain', 'connector_id', 'declared', 'checks', 'failed_checks',
  'observed', 'rule_ids', 'severity', 'message', 'remediation', 'file', 'line', 'column',
  'waiver_reason', 'waiver_expires', 'waiver_by', 'read_at',
  // Provenance on every row, so a filtered or pasted extract still says where it came from.
  'generated_at', 'as_of', 'desired_state', 'desired_state_sha256', 'source', 'source_sha256', 'source_read_at', 'tool_version', 'fail_on',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

/** OWASP CSV injection: a leading = + - @ tab or CR starts a formula; a leading apostrophe makes it text. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvField(value: string): string {
  // The one sanitiser first: a cell from outside is one inert line (no raw control, C1 or bidi characters).
  const safe = neutralise(cleanText(value));
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function renderCsv(report: Report, _ctx: RenderContext): string {
  const rows: Array<Partial<Record<Column, string>>> = [];
  for (const account of errorAccounts(report)) {
    rows.push({
      record: 'account',
      verdict: 'not_checked',
      account_id: account.id,
      account_name: account.name,
      severity: 'error',
      message: `Account could not be read completely: ${account.error ?? 'unknown error'}`,
    });
  }
  for (const account of report.accounts) {
    for (const item of account.checks) {
      const findings = findingsOfCheck(report, item);
      const waiver = findings.find((finding) => finding.waived)?.waiver;
      const failed = item.checks.filter((check) => check.result !== 'pass');
      rows.push({
        record: 'connector',
        verdict: item.verdict,
        account_id: account.id,
        account_name: account.name,
        email_domain: item.emailDomain,
        connector_id: item.connectorId,
        declared: item.declared,
        checks: item.checks.map((check) => `${propertyCheckText(check)} (${check.result})`).join('; '),
        failed_checks: failed.map((check) => `${check.ruleId} ${check.property}: ${check.result}`).join('; '),
        observed: observedText(item),
        rule_ids: [...new Set(findings.map((finding) => finding.ruleId))].join(' '),
        severity: findings.find((finding) => !finding.waived)?.severity,
        message: findings.map((finding) => finding.message).join(' / '),
        remediation: findings.map((finding) => finding.remediation ?? '').filter((r) => r !== '').join(' / '),
        file: item.location?.file,
        line: item.location === undefined ? undefined : String(item.location.line),
        column: item.location === undefined ? undefined : String(item.location.column),
        waiver_reason: waiver?.reason,
        waiver_expires: waiver?.expires,
        waiver_by: waiver?.by,
        read_at: account.readAt,
      });
    }
  }
  for (const finding of sortedFindings(report.findings.filter((f) => f.kind === 'waiver_expired' || f.kind === 'waiver_unused'))) {
    rows.push({
      record: 'waiver',
      account_id: finding.accountId,
      account_name: report.accounts.find((account) => account.id === finding.accountId)?.name,
      email_domain: finding.emailDomain,
      rule_ids: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      remediation: finding.remediation,
      file: finding.location?.file,
      line: finding.location === undefined ? undefined : String(finding.location.line),
      column: finding.location === undefined ? undefined : String(finding.location.column),
    });
  }
  const provenance = provenanceColumns(report);
  const lines = [
    CSV_COLUMNS.join(','),
    ...rows.map((row) => {
      const cells: Partial<Record<Column, string>> = { ...provenance, ...row };
      // Live reads: the account's own read time; a snapshot: when it was recorded.
      if (report.source?.kind !== 'snapshot') cells.source_read_at = row.read_at;
      return CSV_COLUMNS.map((column) => csvField(cells[column] ?? '')).join(',');
    }),
  ];
  return lines.join('\r\n') + '\r\n';
}

/** The same on every row: when, from what, by which tool and at which threshold the report was made. */
function provenanceColumns(report: Report): Partial<Record<Column, string>> {
  const source = report.source;
  // A plan's rows are a planned end state, not an observation: the source says so, whatever else was read.
  const plan = report.provenance?.terraformPlan;
  const sourceText = source === undefined ? 'not recorded' : source.kind === 'api' ? `api ${source.location}` : `snapshot ${source.location}`;
  return {
    generated_at: report.generatedAt,
    as_of: report.asOf,
    desired_state: report.desiredState.path,
    desired_state_sha256: report.desiredState.sha256,
    source: plan === undefined ? sourceText : `terraform plan ${plan.path}${source === undefined ? '' : ` with ${sourceText}`}`,
    source_sha256: plan !== undefined ? plan.sha256 : source?.kind === 'snapshot' ? source.sha256 : undefined,
    source_read_at: source?.kind === 'snapshot' ? source.recordedAt : undefined,
    tool_version: `${report.tool.name} ${report.tool.version}`,
    fail_on: report.failOn,
  };
}

export const csvFormatter: Formatter = {
  name: 'csv',
  extension: 'csv',
  mediaType: 'text/csv; charset=utf-8; header=present',
  render: renderCsv,
};
