// Every connector considered, not only the failures: for each declared and each live connector of an
// account, which properties were compared with which expected values, and the verdict. Pure.
//
// The rules decide pass or fail (their findings); this module only lists what was compared, so a
// property fails here exactly when a rule reported it, and a finding never goes without its check.
//
// Built lean, for 100k connectors: a check that did not fail reads the same for every connector with
// the same expectation and value, so it is one shared (frozen) object, and so is a list of them that
// the previous connector had too; a finding marks a copy. The report's JSON is the same either way.
import type {
  CheckedProperty,
  ConnectorCheck,
  ConnectorVerdict,
  DesiredAccount,
  DesiredConnector,
  Finding,
  FindingKind,
  ObservedConnector,
  ObservedValues,
  PropertyCheck,
  VerificationStatus,
} from '../core/types';
import { ruleByKind, type MatchedPair } from '../rules';
import { acceptedStatuses, yesNo } from '../core/describe';
import { matchPairs } from './evaluate';
import { compareText } from '../core/order';

/** The property each connector finding kind is about. Waiver kinds are about waivers, not connectors. */
const PROPERTY_OF_KIND: Partial<Record<FindingKind, CheckedProperty>> = {
  missing: 'state',
  forbidden: 'state',
  unexpected: 'declared',
  enabled_mismatch: 'enabled',
  verification_mismatch: 'verification',
  fedramp_mismatch: 'use_fedramp_language',
  duplicate: 'unique',
  domain_conflict: 'exclusive',
  verification_stalled: 'verification_progress',
};

export function propertyOfKind(kind: FindingKind): CheckedProperty | undefined {
  return PROPERTY_OF_KIND[kind];
}

const ruleIdOf = (kind: FindingKind): string => ruleByKind(kind).id;

/** Shared by many connectors, so frozen: marking one (applyFinding) must copy it. */
const shared = (check: PropertyCheck): PropertyCheck => Object.freeze(check);

/** How a live connector was seen for one check: absent, present, or its account not read. */
type StateSeen = 'absent' | 'present' | 'unread';

function stateChecks(state: DesiredConnector['state']): Record<StateSeen, PropertyCheck> {
  const ruleId = ruleIdOf(state === 'present' ? 'missing' : 'forbidden');
  return {
    absent: shared({ property: 'state', ruleId, expected: state, actual: 'absent', result: 'pass' }),
    present: shared({ property: 'state', ruleId, expected: state, actual: 'present', result: 'pass' }),
    unread: shared({ property: 'state', ruleId, expected: state, result: 'not_checked' }),
  };
}

const STATE: Record<DesiredConnector['state'], Record<StateSeen, PropertyCheck>> = { present: stateChecks('present'), absent: stateChecks('absent') };

const UNEXPECTED_ID = ruleIdOf('unexpected');
const DECLARED = shared({ property: 'declared', ruleId: UNEXPECTED_ID, expected: 'declared', actual: 'not declared', result: 'pass' });
const DECLARED_IGNORED = shared({
  property: 'declared',
  ruleId: UNEXPECTED_ID,
  expected: 'declared, or not (unmanaged: ignore)',
  actual: 'not declared',
  result: 'pass',
});

const DUPLICATE_ID = ruleIdOf('duplicate');
const UNIQUE = shared({ property: 'unique', ruleId: DUPLICATE_ID, expected: '1', actual: '1', result: 'pass' });

function uniqueCheck(count: number): PropertyCheck {
  return count === 1 ? UNIQUE : { property: 'unique', ruleId: DUPLICATE_ID, expected: '1', actual: String(count), result: 'pass' };
}

/** How a live setting was seen: its value as the report writes it, not reported by the API, or its account not read. */
type SettingSeen = 'true' | 'false' | 'unreported' | 'unread';

function seenOf(live: ObservedConnector | undefined, value: boolean | undefined): SettingSeen {
  if (live === undefined) return 'unread';
  if (value === undefined) return 'unreported';
  return value ? 'true' : 'false';
}

/** One setting's check before any finding: `read` false = its account was not read. */
function settingCheck(property: CheckedProperty, ruleId: string, expected: string, read: boolean, actual: string | undefined): PropertyCheck {
  if (!read) return shared({ property, ruleId, expected, result: 'not_checked' });
  // The API did not report the field: the check cannot be made (CFSSO010 says so).
  if (actual === undefined) return shared({ property, ruleId, expected, result: 'unverifiable' });
  return shared({ property, ruleId, expected, actual, result: 'pass' });
}

type BooleanChecks = Record<SettingSeen, PropertyCheck>;

