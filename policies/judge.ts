// The adapter between the stack and the engine: SsoConnector resources become one complete
// AccountInventory per account, and the SAME `evaluate` the CLI uses decides. Nothing here
// re-implements a rule. Values the pack could not read (unknown in preview, unset, malformed) are
// left out of the observation with their reason, so the rules report those checks unverifiable;
// they come back as `unchecked`, so each policy can say what it could not check instead of passing
// silently.
import { evaluate } from '../src/engine';
import { normaliseDomain } from '../src/core/domain';
import type { AccountInventory, DesiredAccount, DesiredConnector, DesiredState, Finding, FindingKind, ObservedConnector, UnknownValue } from '../src/core/types';
import { BOOLEAN_SETTINGS, CONNECTOR_SETTINGS, settingOf, type SettingKey } from '../src/core/settings';
import type { Field, PlacedConnector } from './observe';
import { accountNamed, at } from './names';

/** The settings a policy compares (src/core/settings.ts); the keys are the observation's field names. */
export type CheckedField = SettingKey;

export interface Unchecked {
  field: CheckedField;
  /** Why it could not be compared. */
  reading: Exclude<Field<unknown>, { state: 'known' }>;
  connector: PlacedConnector;
  desired: DesiredConnector;
}

export interface Judgement {
  findings: Finding[];
  unchecked: Unchecked[];
}

function fieldOf(connector: PlacedConnector, field: CheckedField): Field<unknown> {
  const { observation } = connector;
  return field === 'verification' ? observation.verificationStatus : observation[field];
}

/** An account's declarations by normalised email domain (their positions in the file). */
const declarationIndex = new WeakMap<DesiredAccount, Map<string, number[]>>();

/**
 * The account's declarations of `domains`, in file order. Indexed once per account: a loaded
 * desired state is never changed (context.ts caches it per file), and the pack judges one resource
 * at a time, so normalising every declaration of the account on each call would be the cost.
 */
function declarationsFor(account: DesiredAccount, domains: ReadonlySet<string> | undefined): DesiredConnector[] {
  if (domains === undefined) return [];
  let index = declarationIndex.get(account);
  if (index === undefined) {
    const built = new Map<string, number[]>();
    account.connectors.forEach((declared, position) => {
      const domain = normaliseDomain(declared.emailDomain);
      const positions = built.get(domain);
      if (positions === undefined) built.set(domain, [position]);
      else positions.push(position);
    });
    declarationIndex.set(account, built);
    index = built;
  }
  const positions: number[] = [];
  for (const domain of domains) positions.push(...(index.get(domain) ?? []));
  return positions.sort((a, b) => a - b).map((position) => account.connectors[position]);
}

/**
 * Evaluates the stack's connectors against the desired state.
 * - `accountIds`: the accounts to judge (each gets a complete inventory: what the stack holds there).
 * - `fields`: which settings to compare; the others are not checked at all.
 * - `declarations`: `all` (default) judges every declaration of those accounts; `observed` only
 *   the ones some given connector pairs with. `observed` gives the same findings for every kind
 *   but `missing` (a declaration no connector pairs with), so a policy that does not report
 *   `missing` uses it: one resource's Analyze then costs O(its pair), not O(its account).
 */
