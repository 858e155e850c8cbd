// CSV for spreadsheets: one row per finding (RFC 4180: CRLF, fields quoted when needed, quotes doubled).
// Fail closed: an account that could not be read gets a row of kind `account_error` too, so a sheet of an
// undecided run never looks clean. Cells that a spreadsheet would run as a formula are neutralised.
import type { Report } from '../types';
import type { Formatter, RenderContext } from './formatter';
import { cleanText } from './sanitise';
import { accountNameOf, errorAccounts, findingsByAccount } from './shared';

export const CSV_COLUMNS = [
  'severity', 'rule_id', 'kind', 'account_id', 'account_name', 'email_domain', 'connector_id', 'expected', 'actual',
  'message', 'remediation', 'file', 'line', 'column', 'waived', 'waiver_reason', 'waiver_expires', 'waiver_by',
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
      severity: 'error',
      kind: 'account_error',
      account_id: account.id,
      account_name: account.name,
      message: `Account could not be read completely: ${account.error ?? 'unknown error'}`,
      waived: 'false',
    });
  }
  for (const group of findingsByAccount(report)) {
    for (const finding of group.findings) {
      rows.push({
        severity: finding.severity,
        rule_id: finding.ruleId,
        kind: finding.kind,
        account_id: finding.accountId,
        account_name: accountNameOf(report, finding.accountId),
        email_domain: finding.emailDomain,
        connector_id: finding.connectorId,
        expected: finding.expected,
        actual: finding.actual,
        message: finding.message,
        remediation: finding.remediation,
        file: finding.location?.file,
        line: finding.location === undefined ? undefined : String(finding.location.line),
        column: finding.location === undefined ? undefined : String(finding.location.column),
        waived: String(finding.waived),
        waiver_reason: finding.waiver?.reason,
        waiver_expires: finding.waiver?.expires,
        waiver_by: finding.waiver?.by,
      });
    }
  }
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => csvField(row[column] ?? '')).join(','))];
  return lines.join('\r\n') + '\r\n';
}

export const csvFormatter: Formatter = {
  name: 'csv',
  extension: 'csv',
  mediaType: 'text/csv; charset=utf-8; header=present',
  render: renderCsv,
};