/** A boolean setting's checks: by expected value (false, true), then by how the live value was seen. */
function booleanSetting(property: CheckedProperty, kind: FindingKind): readonly [BooleanChecks, BooleanChecks] {
  const ruleId = ruleIdOf(kind);
  const table = (expected: boolean): BooleanChecks => {
    const text = yesNo(expected);
    return {
      true: settingCheck(property, ruleId, text, true, 'true'),
      false: settingCheck(property, ruleId, text, true, 'false'),
      unreported: settingCheck(property, ruleId, text, true, undefined),
      unread: settingCheck(property, ruleId, text, false, undefined),
    };
  };
  return [table(false), table(true)];
}

const ENABLED = booleanSetting('enabled', 'enabled_mismatch');
const FEDRAMP = booleanSetting('use_fedramp_language', 'fedramp_mismatch');
const VERIFICATION_ID = ruleIdOf('verification_mismatch');

/** The verification checks of one accepted list; a served status is any string, so it has a map of its own. */
interface VerificationChecks {
  served: Map<string, PropertyCheck>;
  unreported: PropertyCheck;
  unread: PropertyCheck;
}

/** A check list many connectors share: frozen, so marking one (applyFinding) must copy it. */
function sharedList(checks: PropertyCheck[]): PropertyCheck[] {
  Object.freeze(checks);
  return checks;
}

/** The lists of connectors with one check only. */
const ONLY = {
  missing: sharedList([STATE.present.absent]),
  absent: sharedList([STATE.absent.absent]),
  forbidden: sharedList([STATE.absent.present]),
  absentUnread: sharedList([STATE.absent.unread]),
  undeclared: sharedList([DECLARED]),
  undeclaredIgnored: sharedList([DECLARED_IGNORED]),
};

/** A present connector has at most: state, unique, enabled, verification, use_fedramp_language. */
const MAX_CHECKS = 5;

/**
 * One account's check lists. Connectors of an account mostly read alike, so a list equal to the
 * previous connector's is that same (frozen) list; verification checks vary with the accepted list
 * and the status as served, so they are made as met (keyed by the expected text, then the status).
 */
class CheckLists {
  private readonly verification = new Map<string, VerificationChecks>();
  /** The list being built, reused: its first `size` entries. */
  private readonly next = new Array<PropertyCheck>(MAX_CHECKS);
  private size = 0;
  private last: PropertyCheck[] = ONLY.missing;
  private lastVerdict: ConnectorVerdict = 'compliant';

  /**
   * The checks of a connector declared present: its state, then (when a live one was read) uniqueness,
   * then each declared setting. `live` undefined = the account was not read.
   */
  present(desired: DesiredConnector, live: ObservedConnector | undefined, count: number): PropertyCheck[] {
    this.size = 0;
    if (live === undefined) {
      this.add(STATE.present.unread);
    } else {
      this.add(STATE.present.present);
      this.add(uniqueCheck(count));
    }
    if (desired.enabled !== undefined) this.add(ENABLED[desired.enabled ? 1 : 0][seenOf(live, live?.enabled)]);
    if (desired.verification !== undefined && desired.verification.length > 0) this.add(this.verificationCheck(desired.verification, live));
    if (desired.useFedrampLanguage !== undefined) this.add(FEDRAMP[desired.useFedrampLanguage ? 1 : 0][seenOf(live, live?.useFedrampLanguage)]);
    return this.finish();
  }

  private add(check: PropertyCheck): void {
    this.next[this.size++] = check;
  }

  /** The previous list when equal, else a new shared list of exactly this size. */
  private finish(): PropertyCheck[] {
    const { next, size, last } = this;
    let same = last.length === size;
    for (let i = 0; same && i < size; i++) same = last[i] === next[i];
    if (!same) {
      this.last = sharedList(next.slice(0, size));
      this.lastVerdict = verdictOf(this.last);
    }
    return this.last;
  }

  /** The verdict of a list: worked out once for the list made last (lists repeat). */
  verdict(checks: readonly PropertyCheck[]): ConnectorVerdict {
    return checks === this.last ? this.lastVerdict : verdictOf(checks);
  }

  private verificationCheck(accepted: readonly VerificationStatus[], live: ObservedConnector | undefined): PropertyCheck {
    const expected = acceptedStatuses(accepted);
    let checks = this.verification.get(expected);
    if (checks === undefined) {
      checks = {
        served: new Map(),
        unreported: settingCheck('verification', VERIFICATION_ID, expected, true, undefined),
        unread: settingCheck('verification', VERIFICATION_ID, expected, false, undefined),
      };
      this.verification.set(expected, checks);
    }
    if (live === undefined) return checks.unread;
    const status = live.verification?.status;
    if (status === undefined) return checks.unreported;
    let check = checks.served.get(status);
    if (check === undefined) checks.served.set(status, (check = settingCheck('verification', VERIFICATION_ID, expected, true, status)));
    return check;
  }
}

