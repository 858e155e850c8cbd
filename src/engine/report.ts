// The JSON report contract (schemaVersion 1) and the exit code it implies.
import type { AccountInventory, DesiredState, Finding, Report, Severity } from '../types';
import { runStatus, summarise } from './status';

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
  /** The UTC day waivers were judged against. */
  asOf?: string;
  /** `--shard I/N`; its accounts are the ones the run was given. */
  shard?: { index: number; count: number };
}

type ReportAccount = Report['accounts'][number];

/**
 * Builds the JSON report. Checked accounts are the declared accounts (file order), narrowed by
 * `accountFilter`; a filtered id the file does not declare is listed as `error`. The status is
 * the engine's one decision (`runStatus`): fail closed on any unread account, any check that could
 * not be made (CFSSO010), or zero accounts.
 */
export function buildReport(input: BuildReportInput): Report {
  const accounts = checkedAccounts(input);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'cf-sso-guard', version: input.toolVersion },
    generatedAt: input.generatedAt,
    status: runStatus({ accounts, findings: input.findings, failOn: input.failOn }),
    desiredState: { path: input.desired.file, sha256: input.desired.sha256 },
    failOn: input.failOn,
    accounts,
    findings: input.findings,
    summary: summarise(input.findings),
  };
  if (input.source !== undefined) report.source = input.source;
  if (input.asOf !== undefined) report.asOf = input.asOf;
  if (input.shard !== undefined) report.shard = { ...input.shard, accounts: accounts.map((account) => account.id) };
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
