// The adapter between the stack and the engine: SsoConnector resources become one complete
// AccountInventory per account, and the SAME `evaluate` the CLI uses decides. Nothing here
// re-implements a rule. Values the pack could not read (unknown in preview, unset, malformed)
// are taken out of the comparison by clearing the matching desired field for that
// (account, domain) — an omitted field is not checked — and reported back as `unchecked`,
// so each policy can say what it could not check instead of passing silently.
import { evaluate } from '../src/engine';
import { normaliseDomain } from '../src/rules';
import type { AccountInventory, DesiredAccount, DesiredConnector, DesiredState, Finding, ObservedConnector } from '../src/core/types';
import type { Field, PlacedConnector } from './observe';
import { accountNamed, at } from './names';

/** The settings a policy compares; the keys are the observation's field names. */
export type CheckedField = 'enabled' | 'useFedrampLanguage' | 'verification';

/** The field as the desired-state file names it. */
export const YAML_FIELD: Record<CheckedField, string> = {
  enabled: 'enabled',
  useFedrampLanguage: 'use_fedramp_language',
  verification: 'verification',
};

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

function pairKey(accountId: string, emailDomain: string): string {
  return `${accountId}\u0000${emailDomain}`;
}

function fieldOf(connector: PlacedConnector, field: CheckedField): Field<unknown> {
  const { observation } = connector;
  if (field === 'enabled') return observation.enabled;
  if (field === 'useFedrampLanguage') return observation.useFedrampLanguage;
  return observation.verificationStatus;
}

function declares(desired: DesiredConnector, field: CheckedField): boolean {
  return desired[field] !== undefined;
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
  const byPair = new Map<string, PlacedConnector[]>();
  const domainsOf = new Map<string, Set<string>>();
  for (const connector of connectors) {
    const domain = normaliseDomain(connector.emailDomain);
    const key = pairKey(connector.accountId, domain);
    const list = byPair.get(key);
    if (list === undefined) byPair.set(key, [connector]);
    else list.push(connector);
    const domains = domainsOf.get(connector.accountId);
    if (domains === undefined) domainsOf.set(connector.accountId, new Set([domain]));
    else domains.add(domain);
  }

  const unchecked: Unchecked[] = [];
  const wanted = new Set(options.accountIds);
  const observedOnly = options.declarations === 'observed';
  // Only the judged accounts are copied and masked: evaluate() skips accounts without an
  // inventory, so the others can stay as they are (keeps one Analyze call O(one account)).
  const masked: DesiredState = {
    ...desired,
    accounts: desired.accounts.map((account) => !wanted.has(account.id) ? account : ({
      ...account,
      connectors: (observedOnly ? declarationsFor(account, domainsOf.get(account.id)) : account.connectors).map((declared) => {
        const observed = byPair.get(pairKey(account.id, normaliseDomain(declared.emailDomain))) ?? [];
        const copy: DesiredConnector = { ...declared };
        for (const field of ['enabled', 'useFedrampLanguage', 'verification'] as const) {
          if (!options.fields.includes(field)) {
            delete copy[field];
            continue;
          }
          if (!declares(declared, field) || declared.state !== 'present') continue;
          let readable = true;
          for (const connector of observed) {
            const reading = fieldOf(connector, field);
            if (reading.state !== 'known') {
              readable = false;
              unchecked.push({ field, reading, connector, desired: declared });
            }
          }
          if (!readable) delete copy[field];
        }
        return copy;
      }),
    })),
  };

  const fetchedAt = new Date().toISOString();
  const inventories: AccountInventory[] = [...wanted].map((accountId) => ({
    accountId,
    status: 'ok',
    connectors: connectors.filter((connector) => connector.accountId === accountId).map(toObserved),
    fetchedAt,
    pagesFetched: 0,
  }));
  return { findings: evaluate(masked, inventories, { today: options.today }), unchecked };
}

/**
 * The resource as the engine's ObservedConnector; `id` is the URN so findings point back at it.
 * A field that is not known is left out, as the API leaves out a field it does not return;
 * `judge` has cleared that field from the desired state for the pair, so it is not compared
 * (and is no CFSSO010 "unverifiable" either: the pack says what it could not check itself).
 */
function toObserved(connector: PlacedConnector): ObservedConnector {
  const { observation } = connector;
  const { enabled, useFedrampLanguage, verificationStatus } = observation;
  return {
    accountId: connector.accountId,
    id: observation.urn,
    emailDomain: connector.emailDomain,
    ...(enabled.state === 'known' ? { enabled: enabled.value } : {}),
    ...(useFedrampLanguage.state === 'known' ? { useFedrampLanguage: useFedrampLanguage.value } : {}),
    ...(verificationStatus.state === 'known' ? { verification: { status: verificationStatus.value } } : {}),
  };
}

/** What could not be compared, and why, in the words of the YAML. */
export function describeUnchecked(desired: DesiredState, item: Unchecked): string {
  const who = `${accountNamed(desired, item.connector.accountId)}: email_domain ${item.connector.emailDomain}`;
  const field = YAML_FIELD[item.field];
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
