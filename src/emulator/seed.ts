// Seed data for the emulator: loading and validating a seed file, and a deterministic
// generator for benchmarks.
import { createHash } from 'node:crypto';
import { InputFileError, readInputText } from '../fs/input';
import { BOOLEAN_SETTINGS, type BooleanSettingApiKey } from '../core/settings';
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
    text = readInputText(path, 'emulatorSeed');
  } catch (error) {
    if (error instanceof InputFileError) throw new EmulatorSeedError(error.message);
    throw error;
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

/** How many problems one error lists before "...and N more". */
const MAX_SEED_PROBLEMS = 100;

/**
 * Checks the shape of a seed (schemas/emulator-seed.schema.json says the same) and returns a deep
 * copy typed as EmulatorSeed. Every problem is found before it throws: one error lists them all.
 */
export function validateSeed(value: unknown, source = 'emulator seed'): EmulatorSeed {
  const problems: string[] = [];
  const fail = (where: string, problem: string): undefined => {
    problems.push(`${where} ${problem}`);
    return undefined;
  };
  const seed = checkSeed(value, fail);
  if (problems.length > 0 || seed === undefined) {
    const shown = problems.slice(0, MAX_SEED_PROBLEMS);
    const more = problems.length > shown.length ? [`...and ${problems.length - shown.length} more`] : [];
    const heading = problems.length === 1 ? '' : ` (${problems.length} problems)`;
    throw new EmulatorSeedError(`${source}${heading}:\n${[...shown, ...more].map((line) => `  ${line}`).join('\n')}\n(format: schemas/emulator-seed.schema.json; see cf-sso-guard emulator --help)`);
  }
  return seed;
}

type Fail = (where: string, problem: string) => undefined;

function checkSeed(value: unknown, fail: Fail): EmulatorSeed | undefined {
  if (!isRecord(value)) return fail('the top level', 'must be an object like {"accounts": {...}}');
  for (const key of Object.keys(value)) if (!['$schema', 'token', 'accounts'].includes(key)) fail(`"${key}"`, 'is not a seed key (expected "accounts", "token" or "$schema")');
  if (value.token !== undefined && (typeof value.token !== 'string' || value.token === '')) {
    fail('"token"', 'must be a non-empty string when given');
  }
  if (!isRecord(value.accounts)) return fail('"accounts"', 'must be an object keyed by account id');

  const accounts: Record<string, SeedAccount> = {};
  for (const [accountId, account] of Object.entries(value.accounts)) {
    const at = `accounts[${JSON.stringify(accountId)}]`;
    if (!HEX32.test(accountId)) fail(at, 'key must be an account id of 32 lowercase hex characters');
    if (!isRecord(account)) {
      fail(at, 'must be an object with "connectors"');
      continue;
    }
    if (account.name !== undefined && typeof account.name !== 'string') fail(`${at}.name`, 'must be a string');
    if (!Array.isArray(account.connectors)) {
      fail(`${at}.connectors`, 'must be an array');
      continue;
    }
    const seenIds = new Set<string>();
    const connectors = account.connectors.map((item: unknown, index: number) => checkConnector(item, `${at}.connectors[${index}]`, seenIds, fail));
    accounts[accountId] = {
      ...(typeof account.name === 'string' ? { name: account.name } : {}),
      connectors: connectors.filter((connector): connector is SeedConnector => connector !== undefined),
    };
  }
  return typeof value.token === 'string' ? { token: value.token, accounts } : { accounts };
}

function checkConnector(item: unknown, where: string, seenIds: Set<string>, fail: Fail): SeedConnector | undefined {
  if (!isRecord(item)) return fail(where, 'must be an object');
  const { id, email_domain, verification, created_on, updated_on } = item;
  let ok = true;
  const check = (good: boolean, field: string, problem: string) => {
    if (!good) {
      ok = false;
      fail(`${where}.${field}`, problem);
    }
  };
  check(typeof id === 'string' && HEX32.test(id), 'id', 'must be 32 lowercase hex characters');
  if (typeof id === 'string' && HEX32.test(id)) {
    check(!seenIds.has(id), 'id', `repeats id ${id} within the account`);
    seenIds.add(id);
  }
  check(typeof email_domain === 'string' && email_domain !== '', 'email_domain', 'must be a non-empty string');
  for (const { api } of BOOLEAN_SETTINGS) check(typeof item[api] === 'boolean', api, 'must be true or false');
  let status: unknown;
  let code: unknown;
  if (isRecord(verification)) {
    status = verification.status;
    code = verification.code;
    check(typeof status === 'string' && (VERIFICATION_STATUSES as readonly string[]).includes(status), 'verification.status', `must be one of ${VERIFICATION_STATUSES.join(', ')}`);
    check(typeof code === 'string', 'verification.code', 'must be a string');
  } else {
    check(false, 'verification', 'must be an object {status, code}');
  }
  check(isTimestamp(created_on), 'created_on', 'must be an ISO 8601 timestamp');
  check(isTimestamp(updated_on), 'updated_on', 'must be an ISO 8601 timestamp');
  if (!ok) return undefined;
  return {
    id: id as string,
    email_domain: email_domain as string,
    ...booleanSettings((api) => item[api] as boolean),
    verification: { status: status as VerificationStatus, code: code as string },
    created_on: created_on as string,
    updated_on: updated_on as string,
  };
}

/** A value for each boolean setting of the table, by its API name. */
export function booleanSettings(valueOf: (api: BooleanSettingApiKey) => boolean): Record<BooleanSettingApiKey, boolean> {
  return Object.fromEntries(BOOLEAN_SETTINGS.map(({ api }) => [api, valueOf(api)])) as Record<BooleanSettingApiKey, boolean>;
}

/** A generated connector is enabled; every other boolean setting is off. */
const GENERATED_SETTINGS = booleanSettings((api) => api === 'enabled');

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
 * and timestamps. Every connector is enabled and verified, its other settings off; account i is
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
        ...GENERATED_SETTINGS,
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