export function judge(
  desired: DesiredState,
  connectors: readonly PlacedConnector[],
  options: { accountIds: readonly string[]; fields: readonly CheckedField[]; today: string; declarations?: 'all' | 'observed' },
): Judgement {
  const domainsOf = new Map<string, Set<string>>();
  const placedIn = new Map<string, PlacedConnector[]>();
  for (const connector of connectors) {
    const domain = normaliseDomain(connector.emailDomain);
    const domains = domainsOf.get(connector.accountId);
    if (domains === undefined) domainsOf.set(connector.accountId, new Set([domain]));
    else domains.add(domain);
    const placed = placedIn.get(connector.accountId);
    if (placed === undefined) placedIn.set(connector.accountId, [connector]);
    else placed.push(connector);
  }

  const wanted = new Set(options.accountIds);
  const observedOnly = options.declarations === 'observed';
  // Only the judged accounts: the engine would list every other declared connector not_checked (its
  // account has no inventory here) and judge nothing there, so they are left out; one Analyze call then
  // costs O(its account), or O(its pair) when only the observed declarations are judged.
  const judged: DesiredState = {
    ...desired,
    accounts: desired.accounts
      .filter((account) => wanted.has(account.id))
      .map((account) => (observedOnly ? { ...account, connectors: declarationsFor(account, domainsOf.get(account.id)) } : account)),
  };

  const fetchedAt = new Date().toISOString();
  const inventories: AccountInventory[] = [...wanted].map((accountId) => ({
    accountId,
    status: 'ok',
    connectors: (placedIn.get(accountId) ?? []).map(toObserved),
    fetchedAt,
    pagesFetched: 0,
  }));
  const evaluation = evaluate(judged, inventories, { today: options.today });

  // The checks a field's value left undecided, in the policy's words; the engine's CFSSO010 findings
  // say the same, so they are left out (as is every finding of a setting this policy does not compare).
  const fields = new Map<string, CheckedField>(CHECKED_FIELDS.map((field) => [settingOf(field).yaml, field]));
  const byUrn = new Map(connectors.map((connector) => [connector.observation.urn, connector]));
  const unchecked: Unchecked[] = [];
  for (const account of judged.accounts) {
    const declared = new Map(account.connectors.map((connector) => [normaliseDomain(connector.emailDomain), connector]));
    for (const item of evaluation.connectors.get(account.id) ?? []) {
      const connector = item.connectorId === undefined ? undefined : byUrn.get(item.connectorId);
      const declaration = declared.get(item.emailDomain);
      if (connector === undefined || declaration === undefined) continue;
      for (const check of item.checks) {
        const field = fields.get(check.property);
        if (check.result !== 'unverifiable' || field === undefined || !options.fields.includes(field)) continue;
        const reading = fieldOf(connector, field);
        if (reading.state !== 'known') unchecked.push({ field, reading, connector, desired: declaration });
      }
    }
  }
  const skipped = new Set<FindingKind>(['unverifiable']);
  for (const field of CHECKED_FIELDS) if (!options.fields.includes(field)) skipped.add(settingOf(field).kind);
  return { findings: evaluation.findings.filter((finding) => !skipped.has(finding.kind)), unchecked };
}

const CHECKED_FIELDS: readonly CheckedField[] = CONNECTOR_SETTINGS.map((row) => row.key);

/** Why the stack does not give a value, as the observation carries it. */
function unknownValue(reading: Exclude<Field<unknown>, { state: 'known' }>): UnknownValue {
  switch (reading.state) {
    case 'unknown':
      return { why: 'its value is not known until the update runs', short: 'unknown until the update', fix: 'Check again after the update' };
    case 'unset':
      return { why: 'the stack does not set it', short: 'not set by the stack', fix: 'Set it explicitly' };
    case 'invalid':
      return { why: 'its value is not a valid one', short: 'not valid', fix: 'Set a valid value' };
  }
}

/**
 * The resource as the engine's ObservedConnector; `id` is the URN so findings point back at it.
 * A field that is not known is left out with its reason, as the API leaves out a field it does not
 * return: the rule that needs it reports its check unverifiable.
 */
function toObserved(connector: PlacedConnector): ObservedConnector {
  const { observation } = connector;
  const observed: ObservedConnector = { accountId: connector.accountId, id: observation.urn, emailDomain: connector.emailDomain };
  const unknown: NonNullable<ObservedConnector['unknown']> = {};
  for (const row of BOOLEAN_SETTINGS) {
    const reading = observation[row.key];
    if (reading.state === 'known') observed[row.key] = reading.value;
    else unknown[row.key] = unknownValue(reading);
  }
  const { verificationStatus } = observation;
  if (verificationStatus.state === 'known') observed.verification = { status: verificationStatus.value };
  else unknown.verification = unknownValue(verificationStatus);
  if (Object.keys(unknown).length > 0) observed.unknown = unknown;
  return observed;
}

/** What could not be compared, and why, in the words of the YAML. */
export function describeUnchecked(desired: DesiredState, item: Unchecked): string {
  const who = `${accountNamed(desired, item.connector.accountId)}: email_domain ${item.connector.emailDomain}`;
  const field = settingOf(item.field).yaml;
  const expected =
    item.field === 'verification' ? (item.desired.verification ?? []).join(' or ') : String(item.desired[item.field]);
  const resource = `cloudflare.SsoConnector "${item.connector.observation.name}"`;
  const where = at(item.desired.location);
  switch (item.reading.state) {
    case 'unknown':
      return `${who}: could not check ${field} of ${resource} yet: its value is not known until the update runs (${where} expects ${expected}).`;
    case 'unset':
      return item.field === 'verification'
        ? `${who}: could not check ${field} of ${resource}: the stack does not report its verification status (${where} expects ${expected}).`
        : `${who}: ${resource} does not set ${field}, so the Cloudflare provider's default applies; ${where} expects ${expected}. Set it explicitly.`;
    case 'invalid':
      return `${who}: ${field} of ${resource} is ${item.reading.raw}, which is not a valid value; ${where} expects ${expected}.`;
  }
}
