// fast-check generators: live inventories and desired states derived from them.
import fc from 'fast-check';
import type { AccountInventory, DesiredAccount, DesiredState, ObservedConnector, UnmanagedPolicy, VerificationStatus } from '../../src/core/types';
import { VERIFICATION_STATUSES } from '../../src/core/types';
import { normaliseDomain } from '../../src/core/domain';
import { FILE, SHA } from '../rules/fixtures';

const hexAccountId = fc.stringMatching(/^[0-9a-f]{32}$/);
const domainName = fc.oneof(
  { weight: 8, arbitrary: fc.domain() },
  { weight: 1, arbitrary: fc.constantFrom('bücher.example', 'münchen.de', 'ÉCOLE.example', 'xn--bcher-kva.test') },
);
/** How the API might spell a domain: as is, upper case, with a trailing dot. */
const spelling = fc.constantFrom<(domain: string) => string>(
  (d) => d,
  (d) => d.toUpperCase(),
  (d) => `${d}.`,
  (d) => `${d.toUpperCase()}.`,
);

const liveSettings = fc.record({
  enabled: fc.boolean(),
  useFedrampLanguage: fc.boolean(),
  status: fc.constantFrom<VerificationStatus>(...VERIFICATION_STATUSES),
  code: fc.option(fc.stringMatching(/^cloudflare_dashboard_sso=[0-9a-f]{8}$/), { nil: undefined }),
  spell: spelling,
});

export interface World {
  inventories: AccountInventory[];
  /** Per account, in inventory order: unmanaged policy and name used when deriving the desired state. */
  policies: Array<{ unmanaged: UnmanagedPolicy; name?: string }>;
}

/**
 * Several accounts, each with 1..6 live connectors on distinct (normalised) domains; ids unique. Each
 * account's domains sit under a label of its own (`a0.`, `a1.`, …): one domain enabled in two accounts
 * is a finding of its own (CFSSO011), which a world meant to be compliant must not have.
 */
export const liveWorld: fc.Arbitrary<World> = fc
  .uniqueArray(
    fc.record({
      accountId: hexAccountId,
      unmanaged: fc.constantFrom<UnmanagedPolicy>('error', 'warning', 'ignore'),
      name: fc.option(fc.constantFrom('production', 'staging', 'dev'), { nil: undefined }),
      connectors: fc.uniqueArray(fc.tuple(domainName, liveSettings), {
        minLength: 1,
        maxLength: 6,
        selector: ([domain]) => normaliseDomain(domain),
      }),
    }),
    { minLength: 1, maxLength: 4, selector: (account) => account.accountId },
  )
  .map((accounts) => ({
    inventories: accounts.map((account, accountIndex) => ({
      accountId: account.accountId,
      status: 'ok' as const,
      connectors: account.connectors.map(
        ([domain, s], connectorIndex): ObservedConnector => ({
          accountId: account.accountId,
          id: `c${accountIndex}x${connectorIndex}`,
          emailDomain: s.spell(`a${accountIndex}.${domain}`),
          enabled: s.enabled,
          useFedrampLanguage: s.useFedrampLanguage,
          verification: s.code === undefined ? { status: s.status } : { status: s.status, code: s.code },
        }),
      ),
      fetchedAt: '2026-11-28T12:00:00.000Z',
      pagesFetched: 1,
    })),
    policies: accounts.map((account) => (account.name === undefined ? { unmanaged: account.unmanaged } : { unmanaged: account.unmanaged, name: account.name })),
  }));

/**
 * The desired state that says exactly what is live: every observed connector declared present with
 * its enabled, use_fedramp_language and verification status. Each entry gets its own line.
 */
export function deriveDesired(world: World): DesiredState {
  let line = 2;
  const accounts = world.inventories.map((inventory, index): DesiredAccount => {
    const accountLine = ++line;
    return {
      id: inventory.accountId,
      ...(world.policies[index].name === undefined ? {} : { name: world.policies[index].name }),
      unmanaged: world.policies[index].unmanaged,
      location: { file: FILE, line: accountLine, column: 5 },
      connectors: inventory.connectors.map((connector) => ({
        accountId: inventory.accountId,
        emailDomain: normaliseDomain(connector.emailDomain),
        state: 'present' as const,
        enabled: connector.enabled,
        useFedrampLanguage: connector.useFedrampLanguage,
        verification: [connector.verification?.status as VerificationStatus],
        location: { file: FILE, line: ++line, column: 9 },
      })),
    };
  });
  return { version: 1, file: FILE, sha256: SHA, accounts, waivers: [] };
}
