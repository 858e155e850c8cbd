// The JSON report contract (schemaVersion 2).
import type { AccountInventory, ConnectorCheck, DesiredState, Provenance, Report, Severity } from '../core/types';
import type { Evaluation } from './evaluate';
import { decide, type UndecidedAccount, type UndecidedReport } from './decide';
import { waiverStates } from './waivers';

/** What evaluate() decided (its findings and connectors), and the run around it. */
export interface BuildReportInput extends Evaluation {
  desired: DesiredState;
  inventories: AccountInventory[];
  /** ISO date-time of the run (the caller's clock). */
  generatedAt: string;
  /** The day waivers were judged against (the `today` given to evaluate), YYYY-MM-DD. */
  asOf: string;
  toolVersion: string;
  failOn: Severity | 'never';
  source?: Report['source'];
  /** Node.js version (`process.version`) and the redacted command line; the caller's, so this stays pure. */
  runtime?: { node: string; commandLine: string[] };
  /** Account ids the run was limited to (`--account`); omitted means every declared account. */
  accountFilter?: string[];
  /** `--shard I/N`; its accounts are the ones the run was given. */
  shard?: { index: number; count: number };
  /** Record the inventories of the listed accounts as read (`observations`, from `source`), for `merge` to judge again. */
  recordObservations?: boolean;
  /** Why an account that has no inventory was not read (merge: its shard report is missing), by account id. */
  unreadReasons?: ReadonlyMap<string, string>;
  /** What the run judged besides the API (a plan) or instead of it (shard reports): decided with the report (its reasons name it). */
  provenance?: Pick<Provenance, 'terraformPlan' | 'shards'>;
}

/**
 * Builds the JSON report. Checked accounts are the declared accounts (file order), narrowed by
 * `accountFilter`; a filtered id the file does not declare is listed as `error`. The decided fields
 * (status, verdicts, reasons, summary, gate) are written by `decide`: fail closed on any unread account,
 * any check that could not be made (CFSSO010), or zero accounts.
 */
export function buildReport(input: BuildReportInput): Report {
  const accounts = checkedAccounts(input);
  const evaluated = new Set(accounts.filter((account) => account.status === 'ok').map((account) => account.id));
  const shard = input.shard === undefined ? undefined : { ...input.shard, accounts: accounts.map((account) => account.id) };
  const report: UndecidedReport = {
    schemaVersion: 2,
    tool: { name: 'cf-sso-guard', version: input.toolVersion },
    generatedAt: input.generatedAt,
    desiredState: { path: input.desired.file, sha256: input.desired.sha256 },
    failOn: input.failOn,
    asOf: input.asOf,
    provenance: { node: input.runtime?.node ?? 'unknown', commandLine: input.runtime?.commandLine ?? [], ...input.provenance },
    accounts,
    findings: input.findings,
    waivers: waiverStates(input.desired, evaluated, input.findings, input.asOf),
  };
  if (input.source !== undefined) report.source = input.source;
  if (shard !== undefined) report.shard = shard;
  if (input.recordObservations === true) {
    if (input.source === undefined) throw new TypeError('buildReport: recording observations needs their source');
    const listed = new Set(accounts.map((account) => account.id));
    report.observations = { source: input.source, accounts: input.inventories.filter((inventory) => listed.has(inventory.accountId)) };
  }
  return decide(report);
}

function checkedAccounts(input: BuildReportInput): UndecidedAccount[] {
  const filter = input.accountFilter === undefined ? undefined : new Set(input.accountFilter);
  const inventories = new Map<string, AccountInventory[]>();
  for (const inventory of input.inventories) {
    const list = inventories.get(inventory.accountId);
    if (list === undefined) inventories.set(inventory.accountId, [inventory]);
    else list.push(inventory);
  }

  const accounts: UndecidedAccount[] = [];
  const listed = new Set<string>();
  for (const account of input.desired.accounts) {
    if (listed.has(account.id) || (filter !== undefined && !filter.has(account.id))) continue;
    listed.add(account.id);
    const read = inventories.get(account.id);
    const entry = accountEntry(account.id, read, input.unreadReasons?.get(account.id));
    if (account.name !== undefined) entry.name = account.name;
    entry.checks = input.connectors.get(account.id) ?? NONE;
    accounts.push(entry);
  }
  for (const id of input.accountFilter ?? []) {
    if (listed.has(id)) continue;
    listed.add(id);
    accounts.push({ id, status: 'error', error: 'account is not declared in the desired-state file', connectors: 0, checks: [] });
  }
  return accounts;
}

const NONE: ConnectorCheck[] = [];

function accountEntry(id: string, inventories: AccountInventory[] | undefined, unreadReason: string | undefined): UndecidedAccount {
  if (inventories === undefined || inventories.length === 0) {
    return { id, status: 'error', error: unreadReason ?? 'not read: no inventory for this account', connectors: 0, checks: [] };
  }
  const connectors = inventories.reduce((sum, inventory) => sum + inventory.connectors.length, 0);
  const pages = inventories.reduce((sum, inventory) => sum + inventory.pagesFetched, 0);
  const readAt = inventories.map((inventory) => inventory.fetchedAt).sort().at(-1) as string;
  const failed = inventories.filter((inventory) => inventory.status !== 'ok');
  if (failed.length === 0) return { id, status: 'ok', connectors, readAt, pages, checks: [] };
  const error = failed.map((inventory) => inventory.error ?? 'inventory incomplete').join('; ');
  return { id, status: 'error', error, connectors, readAt, pages, checks: [] };
}
