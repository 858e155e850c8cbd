// Seed data for the emulator: loading and validating a seed file, and a deterministic
// generator for benchmarks.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EmulatorSeed, SeedAccount, SeedConnector, VerificationStatus } from './types';

export const VERIFICATION_STATUSES: readonly VerificationStatus[] = ['awaiting', 'pending', 'failed', 'verified'];

const HEX32 = /^[0-9a-f]{32}$/;

export function isAccountOrConnectorId(value: string): boolean {
  return HEX32.test(value);
}

/** A seed file or seed object that does not have the expected shape. */
export class EmulatorSeedError extends Error {
  override readonly name = 'EmulatorSeedError';
}

export function loadSeedFile(path: string): EmulatorSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new EmulatorSeedError(`emulator seed file ${path}: cannot read it (${reason})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EmulatorSeedError(`emulator seed file ${path}: not valid JSON (${(error as Error).message})`);
  }
  return validateSeed(parsed, `emulator seed file ${path}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

/** Checks the shape of a seed and returns a deep copy typed as EmulatorSeed. */
export function validateSeed(value: unknown, source = 'emulator seed'): EmulatorSeed {
  const fail = (where: string, problem: string): never => {
    throw new EmulatorSeedError(`${source}: ${where} ${problem}`);
  };
  if (!isRecord(value)) return fail('the top level', 'must be an object like {"accounts": {...}}');
  if (value.token !== undefined && (typeof value.token !== 'string' || value.token === '')) {
    fail('"token"', 'must be a non-empty string when given');
  }
  if (!isRecord(value.accounts)) return fail('"accounts"', 'must be an object keyed by account id');

  const accounts: Record<string, SeedAccount> = {};
  for (const [accountId, account] of Object.entries(value.accounts)) {
    const at = `accounts["${accountId}"]`;
    if (!HEX32.test(accountId)) fail(at, 'key must be an account id of 32 lowercase hex characters');
    if (!isRecord(account)) return fail(at, 'must be an object with "connectors"');
    if (account.name !== undefined && typeof account.name !== 'string') fail(`${at}.name`, 'must be a string');
    if (!Array.isArray(account.connectors)) return fail(`${at}.connectors`, 'must be an array');
    const seenIds = new Set<string>();
    const connectors = account.connectors.map((item: unknown, index: number): SeedConnector => {
      const where = `${at}.connectors[${index}]`;
      if (!isRecord(item)) return fail(where, 'must be an object');
      const { id, email_domain, enabled, use_fedramp_language, verification, created_on, updated_on } = item;
      if (typeof id !== 'string' || !HEX32.test(id)) return fail(`${where}.id`, 'must be 32 lowercase hex characters');
      if (seenIds.has(id)) fail(`${where}.id`, `repeats id ${id} within the account`);
      seenIds.add(id);
      if (typeof email_domain !== 'string' || email_domain === '') return fail(`${where}.email_domain`, 'must be a non-empty string');
      if (typeof enabled !== 'boolean') return fail(`${where}.enabled`, 'must be true or false');
      if (typeof use_fedramp_language !== 'boolean') return fail(`${where}.use_fedramp_language`, 'must be true or false');
      if (!isRecord(verification)) return fail(`${where}.verification`, 'must be an object {status, code}');
      const status = verification.status;
      if (typeof status !== 'string' || !(VERIFICATION_STATUSES as readonly string[]).includes(status)) {
        return fail(`${where}.verification.status`, `must be one of ${VERIFICATION_STATUSES.join(', ')}`);
      }
      if (typeof verification.code !== 'string') return fail(`${where}.verification.code`, 'must be a string');
      if (!isTimestamp(created_on)) return fail(`${where}.created_on`, 'must be an ISO 8601 timestamp');
      if (!isTimestamp(updated_on)) return fail(`${where}.updated_on`, 'must be an ISO 8601 timestamp');
      return {
        id,
        email_domain,
        enabled,
        use_fedramp_language,
        verification: { status: status as VerificationStatus, code: verification.code },
        created_on,
        updated_on,
      };
    });
    accounts[accountId] = account.name === undefined ? { connectors } : { name: account.name as string, connectors };
  }
  return value.token === undefined ? { accounts } : { token: value.token as string, accounts };
}

export interface GenerateSeedOptions {
  accounts: number;
  connectorsPerAccount: number;
  token?: string;
  /** Changes every generated id while staying deterministic. */
  salt?: string;
}

function hex32(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * A deterministic seed for benchmarks: the same options always give the same ids, domains
 * and timestamps. Every connector is enabled, verified, FedRAMP language off; account i is
 * named `account-i` and its connectors use domains `c<j>.a<i>.example.com`.
 */
export function generateSeed(options: GenerateSeedOptions): EmulatorSeed {
  const { accounts: accountCount, connectorsPerAccount, salt = '' } = options;
  for (const [name, n] of [['accounts', accountCount], ['connectorsPerAccount', connectorsPerAccount]] as const) {
    if (!Number.isInteger(n) || n < 0) throw new EmulatorSeedError(`generateSeed: ${name} must be a non-negative integer`);
  }
  const base = Date.UTC(2024, 0, 1);
  const accounts: Record<string, SeedAccount> = {};
  for (let a = 0; a < accountCount; a++) {
    const accountId = hex32(`${salt}account:${a}`);
    const connectors: SeedConnector[] = [];
    for (let c = 0; c < connectorsPerAccount; c++) {
      const id = hex32(`${salt}connector:${a}:${c}`);
      const stamp = new Date(base + c * 60_000).toISOString();
      connectors.push({
        id,
        email_domain: `c${c}.a${a}.example.com`,
        enabled: true,
        use_fedramp_language: false,
        verification: { status: 'verified', code: `cloudflare_dashboard_sso=${id}` },
        created_on: stamp,
        updated_on: stamp,
      });
    }
    accounts[accountId] = { name: `account-${a}`, connectors };
  }
  return options.token === undefined ? { accounts } : { token: options.token, accounts };
}

export function cloneSeed(seed: EmulatorSeed): EmulatorSeed {
  return structuredClone(seed);
}
