// Large runs through the real engine (evaluate + buildReport), for the tests of reports at organisation size:
// `accounts` × `perAccount` declared connectors, all live; the first `drifted` connectors (spread over the
// accounts) are disabled, so each gives one CFSSO004 finding.
import { engineReport } from './fixtures';
import type { AccountInventory, DesiredAccount, DesiredState, ObservedConnector, Report } from '../../src/core/types';

const DAY = '2026-11-28';

export function largeRun(options: { accounts: number; perAccount: number; drifted: number }): Report {
  const hex = (n: number): string => n.toString(16).padStart(32, '0');
  const accounts: DesiredAccount[] = [];
  const inventories: AccountInventory[] = [];
  let line = 2;
  for (let a = 0; a < options.accounts; a += 1) {
    const accountId = hex(a + 1);
    const account: DesiredAccount = { id: accountId, name: `account-${a}`, unmanaged: 'error', connectors: [], location: { file: 'org.yaml', line: line++, column: 5 } };
    const observed: ObservedConnector[] = [];
    for (let c = 0; c < options.perAccount; c += 1) {
      const n = c * options.accounts + a; // drifted ones spread over the accounts
      const emailDomain = `team-${c}.account-${a}.example.com`;
      account.connectors.push({ accountId, emailDomain, state: 'present', enabled: true, verification: ['verified'], useFedrampLanguage: false, location: { file: 'org.yaml', line: line++, column: 9 } });
      observed.push({
        accountId,
        id: `c${hex(n).slice(-15)}`,
        emailDomain,
        enabled: n >= options.drifted,
        useFedrampLanguage: false,
        verification: { status: 'verified' },
      });
    }
    accounts.push(account);
    inventories.push({ accountId, status: 'ok', connectors: observed, fetchedAt: `${DAY}T11:59:00Z`, pagesFetched: 1 });
  }
  const desired: DesiredState = { version: 1, file: 'org.yaml', sha256: 'b'.repeat(64), accounts, waivers: [] };
  return engineReport(desired, inventories, {
    day: DAY,
    source: { kind: 'api', location: 'https://api.cloudflare.com/client/v4' },
    commandLine: ['check', '--format', 'markdown'],
  });
}
