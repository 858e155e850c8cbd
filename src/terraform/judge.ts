// Judging a Terraform plan's end state against the desired state with the same engine and rules as a
// live check: each connector resource that exists after apply becomes an observed connector (its id is
// the resource address, so findings name it), and values the plan does not know stay unknown, with the
// plan's reason (`unknown`): the rules report those checks unverifiable (CFSSO010: "could not decide"). Pure.
import type { AccountInventory, ConnectorCheck, DesiredAccount, DesiredState, Finding, FindingKind, ObservedConnector, UnknownValue } from '../core/types';
import { evaluate, type Evaluation } from '../engine/evaluate';
import { normaliseDomain } from '../core/domain';
import { compareFindingPlace } from '../core/order';
import { BOOLEAN_SETTINGS, CONNECTOR_SETTINGS } from '../core/settings';
import { CONNECTOR_TYPE, type NotInPlan, type PlannedConnector, type TerraformPlanView } from './plan';

export interface JudgeOptions {
  /** The accounts to check (the file's, narrowed by --account / --shard). */
  accountIds: string[];
  /** The day waivers are judged against. */
  today: string;
  /** When the plan was made (its timestamp, else the run's time): the accounts' read time. */
  readAt: string;
  /** With --live: what the API shows, per account (unmanaged connectors, live values the plan leaves alone). */
  live?: AccountInventory[];
}

export interface PlanJudgement extends Evaluation {
  inventories: AccountInventory[];
}

const WHY: Record<NotInPlan, UnknownValue> = {
  decided_at_apply: {
    short: 'decided at apply',
    why: 'decided at apply (unknown until Terraform applies the plan)',
    fix: 'Set it to a known value in the configuration, or check again after apply (`cf-sso-guard check`)',
  },
  not_set_by_plan: {
    short: 'not set by the plan',
    why: 'not set by the plan (null: Terraform does not manage it, so the provider leaves the live value as it is)',
    fix: 'Set it in the resource, or add --live to read the value Cloudflare keeps',
  },
  sensitive: {
    short: 'marked sensitive in the plan',
    why: 'marked sensitive in the plan, so it is not read',
    fix: 'Do not mark it sensitive, or check the live state (`cf-sso-guard check`)',
  },
  not_decided_by_plan: {
    short: 'not decided by a plan',
    why: 'not decided by a plan (Cloudflare sets it after apply)',
    fix: 'Add --live to read the status of existing connectors, or check again after apply (`cf-sso-guard check`)',
  },
};

/** Finding kinds a refreshed (drifted) connector is judged on: its settings (whether it still exists is `deleted`). */
const DRIFT_KINDS = new Set<FindingKind>(CONNECTOR_SETTINGS.map((row) => row.kind));

export function judgeTerraformPlan(desired: DesiredState, view: TerraformPlanView, options: JudgeOptions): PlanJudgement {
  const grouped = byAccount(view);
  const inventories = options.accountIds.map((accountId) => accountInventory(accountId, view, grouped, options));
  const { findings, connectors } = evaluate(desired, inventories, { today: options.today });
  const accounts = new Map(desired.accounts.map((account) => [account.id, account]));
  const index = findings.length === 0 ? undefined : indexPlan(view);
  for (const finding of findings) explain(finding, accounts.get(finding.accountId), index as PlanIndex);
  const drift = driftEvaluation(desired, view, inventories, options);
  if (drift.findings.length === 0) return { inventories, findings, connectors };
  markDrift(drift, connectors);
  return { inventories, findings: mergeFindings(desired, findings, drift.findings), connectors };
}

/**
 * A drift finding's check, as its rule made it on the refreshed connector, replaces the plan's check of that
 * rule on the plan's connector: failed (or waived, as the finding is), though the plan sets it back (the
 * connector drifted now). A connector deleted outside Terraform is listed by the plan as created again; its
 * drift is the finding alone.
 */
