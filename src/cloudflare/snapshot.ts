// A snapshot is the live inventory recorded as a JSON evidence file, so a check can be
// repeated offline (`check --snapshot FILE`) against exactly what the API said then.
import validateSchema from './validate-snapshot.generated';
import { readInput } from '../fs/input';
import { UsageError } from '../core/errors';
import type { AccountInventory } from '../core/types';
import { BOOLEAN_SETTINGS } from '../core/settings';
import { duplicateKeyProblem, parseConnector } from './envelope';
import { sha256Hex } from '../core/digest';

/**
 * undefined when the document matches schemas/snapshot.schema.json, else the first problem in plain
 * words. The validator is generated at build time (scripts/gen-validators.mjs), not compiled per run.
 */
export function validateSnapshotDocument(doc: unknown): string | undefined {
  if (validateSchema(doc)) return undefined;
  const error = validateSchema.errors?.[0];
  return error ? `${error.instancePath || '(top level)'} ${error.message ?? 'is invalid'}` : 'invalid';
}

export interface Snapshot {
  schemaVersion: 1;
  kind: 'cf-sso-guard-snapshot';
  tool: { name: 'cf-sso-guard'; version: string };
  recordedAt: string;
  /** The API base URL the inventory was read from. */
  source: string;
  accounts: AccountInventory[];
}

/** A snapshot file that is not a usable snapshot: the user's input, so a UsageError (exit 2, no stack). */
export class SnapshotError extends UsageError {
  constructor(message: string) {
    super(message, 'bad_input_file');
    this.name = 'SnapshotError';
  }
}

export function snapshotFromInventories(inventories: AccountInventory[], info: { toolVersion: string; source: string; recordedAt: string }): Snapshot {
  return {
    schemaVersion: 1,
    kind: 'cf-sso-guard-snapshot',
    tool: { name: 'cf-sso-guard', version: info.toolVersion },
    recordedAt: info.recordedAt,
    source: info.source,
    accounts: inventories,
  };
}

function fail(file: string, what: string): never {
  throw new SnapshotError(`${file}: not a valid cf-sso-guard snapshot: ${what}`);
}

/** Reads and validates a snapshot; connectors go through the same checks as live API items. */
export function parseSnapshot(text: string, file: string): Snapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    fail(file, `invalid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(file, 'expected a JSON object');
  const twice = duplicateKeyProblem(text);
  if (twice !== undefined) fail(file, twice);
  const doc = raw as Record<string, unknown>;
  if (doc.kind !== 'cf-sso-guard-snapshot') fail(file, '"kind" must be "cf-sso-guard-snapshot" (write one with `cf-sso-guard snapshot`)');
  if (doc.schemaVersion !== 1) fail(file, `unsupported schemaVersion ${JSON.stringify(doc.schemaVersion)}, expected 1`);
  if (typeof doc.recordedAt !== 'string' || Number.isNaN(Date.parse(doc.recordedAt))) fail(file, '"recordedAt" must be an ISO date-time');
  if (typeof doc.source !== 'string') fail(file, '"source" must be a string');
  if (!Array.isArray(doc.accounts)) fail(file, '"accounts" must be a list');
  const problem = validateSnapshotDocument(doc);
  if (problem !== undefined) fail(file, problem);
  const accounts = parseRecordedAccounts(doc.accounts, 'accounts', doc.recordedAt as string, (what) => fail(file, what));
  return {
    schemaVersion: 1,
    kind: 'cf-sso-guard-snapshot',
    tool: { name: 'cf-sso-guard', version: String((doc.tool as { version?: unknown } | undefined)?.version ?? 'unknown') },
    recordedAt: doc.recordedAt as string,
    source: doc.source as string,
    accounts,
  };
}

/**
 * Inventories recorded on disk (a snapshot's `accounts`, a shard report's `observations.accounts`),
 * already valid against their JSON Schema: each account once, and every connector through the same
 * checks as a live API item. `fail` says what is wrong (at `path`) and throws.
 */
export function parseRecordedAccounts(entries: readonly unknown[], path: string, fallbackFetchedAt: string, fail: (what: string) => never): AccountInventory[] {
  // One entry per account: with two, which one is "the" state? (error-then-ok must not read as ok.)
  const seen = new Set<string>();
  for (const entry of entries as Array<{ accountId: string }>) {
    if (seen.has(entry.accountId)) fail(`account ${entry.accountId} is listed more than once`);
    seen.add(entry.accountId);
  }
  return entries.map((entry: unknown, i: number) => {
    const where = `${path}[${i}]`;
    if (typeof entry !== 'object' || entry === null) fail(`${where} must be an object`);
    const a = entry as Record<string, unknown>;
    if (typeof a.accountId !== 'string' || !/^[0-9a-f]{32}$/.test(a.accountId)) fail(`${where}.accountId must be a 32-hex account id`);
    if (a.status !== 'ok' && a.status !== 'error') fail(`${where}.status must be "ok" or "error"`);
    if (!Array.isArray(a.connectors)) fail(`${where}.connectors must be a list`);
    const connectors = a.connectors.map((c: unknown, j: number) => {
      const o = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
      if (o.accountId !== a.accountId) fail(`${where}.connectors[${j}] belongs to account ${String(o.accountId)}, not ${String(a.accountId)}`);
      // Snapshots store the camelCase model; map back to API field names to reuse the API checks.
      const asApi = {
        id: o.id,
        email_domain: o.emailDomain,
        ...Object.fromEntries(BOOLEAN_SETTINGS.map((row) => [row.api, o[row.key]])),
        verification: o.verification,
        created_on: o.createdOn,
        updated_on: o.updatedOn,
      };
      const parsed = parseConnector(a.accountId as string, asApi, j);
      if (typeof parsed === 'string') fail(`${where}.connectors: ${parsed}`);
      return parsed;
    });
    const inventory: AccountInventory = {
      accountId: a.accountId as string,
      status: a.status,
      connectors,
      fetchedAt: typeof a.fetchedAt === 'string' ? a.fetchedAt : fallbackFetchedAt,
      pagesFetched: typeof a.pagesFetched === 'number' ? a.pagesFetched : 0,
    };
    if (a.status === 'error') inventory.error = typeof a.error === 'string' ? a.error : 'recorded as not read';
    return inventory;
  });
}

/** The snapshot and the SHA-256 (hex) of the very bytes it was parsed from (evidence of which file was checked). */
export function readSnapshotFile(path: string): Snapshot & { sha256: string } {
  // A regular file only (a FIFO would block), and bounded in size; a file that cannot be read is InputFileError.
  const bytes = readInput(path, 'snapshot');
  return { ...parseSnapshot(bytes.toString('utf8'), path), sha256: sha256Hex(bytes) };
}
