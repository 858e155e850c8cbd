// Match desired <-> observed per (account, normalised email domain), run each rule once per pair, and
// build from the checks they return both the findings and every connector's checks and verdict.
// Pure and linear: Maps keyed by account, domain and connector, no nested scans over connectors.
import type {
  AccountInventory,
  ConnectorCheck,
  ConnectorVerdict,
  DesiredAccount,
  DesiredState,
  Finding,
  ObservedConnector,
  ObservedValues,
  PropertyCheck,
  Severity,
} from '../core/types';
import { CONNECTOR_RULES, UNVERIFIABLE_RULE, WAIVER_RULES } from '../rules';
import { normaliseDomain } from '../core/domain';
import { BOOLEAN_SETTINGS } from '../core/settings';
import type { ConnectorRule, MatchedPair, RuleCheck, RunView, WaiverCheck, WaiverRule, WaiverUse } from '../rules';
import { fillMessage, wordsOf } from '../rules/message';
import { isExpired, waiverKey } from './waivers';
import { instantOf } from '../core/day';
import { compareFindingPlace, compareText } from '../core/order';

export interface EvaluateOptions {
  /** The evaluation day, YYYY-MM-DD (UTC). Waivers apply up to and including their `expires` day. */
  today: string;
}

/** What one evaluation decided: what buildReport() needs. */
export interface Evaluation {
  /**
   * Findings in a stable order: account order of the file, then email domain, then rule id (then
   * connector id). Only accounts read completely have findings.
   */
  findings: Finding[];
  /**
   * Every connector considered, by declared account id: each declared and each live connector with its
   * checks and verdict. An account not read completely lists its declared connectors, not_checked.
   */
  connectors: ReadonlyMap<string, ConnectorCheck[]>;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A failed check's finding with the check it marks: a waiver flips both. */
interface Judged {
  finding: Finding;
  check: PropertyCheck;
}

/**
 * Evaluates every declared account (first entry of a repeated id). Accounts whose inventory is `error`
 * or was not passed produce no findings, and their declared connectors are listed not_checked: the
 * caller reports the run as `error` (see buildReport). Inventories of accounts the desired state does
 * not declare are ignored. Waivers of accounts that were not evaluated are neither applied nor reported.
 */
export function evaluate(desired: DesiredState, inventories: AccountInventory[], options: EvaluateOptions): Evaluation {
  if (!ISO_DAY.test(options.today)) {
    throw new TypeError(`evaluate: options.today must be a YYYY-MM-DD day, got "${options.today}"`);
  }
  const accountOrder = indexAccounts(desired.accounts);
  const readable = readableInventories(inventories, accountOrder);
  const accounts = desired.accounts.filter((account, index) => accountOrder.get(account.id) === index);
  const pairsOf = new Map<DesiredAccount, MatchedPair[]>();
  for (const account of accounts) {
    const connectors = readable.get(account.id);
    pairsOf.set(account, connectors === undefined ? matchPairs(account, [], false) : matchPairs(account, connectors, true));
  }
  const sameDomain = domainIndex([...pairsOf.values()]);
  const readAt = readTimes(inventories, readable);

  const byAccount = new Map<string, Finding[]>();
  const connectors = new Map<string, ConnectorCheck[]>();
  const judged: Judged[] = [];
  /** The severity of each failed check's finding: an error is drift, a warning or a note is not. */
  const severityOf = new Map<PropertyCheck, Severity>();
  for (const account of accounts) {
    const accountFindings: Finding[] = [];
    if (readable.has(account.id)) byAccount.set(account.id, accountFindings);
    const items: ConnectorCheck[] = [];
    const run: RunView = { readAt: readAt.get(account.id), pairsOf: sameDomain };
    for (const pair of pairsOf.get(account) ?? []) {
      const start = accountFindings.length;
      const pairItems = itemsOf(pair);
      for (const rule of CONNECTOR_RULES) {
        for (const check of rule.check(pair, run)) {
          const listed = propertyCheck(rule, check);
          // A check of the whole declaration (no connector) is listed on each of the pair's connectors.
          if (check.connectorId === undefined) for (const item of pairItems) item.checks.push(listed);
          else (pairItems.find((item) => item.connectorId === check.connectorId) ?? unknownConnector(rule, check)).checks.push(listed);
          const finding = findingOf(rule, pair, check);
          if (finding === undefined) continue;
          accountFindings.push(finding);
          judged.push({ finding, check: listed });
          severityOf.set(listed, finding.severity);
        }
      }
      if (accountFindings.length - start > 1) sortSlice(accountFindings, start);
      for (const item of pairItems) items.push(item);
    }
    connectors.set(account.id, items);
  }

  const uses = applyWaivers(desired, accountOrder, judged, byAccount, options.today);
  const touched = new Set<Finding[]>();
  for (const use of uses) {
    for (const rule of WAIVER_RULES) {
      for (const check of rule.check(use)) {
        const accountFindings = byAccount.get(use.account.id);
        if (accountFindings === undefined) continue; // cannot happen: uses are of evaluated accounts
        const finding = waiverFinding(rule, use, check);
        accountFindings.push(finding);
        touched.add(accountFindings);
      }
    }
  }
  // Waiver findings slot in among their account's findings (Array#sort is stable).
  for (const accountFindings of touched) accountFindings.sort(compareFindingPlace);

  for (const items of connectors.values()) for (const item of items) item.verdict = verdictOf(item.checks, severityOf);
  const findings: Finding[] = [];
  for (const accountFindings of byAccount.values()) for (const finding of accountFindings) findings.push(finding);
  return { findings, connectors };
}

/** The finding a waiver rule's check makes, located at the waiver. */
export function waiverFinding(rule: WaiverRule, use: WaiverUse, check: WaiverCheck): Finding {
  const finding = { ruleId: rule.id, kind: rule.kind, severity: rule.defaultSeverity, accountId: use.waiver.accountId, emailDomain: use.emailDomain } as Finding;
  if (check.expected !== undefined) finding.expected = check.expected;
  if (check.actual !== undefined) finding.actual = check.actual;
  describe(finding, rule, check.message.id, check.message.remediation, check.message.data);
  finding.location = use.waiver.location;
  finding.waived = false;
  return finding;
}

/** The connectors a pair lists: one per live connector, else one for the declaration. */
function itemsOf(pair: MatchedPair): ConnectorCheck[] {
  const { desired, emailDomain } = pair;
  const location = desired?.location ?? pair.account.location;
  const declared = desired?.state ?? 'undeclared';
  if (pair.observed.length === 0) {
    return desired === undefined ? [] : [{ emailDomain, declared, location, checks: [], verdict: 'compliant' }];
  }
  return pair.observed.map((live) => ({ emailDomain, connectorId: live.id, declared, location, observed: observedValues(live), checks: [], verdict: 'compliant' }));
}

/** A rule that names a connector its pair does not have is a programming error, caught by its tests. */
function unknownConnector(rule: ConnectorRule, check: RuleCheck): never {
  throw new Error(`${rule.id} reported a check of connector ${check.connectorId ?? ''} outside its pair`);
}

function propertyCheck(rule: ConnectorRule, check: RuleCheck): PropertyCheck {
  const listed: PropertyCheck = { property: check.property, ruleId: rule.id, expected: check.expected, result: check.result };
  if (check.actual !== undefined) listed.actual = check.actual;
  return listed;
}

/** The finding a check makes: a failed check its rule's, an unverifiable one CFSSO010's; none for the others. */
export function findingOf(rule: ConnectorRule, pair: MatchedPair, check: RuleCheck): Finding | undefined {
  if (check.result === 'fail') {
    if (check.message === undefined) throw new Error(`${rule.id} failed a check without saying why`);
    const finding = findingBase(rule.id, rule.kind, check.severity ?? rule.defaultSeverity, pair, check);
    const expected = check.finding?.expected ?? check.expected;
    const actual = check.finding?.actual ?? check.actual;
    finding.expected = expected;
    if (actual !== undefined) finding.actual = actual;
    describe(finding, rule, check.message.id, check.message.remediation, check.message.data);
    finding.location = check.location;
    finding.waived = false;
    return finding;
  }
  if (check.result !== 'unverifiable') return undefined;
  const field = check.unknown?.field ?? check.property;
  const reason = check.unknown?.reason;
  const rule10 = UNVERIFIABLE_RULE;
  const finding = findingBase(rule10.id, rule10.kind, rule10.defaultSeverity, pair, check);
  finding.expected = check.expected;
  finding.actual = `${field} ${reason?.short ?? 'not reported'}`;
  const data = {
    domain: pair.emailDomain,
    field,
    connector: check.connectorId ?? pair.emailDomain,
    expected: check.expected,
    accountId: pair.accountId,
    why: reason?.why ?? '',
    fix: reason?.fix ?? '',
  };
  if (reason === undefined) describe(finding, rule10, 'notReported', 'readAgain', data);
  else describe(finding, rule10, 'notKnown', 'knowFirst', data);
  finding.location = check.location;
  finding.waived = false;
  return finding;
}

/** The finding's first keys, in the report contract's order. */
function findingBase(ruleId: string, kind: Finding['kind'], severity: Severity, pair: MatchedPair, check: RuleCheck): Finding {
  const finding = { ruleId, kind, severity, accountId: pair.accountId, emailDomain: pair.emailDomain } as Finding;
  if (check.connectorId !== undefined) finding.connectorId = check.connectorId;
  return finding;
}

/** Fills the message (and remediation) from the rule's words by message id. */
function describe(
  finding: Finding,
  rule: { id: string; messages: Readonly<Record<string, string>> },
  messageId: string,
  remediationId: string | undefined,
  data: Readonly<Record<string, string | number>>,
): void {
  finding.messageId = messageId;
  finding.message = fillMessage(wordsOf(rule, messageId), data);
  if (remediationId !== undefined) finding.remediation = fillMessage(wordsOf(rule, remediationId), data);
}

/** A live connector's values as read. */
function observedValues(connector: ObservedConnector): ObservedValues {
  const values: ObservedValues = {};
  for (const { key } of BOOLEAN_SETTINGS) if (connector[key] !== undefined) values[key] = connector[key];
  if (connector.verification !== undefined) values.verification = connector.verification;
  if (connector.createdOn !== undefined) values.createdOn = connector.createdOn;
  if (connector.updatedOn !== undefined) values.updatedOn = connector.updatedOn;
  return values;
}

const VERDICT_RANK: Record<ConnectorVerdict, number> = { compliant: 0, waived: 1, warning: 2, drift: 3, unverifiable: 4, not_checked: 5 };
const VERDICT_OF_RESULT: Record<PropertyCheck['result'], ConnectorVerdict> = {
  pass: 'compliant',
  waived: 'waived',
  fail: 'drift',
  unverifiable: 'unverifiable',
  not_checked: 'not_checked',
};

/**
 * not_checked wins, then unverifiable (the run is undecided), then drift (an unwaived error), then warning
 * (only warnings or notes failed), then waived; all passed is compliant.
 */
function verdictOf(checks: readonly PropertyCheck[], severityOf: ReadonlyMap<PropertyCheck, Severity>): ConnectorVerdict {
  let verdict: ConnectorVerdict = 'compliant';
  for (const check of checks) {
    let next = VERDICT_OF_RESULT[check.result];
    const severity = severityOf.get(check);
    if (next === 'drift' && (severity === 'warning' || severity === 'note')) next = 'warning';
    if (VERDICT_RANK[next] > VERDICT_RANK[verdict]) verdict = next;
  }
  return verdict;
}

/**
 * The pairs of one email domain across the accounts read (file order), for rules that compare
 * accounts.
 */
function domainIndex(accounts: readonly MatchedPair[][]): RunView['pairsOf'] {
  const index = new Map<string, MatchedPair[]>();
  for (const pairs of accounts) {
    for (const pair of pairs) {
      if (!pair.read) continue;
      const list = index.get(pair.emailDomain);
      if (list === undefined) index.set(pair.emailDomain, [pair]);
      else list.push(pair);
    }
  }
  return (emailDomain) => index.get(emailDomain) ?? [];
}

/**
 * When each evaluated account was read: the earliest `fetchedAt` of its inventories (the oldest data
 * is what a time-based rule may rely on). Unparseable times are left out: the account has none.
 */
function readTimes(inventories: readonly AccountInventory[], readable: ReadonlyMap<string, unknown>): Map<string, string> {
  const times = new Map<string, string>();
  const instants = new Map<string, number>();
  for (const inventory of inventories) {
    if (!readable.has(inventory.accountId)) continue;
    const instant = instantOf(inventory.fetchedAt);
    if (instant === undefined) continue;
    const earliest = instants.get(inventory.accountId);
    if (earliest !== undefined && earliest <= instant) continue;
    instants.set(inventory.accountId, instant);
    times.set(inventory.accountId, inventory.fetchedAt);
  }
  return times;
}

/** Account id -> position of its first entry in the file. */
function indexAccounts(accounts: DesiredAccount[]): Map<string, number> {
  const order = new Map<string, number>();
  accounts.forEach((account, index) => {
    if (!order.has(account.id)) order.set(account.id, index);
  });
  return order;
}

/**
 * Connectors of every declared account whose inventories all read completely.
 * One failed inventory fails the account, even if another inventory for it is ok (fail closed).
 */
function readableInventories(inventories: AccountInventory[], accountOrder: Map<string, number>): Map<string, ObservedConnector[]> {
  const failed = new Set<string>();
  const connectors = new Map<string, ObservedConnector[]>();
  for (const inventory of inventories) {
    if (!accountOrder.has(inventory.accountId)) continue;
    if (inventory.status !== 'ok') {
      failed.add(inventory.accountId);
      continue;
    }
    const list = connectors.get(inventory.accountId);
    if (list === undefined) connectors.set(inventory.accountId, [...inventory.connectors]);
    else for (const connector of inventory.connectors) list.push(connector); // no spread: 100k+ arguments overflow
  }
  for (const accountId of failed) connectors.delete(accountId);
  return connectors;
}

/** Pairs of one account, sorted by email domain (live connectors of a pair sorted by id). */
function matchPairs(account: DesiredAccount, observed: ObservedConnector[], read: boolean): MatchedPair[] {
  const pairs = new Map<string, MatchedPair>();
  for (const connector of account.connectors) {
    const emailDomain = normaliseDomain(connector.emailDomain);
    // A repeated domain: the first declaration wins (the loader rejects repeats).
    if (!pairs.has(emailDomain)) pairs.set(emailDomain, { account, accountId: account.id, emailDomain, desired: connector, observed: [], read });
  }
  for (const connector of observed) {
    const emailDomain = normaliseDomain(connector.emailDomain);
    const pair = pairs.get(emailDomain);
    if (pair === undefined) pairs.set(emailDomain, { account, accountId: account.id, emailDomain, observed: [connector], read });
    else pair.observed.push(connector);
  }
  return [...pairs.keys()].sort(compareText).map((domain) => {
    const pair = pairs.get(domain) as MatchedPair;
    pair.observed.sort((a, b) => compareText(a.id, b.id));
    return pair;
  });
}

/**
 * Marks findings covered by a waiver in force (today <= expires) as waived, and their checks, and returns
 * how each waiver of an evaluated account fared. When several waivers cover one finding, the first in the
 * file is recorded on the finding and all of them count as used.
 */
function applyWaivers(
  desired: DesiredState,
  accountOrder: Map<string, number>,
  judged: readonly Judged[],
  byAccount: ReadonlyMap<string, Finding[]>,
  today: string,
): WaiverUse[] {
  const uses: WaiverUse[] = [];
  const inForce = new Map<string, WaiverUse[]>();
  for (const waiver of desired.waivers) {
    const index = accountOrder.get(waiver.accountId);
    if (index === undefined || !byAccount.has(waiver.accountId)) continue;
    const emailDomain = normaliseDomain(waiver.emailDomain);
    const use: WaiverUse = { waiver, account: desired.accounts[index], emailDomain, expired: isExpired(waiver, today), matchedFindings: 0, today };
    uses.push(use);
    if (use.expired) continue;
    const key = waiverKey(waiver.accountId, emailDomain, waiver.kind);
    const list = inForce.get(key);
    if (list === undefined) inForce.set(key, [use]);
    else list.push(use);
  }
  for (const { finding, check } of judged) {
    // A check that could not be made (CFSSO010) is a blind spot, not a deviation someone can accept: no
    // waiver covers it (the desired-state schema does not offer the kind either).
    if (isUndecided(finding)) continue;
    const covering = inForce.get(waiverKey(finding.accountId, finding.emailDomain, finding.kind));
    if (covering === undefined) continue;
    const { waiver } = covering[0];
    finding.waived = true;
    finding.waiver = waiver.approvedBy === undefined ? { reason: waiver.reason, expires: waiver.expires } : { reason: waiver.reason, expires: waiver.expires, by: waiver.approvedBy };
    check.result = 'waived';
    for (const use of covering) use.matchedFindings += 1;
  }
  return uses;
}

/** A finding that leaves the run undecided, whatever `--fail-on` says: a check that could not be made. */
export function isUndecided(finding: Pick<Finding, 'kind'>): boolean {
  return finding.kind === 'unverifiable';
}

function sortSlice(findings: Finding[], start: number): void {
  const sorted = findings.slice(start).sort(compareFindingPlace);
  for (let i = 0; i < sorted.length; i++) findings[start + i] = sorted[i];
}
