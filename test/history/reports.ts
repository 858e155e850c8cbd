// A week of real reports (engine-built) for the history tests: drift appears, persists, a day is missing,
// a run cannot decide, and the drift is fixed.
import { buildReport, evaluate } from '../../src/engine';
import type { AccountInventory, ObservedConnector, Report } from '../../src/core/types';
import { ACCOUNT_A, account, declared, desiredState, inventory, live } from '../rules/fixtures';

export const DESIRED = desiredState([
  account({ name: 'production', connectors: [declared('example.com', { enabled: true }), declared('new.example.com')] }),
]);

export interface RunOptions {
  /** When the data was read (default 06:00 on the day). */
  readAt?: string;
  /** When the report was made (default a second after the read). */
  generatedAt?: string;
  failOn?: Report['failOn'];
  /** A check of a snapshot recorded at readAt. */
  snapshot?: boolean;
}

export function reportOn(day: string, inventories: AccountInventory[], desired = DESIRED, options: RunOptions = {}): Report {
  const readAt = options.readAt ?? `${day}T06:00:00.000Z`;
  const stamped = inventories.map((inv) => ({ ...inv, fetchedAt: readAt }));
  const generatedAt = options.generatedAt ?? `${day}T06:00:01.000Z`;
  return buildReport({
    desired,
    inventories: stamped,
    ...evaluate(desired, stamped, { today: generatedAt.slice(0, 10) }),
    generatedAt,
    asOf: generatedAt.slice(0, 10),
    toolVersion: '0.1.0',
    failOn: options.failOn ?? 'error',
    source: options.snapshot
      ? { kind: 'snapshot', location: `evidence/${day}.json`, sha256: 'c'.repeat(64), recordedAt: readAt, api: 'https://api.cloudflare.com/client/v4' }
      : { kind: 'api', location: 'https://api.cloudflare.com/client/v4' },
    runtime: { node: 'v22.0.0', commandLine: ['check', '--format', 'json'] },
  });
}

export const example = (fields: Partial<ObservedConnector> = {}) => live('example.com', { id: 'c-example', ...fields });
export const added = live('new.example.com', { id: 'c-new' });

/** 2026-11-01 … 2026-11-07; no report on 11-03; 11-05 could not read the account. */
export function week(): Array<{ file: string; report: Report }> {
  return [
    { file: 'd1.json', report: reportOn('2026-11-01', [inventory(ACCOUNT_A, [example(), added])]) },
    // example.com disabled (drift opens); new.example.com deleted (missing: drift with no connector id)
    { file: 'd2.json', report: reportOn('2026-11-02', [inventory(ACCOUNT_A, [example({ enabled: false })])]) },
    { file: 'd4.json', report: reportOn('2026-11-04', [inventory(ACCOUNT_A, [example({ enabled: false }), live('new.example.com', { id: 'c-new2' })])]) },
    { file: 'd5.json', report: reportOn('2026-11-05', [inventory(ACCOUNT_A, [], 'error')]) },
    { file: 'd6.json', report: reportOn('2026-11-06', [inventory(ACCOUNT_A, [example(), live('new.example.com', { id: 'c-new2' })])]) },
    { file: 'd7.json', report: reportOn('2026-11-07', [inventory(ACCOUNT_A, [example(), live('new.example.com', { id: 'c-new2' })])]) },
  ];
}