/** A live connector's values as read; the verification object is the connector's own (nothing mutates either). */
function observedValues(connector: ObservedConnector): ObservedValues {
  const { enabled, useFedrampLanguage, verification, createdOn, updatedOn } = connector;
  // The usual case as one literal: an object of fixed shape, not one grown key by key.
  if (enabled !== undefined && useFedrampLanguage !== undefined && verification !== undefined && createdOn !== undefined && updatedOn !== undefined) {
    return { enabled, useFedrampLanguage, verification, createdOn, updatedOn };
  }
  const values: ObservedValues = {};
  if (enabled !== undefined) values.enabled = enabled;
  if (useFedrampLanguage !== undefined) values.useFedrampLanguage = useFedrampLanguage;
  if (verification !== undefined) values.verification = verification;
  if (createdOn !== undefined) values.createdOn = createdOn;
  if (updatedOn !== undefined) values.updatedOn = updatedOn;
  return values;
}

/** The checks an unread account would have had: its declared connectors, nothing observed. */
function unreadChecks(account: DesiredAccount): ConnectorCheck[] {
  const lists = new CheckLists();
  return [...account.connectors]
    .sort((a, b) => compareText(a.emailDomain, b.emailDomain))
    .map((desired): ConnectorCheck => ({
      emailDomain: desired.emailDomain,
      declared: desired.state,
      location: desired.location,
      checks: desired.state === 'present' ? lists.present(desired, undefined, 0) : ONLY.absentUnread,
      verdict: 'not_checked',
    }));
}

/**
 * The connectors considered for one declared account. `observed` undefined means the account was not read
 * completely: its declared connectors are listed as `not_checked`. `findings` are the account's findings
 * (waived ones marked), as evaluate() returned them; `matched`, the pairs it matched, when known.
 */
export function connectorChecks(
  account: DesiredAccount,
  observed: ObservedConnector[] | undefined,
  findings: readonly Finding[],
  matched?: readonly MatchedPair[],
): ConnectorCheck[] {
  if (observed === undefined) return unreadChecks(account);
  const lists = new CheckLists();
  const pairs = matched ?? matchPairs(account, observed);
  // One item per live connector, and one for a declared domain with none: an array of exactly that
  // length (grown by push, it would be copied four times for 100 connectors and keep spare slots).
  let count = 0;
  for (const pair of pairs) count += pair.observed.length === 0 ? 1 : pair.observed.length;
  const items = new Array<ConnectorCheck>(count);
  let at = 0;
  for (const pair of pairs) {
    const { desired, emailDomain } = pair;
    if (pair.observed.length === 0 && desired !== undefined) {
      const checks = desired.state === 'present' ? ONLY.missing : ONLY.absent;
      items[at++] = { emailDomain, declared: desired.state, location: desired.location, checks, verdict: 'compliant' };
    }
    for (const live of pair.observed) {
      let checks: PropertyCheck[];
      if (desired === undefined) checks = account.unmanaged === 'ignore' ? ONLY.undeclaredIgnored : ONLY.undeclared;
      else if (desired.state === 'present') checks = lists.present(desired, live, pair.observed.length);
      else checks = ONLY.forbidden;
      items[at++] = {
        emailDomain,
        connectorId: live.id,
        declared: desired === undefined ? 'undeclared' : desired.state,
        location: desired?.location ?? account.location,
        observed: observedValues(live),
        checks,
        verdict: lists.verdict(checks),
      };
    }
  }
  if (findings.length === 0) return items;

  const targets = new FindingTargets(items);
  const touched = new Set<ConnectorCheck>();
  for (const finding of findings) applyFinding(finding, targets, touched);
  for (const item of touched) item.verdict = verdictOf(item.checks);
  return items;
}

/**
 * The items a finding is about. Items come sorted by email domain (pairs are), so a finding's domain
 * is found by binary search: no index over 100k items for a few findings. Orphans (findings that
 * match no item) are appended later and kept apart.
 */
class FindingTargets {
  private readonly sorted: number;
  private readonly orphans = new Map<string, ConnectorCheck>();

  constructor(private readonly items: ConnectorCheck[]) {
    this.sorted = items.length;
  }