function markDrift(drift: Evaluation, connectors: ReadonlyMap<string, ConnectorCheck[]>): void {
  const onConnector = (from: ReadonlyMap<string, ConnectorCheck[]>, finding: Finding): ConnectorCheck | undefined =>
    from.get(finding.accountId)?.find((candidate) => candidate.connectorId !== undefined && candidate.connectorId === finding.connectorId);
  for (const finding of drift.findings) {
    const item = onConnector(connectors, finding);
    const check = onConnector(drift.connectors, finding)?.checks.find((candidate) => candidate.ruleId === finding.ruleId);
    if (item === undefined || check === undefined) continue;
    item.checks = [...item.checks.filter((candidate) => candidate.ruleId !== finding.ruleId), check];
    if (check.result === 'waived') {
      if (item.verdict === 'compliant') item.verdict = 'waived';
    } else if (item.verdict === 'compliant' || item.verdict === 'waived') item.verdict = 'drift';
  }
}

/** The plan's connectors by account id; `unattributable` is the first whose account_id the plan does not know. */
interface ByAccount {
  connectors: Map<string, PlannedConnector[]>;
  unattributable?: PlannedConnector;
}

function byAccount(view: TerraformPlanView): ByAccount {
  const grouped: ByAccount = { connectors: new Map() };
  for (const planned of view.connectors) {
    if (!('value' in planned.accountId)) {
      grouped.unattributable ??= planned;
      continue;
    }
    const accountId = accountIdOf(planned.accountId.value);
    const list = grouped.connectors.get(accountId);
    if (list === undefined) grouped.connectors.set(accountId, [planned]);
    else list.push(planned);
  }
  return grouped;
}

/** One account's connectors after apply, as an inventory the engine reads. */
function accountInventory(accountId: string, view: TerraformPlanView, grouped: ByAccount, options: JudgeOptions): AccountInventory {
  const live = options.live?.find((inventory) => inventory.accountId === accountId);
  const failed = (error: string): AccountInventory => ({ accountId, status: 'error', error, connectors: [], fetchedAt: live?.fetchedAt ?? options.readAt, pagesFetched: live?.pagesFetched ?? 0 });
  if (view.undecided.length > 0) return failed(`the Terraform plan cannot decide: ${view.undecided.join('; ')}`);
  if (options.live !== undefined) {
    if (live === undefined) return failed('not read from the API');
    if (live.status !== 'ok') return failed(live.error ?? 'not read completely from the API');
  }
  const unattributable = grouped.unattributable;
  if (unattributable !== undefined && 'missing' in unattributable.accountId) {
    return failed(`cannot tell which account ${unattributable.address} belongs to: its account_id is ${WHY[unattributable.accountId.missing].why}`);
  }
  const liveById = new Map((live?.connectors ?? []).map((connector) => [connector.id, connector]));
  const connectors: ObservedConnector[] = [];
  for (const planned of grouped.connectors.get(accountId) ?? []) {
    if ('missing' in planned.emailDomain) return failed(`cannot tell which email_domain ${planned.address} has: it is ${WHY[planned.emailDomain.missing].why}`);
    const existing = planned.existingId === undefined ? undefined : liveById.get(planned.existingId);
    // forget (a `removed` block): the object stays in Cloudflare, no longer managed; read live, it is the live one.
    if (planned.action === 'forget' && existing !== undefined) continue;
    // A kept object the API no longer has (deleted outside Terraform, planned without refresh): applying
    // the plan does not bring it back, so it is not in the end state.
    if (live !== undefined && planned.existingId !== undefined && existing === undefined) continue;
    connectors.push(observed(accountId, planned, planned.emailDomain.value, existing));
  }
  // A live connector whose id no object of the plan's state has: Terraform does not manage it.
  for (const connector of live?.connectors ?? []) if (!view.managedIds.has(connector.id)) connectors.push(connector);
  return { accountId, status: 'ok', connectors, fetchedAt: live?.fetchedAt ?? options.readAt, pagesFetched: live?.pagesFetched ?? 0 };
}

