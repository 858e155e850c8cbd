// The JSON report contract (schemaVersion 1) and the exit code it implies.
import type { AccountInventory, DesiredState, Finding, Report, Severity } from '../types';
import { isUndecided } from './evaluate';
import { severityAtLeast } from './severity';

export interface BuildReportInput {
  desired: DesiredState;
  inventories: AccountInventory[];
  findings: Finding[];
  /** ISO date-time of the run (the caller's clock). */
  generatedAt: string;
  toolVersion: string;
  failOn: Severity | 'never';
  source?: Report['source'];
  /** Account ids the run was limited to (`--account`); omitted means every declared account. */
  accountFilter?: string[];
}

type ReportAccount = Report['accounts'][number];

/**
 * Builds the JSON report. Status: `error` when any checked account was not read completely
 * (inventory `error` or missing — fail closed) or any check could not be made (CFSSO010), else `drift` when any unwaived finding is at or
 * above `failOn`, else `compliant`. Checked accounts are the declared accounts (file order),
 * narrowed by `accountFilter`; a filtered id the file does not declare is listed as `error`.
 */
export function buildReport(input: BuildReportInput): Report {
  const accounts = checkedAccounts(input);
  const summary = { findings: input.findings.length, error: 0, warning: 0, note: 0, waived: 0 };
  let drift = false;
  for (const finding of input.findings) {
    if (finding.waived) {
      summary.waived += 1;
      continue;
    }
    summary[finding.severity] += 1;
    if (severityAtLeast(finding.severity, input.failOn)) drift = true;
  }
  // A check that could not be made (CFSSO010) leaves the run undecided like an unreadable account.
  const unreadable = accounts.some((account) => account.status === 'error') || input.findings.some(isUndecided);

  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'cf-sso-guard', version: input.toolVersion },
    generatedAt: input.generatedAt,
    status: unreadable ? 'error' : drift ? 'drift' : 'compliant',
    desiredState: { path: input.desired.file, sha256: input.desired.sha256 },
    failOn: input.failOn,
    accounts,
    findings: input.findings,
    summary,
  };
  if (input.source !== undefined) report.source = input.source;
  return report;
}

function checkedAccounts(input: BuildReportInput): ReportAccount[] {
  const filter = input.accountFilter === undefined ? undefined : new Set(input.accountFilter);
  const inventories = new Map<string, AccountInventory[]>();
  for (const inventory of input.inventories) {
    const list = inventories.get(inventory.accountId);
    if (list === undefined) inventories.set(inventory.accountId, [inventory]);
    else list.push(inventory);
  }

  const accounts: ReportAccount[] = [];
  const listed = new Set<string>();
  for (const account of input.desired.accounts) {
    if (listed.has(account.id) || (filter !== undefined && !filter.has(account.id))) continue;
    listed.add(account.id);
    const entry = accountEntry(account.id, inventories.get(account.id));
    if (account.name !== undefined) entry.name = account.name;
    accounts.push(entry);
  }
  for (const id of input.accountFilter ?? []) {
    if (listed.has(id)) continue;
    listed.add(id);
    accounts.push({ id, status: 'error', error: 'account is not declared in the desired-state file', connectors: 0 });
  }
  return accounts;
}

function accountEntry(id: string, inventories: AccountInventory[] | undefined): ReportAccount {
  if (inventories === undefined || inventories.length === 0) {
    return { id, status: 'error', error: 'not read: no inventory for this account', connectors: 0 };
  }
  const connectors = inventories.reduce((sum, inventory) => sum + inventory.connectors.length, 0);
  const failed = inventories.filter((inventory) => inventory.status !== 'ok');
  if (failed.length === 0) return { id, status: 'ok', connectors };
  const error = failed.map((inventory) => inventory.error ?? 'inventory incomplete').join('; ');
  return { id, status: 'error', error, connectors };
}

/** 2 could not decide (wins), 1 drift, 0 compliant. */
export function exitCodeFor(report: Report): 0 | 1 | 2 {
  switch (report.status) {
    case 'error':
      return 2;
    case 'drift':
      return 1;
    case 'compliant':
      return 0;
  }
}