  /** The item of the finding's connector in its domain, else every item of the domain. */
  of(finding: Finding): ConnectorCheck[] {
    const { items } = this;
    let start = 0;
    let end = this.sorted;
    while (start < end) {
      const mid = (start + end) >>> 1;
      if (compareText(items[mid].emailDomain, finding.emailDomain) < 0) start = mid + 1;
      else end = mid;
    }
    end = start;
    while (end < this.sorted && items[end].emailDomain === finding.emailDomain) end++;
    if (start === end) {
      const orphan = this.orphans.get(finding.emailDomain);
      return orphan === undefined ? [] : [orphan];
    }
    // The last one with the id, as a map from ids to items would have it.
    for (let i = end - 1; finding.connectorId !== undefined && i >= start; i--) {
      if (items[i].connectorId === finding.connectorId) return [items[i]];
    }
    return items.slice(start, end);
  }

  addOrphan(orphan: ConnectorCheck): void {
    this.orphans.set(orphan.emailDomain, orphan);
    this.items.push(orphan);
  }
}

/** Marks the check a finding is about; a finding that matches no listed check gets one of its own. */
function applyFinding(finding: Finding, items: FindingTargets, touched: Set<ConnectorCheck>): void {
  if (finding.kind === 'waiver_expired' || finding.kind === 'waiver_unused') return;
  const targets = items.of(finding);
  if (targets.length === 0) {
    // Never drop a finding: it becomes an item of its own.
    const result = finding.kind === 'unverifiable' ? 'unverifiable' : finding.waived ? 'waived' : 'fail';
    const orphan: ConnectorCheck = { emailDomain: finding.emailDomain, declared: 'undeclared', checks: [standIn(finding, result)], verdict: 'compliant' };
    if (finding.connectorId !== undefined) orphan.connectorId = finding.connectorId;
    if (finding.location !== undefined) orphan.location = finding.location;
    items.addOrphan(orphan);
    touched.add(orphan);
    return;
  }
  for (const item of targets) {
    if (touched.has(item)) continue;
    // Its list (and the checks in it) may be shared and frozen: the item gets a list of its own.
    touched.add(item);
    item.checks = [...item.checks];
  }
  if (finding.kind === 'unverifiable') {
    // The engine marked unreported settings already; make sure the item cannot read as decided.
    for (const item of targets) {
      if (!item.checks.some((check) => check.result === 'unverifiable')) item.checks.push(standIn(finding, 'unverifiable'));
    }
    return;
  }
  const property = PROPERTY_OF_KIND[finding.kind];
  const result = finding.waived ? 'waived' : 'fail';
  for (const item of targets) {
    let at = item.checks.findIndex((c) => c.property === property && c.ruleId === finding.ruleId);
    if (at < 0) at = item.checks.findIndex((c) => c.property === property);
    if (at < 0) {
      item.checks.push(standIn(finding, result));
      continue;
    }
    // The check may be shared (frozen): this item gets a copy.
    const check: PropertyCheck = { ...item.checks[at] };
    item.checks[at] = check;
    check.ruleId = finding.ruleId;
    // The rule's words for a setting (e.g. a status as served); presence and uniqueness keep the listing's.
    const setting = property === 'enabled' || property === 'verification' || property === 'use_fedramp_language';
    if (setting && finding.expected !== undefined) check.expected = finding.expected;
    if (setting && finding.actual !== undefined) check.actual = finding.actual;
    // An unwaived failure wins over a waived one on the same check.
    if (check.result !== 'fail') check.result = result;
  }
}

function standIn(finding: Finding, result: PropertyCheck['result']): PropertyCheck {
  const check: PropertyCheck = {
    property: PROPERTY_OF_KIND[finding.kind] ?? 'state',
    ruleId: finding.ruleId,
    expected: finding.expected ?? 'as declared',
    result,
  };
  if (finding.actual !== undefined) check.actual = finding.actual;
  return check;
}

const VERDICT_RANK: Record<PropertyCheck['result'], number> = { pass: 0, waived: 1, fail: 2, unverifiable: 3, not_checked: 4 };
const VERDICT_BY_RANK: readonly ConnectorVerdict[] = ['compliant', 'waived', 'drift', 'unverifiable', 'not_checked'];

/** not_checked wins, then unverifiable (the run is undecided), then drift, then waived; all passed is compliant. */
export function verdictOf(checks: readonly PropertyCheck[]): ConnectorVerdict {
  let rank = 0;
  for (const check of checks) rank = Math.max(rank, VERDICT_RANK[check.result]);
  return VERDICT_BY_RANK[rank];
}
