// Every connector considered, not only the failures: for each declared and each live connector of an
// account, which properties were compared with which expected values, and the verdict. Pure.
//
// The rules decide pass or fail (their findings); this module only lists what was compared, so a
// property fails here exactly when a rule reported it, and a finding never goes without its check.
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
} from '../types';
import { ruleByKind } from '../rules';
import { acceptedStatuses, yesNo } from '../rules/describe';
import { matchPairs } from './evaluate';
import { compareText } from '../order';

/** The property each connector finding kind is about. Waiver kinds are about waivers, not connectors. */
const PROPERTY_OF_KIND: Partial<Record<FindingKind, CheckedProperty>> = {
  missing: 'state',
  forbidden: 'state',
  unexpected: 'declared',
  enabled_mismatch: 'enabled',
  verification_mismatch: 'verification',
  fedramp_mismatch: 'use_fedramp_language',
  duplicate: 'unique',
};

export function propertyOfKind(kind: FindingKind): CheckedProperty | undefined {
  return PROPERTY_OF_KIND[kind];
}

function observedValues(connector: ObservedConnector): ObservedValues {
  const values: ObservedValues = {};
  if (connector.enabled !== undefined) values.enabled = connector.enabled;
  if (connector.useFedrampLanguage !== undefined) values.useFedrampLanguage = connector.useFedrampLanguage;
  if (connector.verification !== undefined) values.verification = { ...connector.verification };
  if (connector.createdOn !== undefined) values.createdOn = connector.createdOn;
  if (connector.updatedOn !== undefined) values.updatedOn = connector.updatedOn;
  return values;
}

const ruleIdOf = (kind: FindingKind): string => ruleByKind(kind).id;

/** The settings a present connector is compared on; `actual` undefined = not reported by the API. */
function settingChecks(desired: DesiredConnector, live: ObservedConnector | undefined): PropertyCheck[] {
  const checks: PropertyCheck[] = [];
  const add = (property: CheckedProperty, kind: FindingKind, expected: string, actual: string | undefined): void => {
    const check: PropertyCheck = { property, ruleId: ruleIdOf(kind), expected, result: 'pass' };
    if (actual !== undefined) check.actual = actual;
    checks.push(check);
  };
  if (desired.enabled !== undefined) {
    add('enabled', 'enabled_mismatch', yesNo(desired.enabled), live?.enabled === undefined ? undefined : yesNo(live.enabled));
  }
  if (desired.verification !== undefined && desired.verification.length > 0) {
    add('verification', 'verification_mismatch', acceptedStatuses(desired.verification), live?.verification?.status);
  }
  if (desired.useFedrampLanguage !== undefined) {
    add(
      'use_fedramp_language',
      'fedramp_mismatch',
      yesNo(desired.useFedrampLanguage),
      live?.useFedrampLanguage === undefined ? undefined : yesNo(live.useFedrampLanguage),
    );
  }
  return checks;
}

function entry(emailDomain: string, declared: ConnectorCheck['declared'], location: DesiredConnector['location'] | undefined, checks: PropertyCheck[]): ConnectorCheck {
  const check: ConnectorCheck = { emailDomain, declared, checks, verdict: 'compliant' };
  if (location !== undefined) check.location = location;
  return check;
}

/** The checks an unread account would have had: its declared connectors, nothing observed. */
function unreadChecks(account: DesiredAccount): ConnectorCheck[] {
  return [...account.connectors]
    .sort((a, b) => compareText(a.emailDomain, b.emailDomain))
    .map((desired) => {
      const state: PropertyCheck = { property: 'state', ruleId: ruleIdOf(desired.state === 'present' ? 'missing' : 'forbidden'), expected: desired.state, result: 'not_checked' };
      const checks = [state, ...(desired.state === 'present' ? settingChecks(desired, undefined) : [])].map(
        (check): PropertyCheck => ({ ...check, result: 'not_checked' }),
      );
      const item = entry(desired.emailDomain, desired.state, desired.location, checks);
      item.verdict = 'not_checked';
      return item;
    });
}

/**
 * The connectors considered for one declared account. `observed` undefined means the account was not read
 * completely: its declared connectors are listed as `not_checked`. `findings` are the account's findings
 * (waived ones marked), as evaluate() returned them.
 */