/** `existing`: the live object the plan keeps (with --live), which holds what the plan leaves alone. */
function observed(accountId: string, planned: PlannedConnector, emailDomain: string, existing: ObservedConnector | undefined): ObservedConnector {
  const connector: ObservedConnector = { accountId, id: planned.address, emailDomain };
  const unknown: NonNullable<ObservedConnector['unknown']> = {};
  // A setting the plan does not change (no-op, or an update of other settings) is not sent on apply, so
  // it keeps its live value, whatever the plan's (maybe not refreshed, -refresh=false) state says; the
  // plan's value stands in only where the API reported none.
  for (const row of BOOLEAN_SETTINGS) {
    const plannedValue = planned[row.key];
    const live = planned.unchanged?.has(row.terraform) === true ? existing?.[row.key] : undefined;
    if (live !== undefined) connector[row.key] = live;
    else if ('value' in plannedValue) connector[row.key] = plannedValue.value;
    // Optional without a provider default: a configuration that leaves it unset leaves the live value alone.
    else if (plannedValue.missing === 'not_set_by_plan' && row.providerDefault === undefined && existing?.[row.key] !== undefined) connector[row.key] = existing[row.key];
    else unknown[row.key] = WHY[plannedValue.missing];
  }
  const liveStatus = existing?.verification?.status;
  if (liveStatus !== undefined) connector.verification = { status: liveStatus };
  else if ('value' in planned.verificationStatus) connector.verification = { status: planned.verificationStatus.value };
  else unknown.verification = WHY[planned.verificationStatus.missing];
  if (Object.keys(unknown).length > 0) connector.unknown = unknown;
  return connector;
}

/** The plan's connector addresses, and their addresses by (account, normalised domain): made once, for findings. */
interface PlanIndex {
  addresses: Set<string>;
  byDomain: Map<string, string[]>;
  removedByDomain: Map<string, string[]>;
}

function indexPlan(view: TerraformPlanView): PlanIndex {
  const index: PlanIndex = { addresses: new Set(), byDomain: new Map(), removedByDomain: new Map() };
  const add = (map: Map<string, string[]>, key: string, address: string): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [address]);
    else list.push(address);
  };
  for (const connector of view.connectors) {
    index.addresses.add(connector.address);
    if ('value' in connector.accountId && 'value' in connector.emailDomain) add(index.byDomain, domainKey(connector.accountId.value, connector.emailDomain.value), connector.address);
  }
  for (const removed of view.removed) {
    if (removed.accountId !== undefined && removed.emailDomain !== undefined) add(index.removedByDomain, domainKey(removed.accountId, removed.emailDomain), removed.address);
  }
  return index;
}

function domainKey(accountId: string, emailDomain: string): string {
  return `${accountIdOf(accountId)}\u0000${normaliseDomain(emailDomain)}`;
}

/** Declared ids are lowercase hex; a plan may spell one otherwise, and must not slip past its account. */
function accountIdOf(written: string): string {
  return written.trim().toLowerCase();
}

/** The fix in the plan's terms; a missing connector names what the plan destroys. */
function explain(finding: Finding, account: DesiredAccount | undefined, index: PlanIndex): void {
  if (account === undefined) return;
  const fix = planFix(finding, index, account);
  if (fix !== undefined) finding.remediation = fix;
  if (finding.kind === 'missing') {
    const destroyed = index.removedByDomain.get(domainKey(finding.accountId, finding.emailDomain)) ?? [];
    if (destroyed.length > 0) finding.message += ` The plan destroys ${destroyed.join(', ')}.`;
  }
}

/**
 * The fix in Terraform's terms: a finding about a resource of the plan is fixed in the configuration,
 * not through the API (the rules' remediation names API calls with connector ids a plan does not have).
 */
