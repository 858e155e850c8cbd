// Match desired <-> observed per (account, normalised email domain), run the rules, apply waivers.
// Pure and linear: Maps keyed by account and domain, no nested scans over connectors.
import type { AccountInventory, DesiredAccount, DesiredState, Finding, ObservedConnector } from '../core/types';
import { CONNECTOR_RULES, WAIVER_RULES, normaliseDomain } from '../rules';
import type { MatchedPair, RuleFinding, RunView, WaiverUse } from '../rules';
import { isExpired, waiverKey } from './waivers';
import { instantOf } from '../core/day';
import { compareText } from '../core/order';

export interface EvaluateOptions {
  /** The evaluation day, YYYY-MM-DD (UTC). Waivers apply up to and including their `expires` day. */
  today: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Evaluates every declared account that has a complete inventory (status `ok`).
 * Accounts whose inventory is `error` or was not passed produce no findings: the caller reports the
 * run as `error` (see buildReport). Inventories of accounts the desired state does not declare are ignored.
 * Waivers of accounts that were not evaluated are neither applied nor reported.
 * Findings come in a stable order: account order of the file, then email domain, then rule id
 * (then connector id).
 */
export function evaluate(desired: DesiredState, inventories: AccountInventory[], options: EvaluateOptions): Finding[] {
  if (!ISO_DAY.test(options.today)) {
    throw new TypeError(`evaluate: options.today must be a YYYY-MM-DD day, got "${options.today}"`);
  }
  const accountOrder = indexAccounts(desired.accounts);
  const readable = readableInventories(inventories, accountOrder);
  const matched = new Map<DesiredAccount, MatchedRun>();

  // Findings per evaluated account, in file order. Pairs come sorted by domain and each pair's
  // findings sorted by rule id, so the connector findings are in final order by construction:
  // no global sort (100k findings would make it the slowest step).
  const byAccount = new Map<string, Finding[]>();
  const evaluated: MatchedPair[][] = [];
  desired.accounts.forEach((account, index) => {
    if (accountOrder.get(account.id) !== index) return; // a repeated account id: the first entry wins
    const connectors = readable.get(account.id);
    if (connectors === undefined) return;
    byAccount.set(account.id, []);
    const pairs = matchPairs(account, connectors);
    matched.set(account, { observed: connectors, pairs });
    evaluated.push(pairs);
  });
  const sameDomain = domainIndex(evaluated);
  const readAt = readTimes(inventories, readable);
  for (const pairs of evaluated) {
    const accountId = pairs.length > 0 ? pairs[0].accountId : '';
    const accountFindings = byAccount.get(accountId) ?? [];
    const run: RunView = { readAt: readAt.get(accountId), pairsOf: sameDomain };
    for (const pair of pairs) {
      const start = accountFindings.length;
      for (const rule of CONNECTOR_RULES) {
        // Mostly the one frozen NO_FINDINGS: a length check, no iterator over it.
        const found = rule.check(pair, run);
        for (let i = 0; i < found.length; i++) accountFindings.push(unwaived(found[i]));
      }
      if (accountFindings.length - start > 1) sortSlice(accountFindings, start);
    }
  }

  const uses = applyWaivers(desired, accountOrder, byAccount, options.today);
  const touched = new Set<Finding[]>();
  for (const use of uses) {
    for (const rule of WAIVER_RULES) {
      for (const finding of rule.check(use)) {
        const accountFindings = byAccount.get(use.account.id);
        if (accountFindings === undefined) continue; // cannot happen: uses are of evaluated accounts
        accountFindings.push(unwaived(finding));
        touched.add(accountFindings);
      }
    }
  }
  // Waiver findings slot in among their account's findings (Array#sort is stable).
  for (const accountFindings of touched) accountFindings.sort(compareFindings);

  const findings: Finding[] = [];
  for (const accountFindings of byAccount.values()) {
    for (const finding of accountFindings) findings.push(finding);
  }
  MATCHED_BY_RESULT.set(findings, matched);
  return findings;
}

interface MatchedRun {
  observed: ObservedConnector[];
  pairs: MatchedPair[];
}

/**
 * The pairs each evaluate() matched, by the findings array it returned: buildReport() lists the
 * connectors of the same pairs (checks.ts), and matching is the largest part of a run at 100k
 * connectors. Weak, and taken by the report built from these findings; nothing else sees it.
 */
const MATCHED_BY_RESULT = new WeakMap<readonly Finding[], Map<DesiredAccount, MatchedRun>>();

/**
 * matchPairs(account, observed), or the pairs evaluate() matched for these findings when it read
 * this very list (the same array: a list made elsewhere is matched anew). Taken once: a second
 * report from the same findings matches again.
 */
export function pairsOf(findings: readonly Finding[], account: DesiredAccount, observed: ObservedConnector[]): MatchedPair[] {
  const matched = MATCHED_BY_RESULT.get(findings);
  const run = matched?.get(account);
  matched?.delete(account);
  return run !== undefined && run.observed === observed ? run.pairs : matchPairs(account, observed);
}

/**
 * The pairs of one email domain across the evaluated accounts (file order), for rules that compare
 * accounts (CFSSO011). Built on the first question: a run with one account never builds it.
 */
function domainIndex(evaluated: readonly MatchedPair[][]): RunView['pairsOf'] {
  let index: Map<string, MatchedPair[]> | undefined;
  return (emailDomain) => {
    if (evaluated.length < 2) return NO_PAIRS;
    if (index === undefined) {
      index = new Map();
      for (const pairs of evaluated) {
        for (const pair of pairs) {
          const list = index.get(pair.emailDomain);
          if (list === undefined) index.set(pair.emailDomain, [pair]);
          else list.push(pair);
        }
      }
    }
    return index.get(emailDomain) ?? NO_PAIRS;
  };
}

const NO_PAIRS: readonly MatchedPair[] = Object.freeze([]);

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

/** Rules return fresh objects; marking them in place avoids a copy per finding. */
function unwaived(finding: RuleFinding): Finding {
  const marked = finding as Finding;
  marked.waived = false;
  return marked;
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
export function readableInventories(
  inventories: AccountInventory[],
  accountOrder: Map<string, number>,
): Map<string, ObservedConnector[]> {
  const failed = new Set<string>();
  const connectors = new Map<string, ObservedConnector[]>();
  // Lists made here; any other list is an inventory's own, read but never changed.
  const made = new Set<ObservedConnector[]>();
  for (const inventory of inventories) {
    if (!accountOrder.has(inventory.accountId)) continue;
    if (inventory.status !== 'ok') {
      failed.add(inventory.accountId);
      continue;
    }
    let list = connectors.get(inventory.accountId);
    if (list === undefined) {
      connectors.set(inventory.accountId, inventory.connectors); // one inventory (the usual case): no copy
      continue;
    }
    if (!made.has(list)) {
      list = list.slice();
      made.add(list);
      connectors.set(inventory.accountId, list);
    }
    for (const connector of inventory.connectors) list.push(connector); // no spread: 100k+ arguments overflow
  }
  for (const accountId of failed) connectors.delete(accountId);
  return connectors;
}

/** Pairs of one account, sorted by email domain (live connectors of a pair sorted by id). */
export function matchPairs(account: DesiredAccount, observed: ObservedConnector[]): MatchedPair[] {
  const pairs = new Map<string, MatchedPair>();
  for (const connector of account.connectors) {
    const emailDomain = normaliseDomain(connector.emailDomain);
    // A repeated domain: the first declaration wins (the loader rejects repeats).
    if (!pairs.has(emailDomain)) pairs.set(emailDomain, { account, accountId: account.id, emailDomain, desired: connector, observed: [] });
  }
  for (const connector of observed) {
    const emailDomain = normaliseDomain(connector.emailDomain);
    const pair = pairs.get(emailDomain);
    // [connector], not push onto []: a pushed-to empty array reserves 16 slots, per connector.
    if (pair === undefined) pairs.set(emailDomain, { account, accountId: account.id, emailDomain, observed: [connector] });
    else if (pair.observed.length === 0) pair.observed = [connector];
    else pair.observed.push(connector);
  }

  // Sorting the keys without a comparator is compareText's order (UTF-16 code units) at native
  // speed: no JS call per comparison, which counts most before the code is optimised (a first run).
  const domains = [...pairs.keys()].sort();
  const sorted = new Array<MatchedPair>(domains.length);
  for (let i = 0; i < domains.length; i++) {
    const pair = pairs.get(domains[i]) as MatchedPair;
    if (pair.observed.length > 1) pair.observed.sort((a, b) => compareText(a.id, b.id));
    sorted[i] = pair;
  }
  return sorted;
}

/**
 * Marks findings covered by a waiver in force (today <= expires) as waived, and returns how each
 * waiver of an evaluated account fared. When several waivers cover one finding, the first in the
 * file is recorded on the finding and all of them count as used.
 */
function applyWaivers(
  desired: DesiredState,
  accountOrder: Map<string, number>,
  byAccount: Map<string, Finding[]>,
  today: string,
): WaiverUse[] {
  const uses: WaiverUse[] = [];
  const inForce = new Map<string, WaiverUse[]>();
  for (const waiver of desired.waivers) {
    const index = accountOrder.get(waiver.accountId);
    if (index === undefined || !byAccount.has(waiver.accountId)) continue;
    const emailDomain = normaliseDomain(waiver.emailDomain);
    const use: WaiverUse = {
      waiver,
      account: desired.accounts[index],
      emailDomain,
      expired: isExpired(waiver, today),
      matchedFindings: 0,
      today,
    };
    uses.push(use);
    if (use.expired) continue;
    const key = waiverKey(waiver.accountId, emailDomain, waiver.kind);
    const list = inForce.get(key);
    if (list === undefined) inForce.set(key, [use]);
    else list.push(use);
  }
  if (inForce.size === 0) return uses;

  for (const accountFindings of byAccount.values()) {
    for (const finding of accountFindings) {
      if (!isWaivable(finding)) continue;
      const covering = inForce.get(waiverKey(finding.accountId, finding.emailDomain, finding.kind));
      if (covering === undefined) continue;
      const { waiver } = covering[0];
      finding.waived = true;
      finding.waiver =
        waiver.approvedBy === undefined
          ? { reason: waiver.reason, expires: waiver.expires }
          : { reason: waiver.reason, expires: waiver.expires, by: waiver.approvedBy };
      for (const use of covering) use.matchedFindings += 1;
    }
  }
  return uses;
}

/**
 * An unverifiable check (CFSSO010) is a blind spot, not a deviation someone can accept: no waiver
 * covers it (the desired-state schema does not offer the kind either).
 */
export function isWaivable(finding: Finding): boolean {
  return finding.kind !== 'unverifiable';
}

/** A finding that leaves the run undecided, whatever `--fail-on` says: a check that could not be made. */
export function isUndecided(finding: Pick<Finding, 'kind'>): boolean {
  return finding.kind === 'unverifiable';
}

/** Within one account: email domain, rule id, connector id. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.emailDomain, b.emailDomain) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.connectorId ?? '', b.connectorId ?? '')
  );
}

function sortSlice(findings: Finding[], start: number): void {
  const sorted = findings.slice(start).sort(compareFindings);
  for (let i = 0; i < sorted.length; i++) findings[start + i] = sorted[i];
}