export function connectorChecks(account: DesiredAccount, observed: ObservedConnector[] | undefined, findings: readonly Finding[]): ConnectorCheck[] {
  if (observed === undefined) return unreadChecks(account);
  const items: ConnectorCheck[] = [];
  const byConnector = new Map<string, ConnectorCheck>();
  const byDomain = new Map<string, ConnectorCheck[]>();
  for (const pair of matchPairs(account, observed)) {
    const { desired } = pair;
    const domainItems: ConnectorCheck[] = [];
    if (pair.observed.length === 0 && desired !== undefined) {
      const present = desired.state === 'present';
      const checks: PropertyCheck[] = [
        { property: 'state', ruleId: ruleIdOf(present ? 'missing' : 'forbidden'), expected: desired.state, actual: 'absent', result: 'pass' },
      ];
      domainItems.push(entry(pair.emailDomain, desired.state, desired.location, checks));
    }
    for (const live of pair.observed) {
      const checks: PropertyCheck[] = [];
      if (desired === undefined) {
        const ignored = account.unmanaged === 'ignore';
        checks.push({
          property: 'declared',
          ruleId: ruleIdOf('unexpected'),
          expected: ignored ? 'declared, or not (unmanaged: ignore)' : 'declared',
          actual: 'not declared',
          result: 'pass',
        });
      } else {
        checks.push({ property: 'state', ruleId: ruleIdOf(desired.state === 'present' ? 'missing' : 'forbidden'), expected: desired.state, actual: 'present', result: 'pass' });
        if (desired.state === 'present') {
          checks.push({ property: 'unique', ruleId: ruleIdOf('duplicate'), expected: '1', actual: String(pair.observed.length), result: 'pass' });
          for (const check of settingChecks(desired, live)) {
            // The API did not report the field: the check cannot be made (CFSSO010 says so).
            if (check.actual === undefined) check.result = 'unverifiable';
            checks.push(check);
          }
        }
      }
      const item = entry(pair.emailDomain, desired === undefined ? 'undeclared' : desired.state, desired?.location ?? account.location, checks);
      item.connectorId = live.id;
      item.observed = observedValues(live);
      byConnector.set(live.id, item);
      domainItems.push(item);
    }
    byDomain.set(pair.emailDomain, domainItems);
    for (const item of domainItems) items.push(item);
  }

  for (const finding of findings) applyFinding(finding, byConnector, byDomain, items);
  for (const item of items) item.verdict = verdictOf(item.checks);
  return items;
}

/** Marks the check a finding is about; a finding that matches no listed check gets one of its own. */
function applyFinding(finding: Finding, byConnector: Map<string, ConnectorCheck>, byDomain: Map<string, ConnectorCheck[]>, items: ConnectorCheck[]): void {
  if (finding.kind === 'waiver_expired' || finding.kind === 'waiver_unused') return;
  const targets =
    finding.connectorId !== undefined && byConnector.get(finding.connectorId)?.emailDomain === finding.emailDomain
      ? [byConnector.get(finding.connectorId) as ConnectorCheck]
      : (byDomain.get(finding.emailDomain) ?? []);
  if (finding.kind === 'unverifiable') {
    // The engine marked unreported settings already; make sure the item cannot read as decided.
    if (targets.length === 0) {
      const orphan = entry(finding.emailDomain, 'undeclared', finding.location, [standIn(finding, 'unverifiable')]);
      if (finding.connectorId !== undefined) orphan.connectorId = finding.connectorId;
      byDomain.set(finding.emailDomain, [orphan]);
      items.push(orphan);
    }
    for (const item of targets) {
      if (!item.checks.some((check) => check.result === 'unverifiable')) {
        item.checks.push(standIn(finding, 'unverifiable'));
      }
    }
    return;
  }
  const property = PROPERTY_OF_KIND[finding.kind];
  const result = finding.waived ? 'waived' : 'fail';
  for (const item of targets) {
    const check = item.checks.find((c) => c.property === property && c.ruleId === finding.ruleId)
      ?? item.checks.find((c) => c.property === property);
    if (check === undefined) {
      item.checks.push(standIn(finding, result));
      continue;
    }
    check.ruleId = finding.ruleId;
    // The rule's words for a setting (e.g. a status as served); presence and uniqueness keep the listing's.
    const setting = property === 'enabled' || property === 'verification' || property === 'use_fedramp_language';
    if (setting && finding.expected !== undefined) check.expected = finding.expected;
    if (setting && finding.actual !== undefined) check.actual = finding.actual;
    // An unwaived failure wins over a waived one on the same check.
    if (check.result !== 'fail') check.result = result;
  }
  if (targets.length === 0) {
    // Never drop a finding: it becomes an item of its own.
    const orphan = entry(finding.emailDomain, 'undeclared', finding.location, [standIn(finding, result)]);
    if (finding.connectorId !== undefined) orphan.connectorId = finding.connectorId;
    byDomain.set(finding.emailDomain, [orphan]);
    items.push(orphan);
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

/** unverifiable wins (the run is undecided), then drift, then waived; all passed is compliant. */
export function verdictOf(checks: readonly PropertyCheck[]): ConnectorVerdict {
  if (checks.some((check) => check.result === 'not_checked')) return 'not_checked';
  if (checks.some((check) => check.result === 'unverifiable')) return 'unverifiable';
  if (checks.some((check) => check.result === 'fail')) return 'drift';
  if (checks.some((check) => check.result === 'waived')) return 'waived';
  return 'compliant';
}