function planFix(finding: Finding, index: PlanIndex, account: DesiredAccount): string | undefined {
  const file = finding.location?.file ?? 'the desired-state file';
  const address = finding.connectorId !== undefined && index.addresses.has(finding.connectorId) ? finding.connectorId : undefined;
  const addresses = index.byDomain.get(domainKey(account.id, finding.emailDomain)) ?? [];
  switch (finding.kind) {
    case 'missing':
      return `Add a ${CONNECTOR_TYPE} for email_domain "${finding.emailDomain}" with account_id "${account.id}" to the Terraform configuration, or remove the entry from ${file}.`;
    case 'forbidden':
      return address === undefined ? undefined : `Remove ${address} from the Terraform configuration (Terraform then destroys it), or change the entry in ${file}.`;
    case 'unexpected':
      return address === undefined ? undefined : `Declare email_domain ${finding.emailDomain} in ${file}, or remove ${address} from the Terraform configuration.`;
    case 'duplicate':
      return addresses.length < 2 ? undefined : `Keep one resource for email_domain ${finding.emailDomain}: ${addresses.join(', ')} (and no connector for it outside Terraform).`;
    default: {
      const setting = BOOLEAN_SETTINGS.find((row) => row.kind === finding.kind);
      return setting === undefined || address === undefined ? undefined : `Set ${setting.terraform} = ${finding.expected ?? ''} in ${address}, or change ${setting.yaml} in ${file}.`;
    }
  }
}

/**
 * resource_drift: connectors changed outside Terraform, as refreshed: the live state now, before apply.
 * Judged like a live read, keeping only the findings the drift is about (settings, or the connector gone),
 * and the checks the rules made on the refreshed connectors.
 */
function driftEvaluation(desired: DesiredState, view: TerraformPlanView, inventories: AccountInventory[], options: JudgeOptions): Evaluation {
  if (view.drift.length === 0) return { findings: [], connectors: new Map() };
  const ok = new Set(inventories.filter((inventory) => inventory.status === 'ok').map((inventory) => inventory.accountId));
  const refreshed: AccountInventory[] = [];
  const gone = new Set<string>();
  for (const accountId of ok) {
    const connectors: ObservedConnector[] = [];
    for (const entry of view.drift) {
      if (!('value' in entry.accountId) || accountIdOf(entry.accountId.value) !== accountId || !('value' in entry.emailDomain)) continue;
      if (entry.deleted) {
        gone.add(`${accountId}\u0000${normaliseDomain(entry.emailDomain.value)}`);
        continue;
      }
      const connector: ObservedConnector = { accountId, id: entry.address, emailDomain: entry.emailDomain.value };
      for (const row of BOOLEAN_SETTINGS) {
        const value = entry[row.key];
        if ('value' in value) connector[row.key] = value.value;
      }
      if ('value' in entry.verificationStatus) connector.verification = { status: entry.verificationStatus.value };
      connectors.push(connector);
    }
    refreshed.push({ accountId, status: 'ok', connectors, fetchedAt: options.readAt, pagesFetched: 0 });
  }
  const kept: Finding[] = [];
  const evaluation = evaluate(desired, refreshed, { today: options.today });
  for (const finding of evaluation.findings) {
    const deleted = finding.kind === 'missing' && gone.has(`${finding.accountId}\u0000${finding.emailDomain}`);
    if (!DRIFT_KINDS.has(finding.kind) && !deleted) continue;
    finding.message = `changed outside Terraform (resource_drift, found on refresh): ${finding.message}`;
    finding.remediation = `Changed outside Terraform (found on refresh): applying the plan sets ${finding.connectorId ?? 'it'} back as configured; find out who changed it, and change ${finding.location?.file ?? 'the desired-state file'} if the change is wanted.`;
    kept.push(finding);
  }
  return { findings: kept, connectors: evaluation.connectors };
}

/** The plan's findings and the drift findings, in the engine's order: account (file order), domain, rule, connector. */
function mergeFindings(desired: DesiredState, findings: Finding[], drift: Finding[]): Finding[] {
  const order = new Map<string, number>();
  desired.accounts.forEach((account, index) => {
    if (!order.has(account.id)) order.set(account.id, index);
  });
  return [...findings, ...drift].sort(
    (a, b) =>
      (order.get(a.accountId) ?? 0) - (order.get(b.accountId) ?? 0) || compareFindingPlace(a, b),
  );
}
