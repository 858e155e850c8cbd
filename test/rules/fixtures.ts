// Plain-object fixtures for rule and engine tests (no dependency on the YAML loader).
import type {
  AccountInventory,
  DesiredAccount,
  DesiredConnector,
  DesiredState,
  Finding,
  ObservedConnector,
  SourceLocation,
  Waiver,
} from '../../src/core/types';
import type { ConnectorRule, MatchedPair, RunView, WaiverRule, WaiverUse } from '../../src/rules';
import { findingOf, waiverFinding } from '../../src/engine/evaluate';

export const FILE = 'sso-connectors.yaml';
export const ACCOUNT_A = '023e105f4ecef8ad9ca31a8372d0c353';
export const ACCOUNT_B = 'aaaabbbbccccddddeeeeffff00001111';
export const SHA = 'a'.repeat(64);

export function loc(line: number, column = 9): SourceLocation {
  return { file: FILE, line, column };
}

export function declared(emailDomain: string, fields: Partial<DesiredConnector> = {}): DesiredConnector {
  return { accountId: ACCOUNT_A, emailDomain, state: 'present', location: loc(10), ...fields };
}

export function account(fields: Partial<DesiredAccount> = {}): DesiredAccount {
  return { id: ACCOUNT_A, unmanaged: 'error', connectors: [], location: loc(5, 5), ...fields };
}

export function live(emailDomain: string, fields: Partial<ObservedConnector> = {}): ObservedConnector {
  return {
    accountId: ACCOUNT_A,
    id: `conn-${emailDomain}`,
    emailDomain,
    enabled: true,
    useFedrampLanguage: false,
    verification: { status: 'verified', code: `cloudflare_dashboard_sso=${ACCOUNT_A}` },
    ...fields,
  };
}

export function pairOf(acct: DesiredAccount, emailDomain: string, desired?: DesiredConnector, observed: ObservedConnector[] = [], read = true): MatchedPair {
  return { account: acct, accountId: acct.id, emailDomain, desired, observed, read };
}

/** The findings a connector rule's checks make, as the engine makes them (failed and unverifiable checks). */
export function findingsOf(rule: ConnectorRule, pair: MatchedPair, run?: RunView): Finding[] {
  return rule.check(pair, run).flatMap((check) => findingOf(rule, pair, check) ?? []);
}

/** The findings a waiver rule makes for one waiver. */
export function waiverFindingsOf(rule: WaiverRule, use: WaiverUse): Finding[] {
  return rule.check(use).map((check) => waiverFinding(rule, use, check));
}

export function waiver(fields: Partial<Waiver> = {}): Waiver {
  return {
    accountId: ACCOUNT_A,
    emailDomain: 'example.com',
    kind: 'enabled_mismatch',
    reason: 'change CHG-1234',
    approvedBy: 'security@example.com',
    expires: '2027-01-31',
    location: loc(40, 5),
    ...fields,
  };
}

export function desiredState(accounts: DesiredAccount[], waivers: Waiver[] = []): DesiredState {
  return { version: 1, file: FILE, sha256: SHA, accounts, waivers };
}

export function inventory(accountId: string, connectors: ObservedConnector[], status: 'ok' | 'error' = 'ok'): AccountInventory {
  return {
    accountId,
    status,
    ...(status === 'error' ? { error: 'HTTP 500: internal error' } : {}),
    connectors,
    fetchedAt: '2026-11-28T12:00:00.000Z',
    pagesFetched: 1,
  };
}
