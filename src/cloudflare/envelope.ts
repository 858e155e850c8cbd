// Validation of the API's v4 envelope and of each connector, before anything is used.
// Pure: takes parsed JSON, returns data or a plain reason. A page we cannot trust fails
// the whole account (fail closed) — it is never read as "no connectors".
import type { BooleanSettings, ObservedConnector } from '../core/types';
import { BOOLEAN_SETTINGS } from '../core/settings';

/**
 * The usable numbers of `result_info`. Cloudflare documents every field as an optional JSON
 * `number`; only a whole, non-negative, safe number is usable. Anything else is left out, so the
 * reader treats it as absent and never trusts it to stop early.
 */
export interface ResultInfo {
  page?: number;
  perPage?: number;
  count?: number;
  totalCount?: number;
}

export type PageParse =
  | { ok: true; items: ObservedConnector[]; info: ResultInfo }
  | { ok: false; reason: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wholeCount(value: Json | undefined): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function usableResultInfo(raw: Json | undefined): ResultInfo {
  if (!isObject(raw)) return {};
  const info: ResultInfo = {};
  const fields = { page: 'page', perPage: 'per_page', count: 'count', totalCount: 'total_count' } as const;
  for (const [name, key] of Object.entries(fields) as [keyof ResultInfo, string][]) {
    const value = wholeCount(raw[key]);
    if (value !== undefined) info[name] = value;
  }
  // A page size of 0 cannot describe a page.
  if (info.perPage === 0) delete info.perPage;
  return info;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}

/** Present fields must have the documented type; absent ones stay absent (unknown, not malformed). */
function optionalField<T>(
  raw: Record<string, Json>,
  key: string,
  fits: (value: Json) => value is Json & T,
  expected: string,
  problems: string[],
): T | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (fits(value)) return value;
  problems.push(`${key} is ${describe(value)}, expected ${expected}`);
  return undefined;
}

const isBoolean = (value: Json): value is boolean => typeof value === 'boolean';
const isString = (value: Json): value is string => typeof value === 'string';

/**
 * One connector as the API served it. Every field is optional in Cloudflare's description; a
 * present field of the wrong type (or null, which the description does not allow) is malformed.
 * A connector without `id` or `email_domain` cannot be matched to a declaration, so it is
 * rejected with a reason that says so (the reader then fails the account).
 */
export function parseConnector(accountId: string, raw: unknown, index: number): ObservedConnector | string {
  const where = `result[${index}]`;
  if (!isObject(raw)) return `${where} is ${describe(raw)}, expected an object`;
  const problems: string[] = [];
  const id = optionalField(raw, 'id', isString, 'a string', problems);
  const domain = optionalField(raw, 'email_domain', isString, 'a string', problems);
  const settings: BooleanSettings = {};
  for (const row of BOOLEAN_SETTINGS) {
    const value = optionalField(raw, row.api, isBoolean, 'a boolean', problems);
    if (value !== undefined) settings[row.key] = value;
  }
  const createdOn = optionalField(raw, 'created_on', isString, 'a string', problems);
  const updatedOn = optionalField(raw, 'updated_on', isString, 'a string', problems);
  let verification: ObservedConnector['verification'];
  if (raw.verification !== undefined) {
    if (!isObject(raw.verification)) {
      problems.push(`verification is ${describe(raw.verification)}, expected an object`);
    } else {
      const status = optionalField(raw.verification, 'status', isString, 'a string', problems);
      const code = optionalField(raw.verification, 'code', isString, 'a string', problems);
      verification = {};
      if (status !== undefined) verification.status = status;
      if (code !== undefined) verification.code = code;
    }
  }
  const label = id !== undefined ? ` (id ${id.slice(0, 32)})` : '';
  if (problems.length > 0) return `${where}${label}: ${problems.join('; ')}`;
  const unmatchable = [id === undefined || id === '' ? 'id' : '', domain === undefined || domain.trim() === '' ? 'email_domain' : '']
    .filter((name) => name !== '');
  if (unmatchable.length > 0) {
    return `${where}${label} has no ${unmatchable.join(' and no ')}, so it cannot be matched to a declared connector`;
  }
  const connector: ObservedConnector = { accountId, id: id as string, emailDomain: domain as string, ...settings };
  if (verification !== undefined) connector.verification = verification;
  if (createdOn !== undefined) connector.createdOn = createdOn;
  if (updatedOn !== undefined) connector.updatedOn = updatedOn;
  return connector;
}

/** Parses one page of GET /accounts/{id}/sso_connectors (already JSON-decoded). */
export function parseListPage(accountId: string, body: unknown): PageParse {
  if (!isObject(body)) return { ok: false, reason: `the response body is ${describe(body)}, expected the Cloudflare v4 JSON envelope` };
  if (body.success !== true) {
    return { ok: false, reason: `the response says success=${describe(body.success)}${describeErrors(body.errors)}` };
  }
  // `result` is optional in Cloudflare's description; without it the page says nothing about the
  // connectors, and reading it as "none" would be a false green.
  if (!Array.isArray(body.result)) return { ok: false, reason: `"result" is ${describe(body.result)}, expected a list of connectors` };
  const info = usableResultInfo(body.result_info);
  const items: ObservedConnector[] = [];
  for (const [index, raw] of body.result.entries()) {
    const parsed = parseConnector(accountId, raw, index);
    if (typeof parsed === 'string') return { ok: false, reason: `malformed connector in ${parsed}` };
    items.push(parsed);
  }
  return { ok: true, items, info };
}

/** Renders Cloudflare's `errors: [{code, message}]` as "; Cloudflare error 10000: Authentication error". */
export function describeErrors(errors: unknown): string {
  if (!Array.isArray(errors) || errors.length === 0) return '';
  const parts = errors.slice(0, 3).map((e) => {
    if (!isObject(e)) return String(e).slice(0, 200);
    const code = typeof e.code === 'number' || typeof e.code === 'string' ? `Cloudflare error ${e.code}` : 'Cloudflare error';
    const message = typeof e.message === 'string' ? `: ${e.message.slice(0, 300)}` : '';
    return code + message;
  });
  return `; ${parts.join('; ')}`;
}

/** Objects with more keys than this are checked with a Set (a hostile object may have very many). */
const SMALL_OBJECT_KEYS = 16;

/**
 * The first key that appears twice in one object of this JSON text, if any. JSON.parse keeps the
 * last of two equal keys, so `{"success":false,…,"success":true}` would read as a success: a
 * response that says two things is not trusted. Call it on text JSON.parse accepted (it relies on
 * the text being well-formed); one pass, strings skipped with indexOf.
 */
export function firstDuplicateKey(text: string): string | undefined {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: Array<string[] | Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      let end = text.indexOf('"', i + 1);
      // A quote after an odd number of backslashes is part of the string.
      while (end > 0) {
        let slash = end - 1;
        while (text.charCodeAt(slash) === 0x5c) slash--;
        if ((end - 1 - slash) % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end < 0) return undefined;
      const keys = open[open.length - 1];
      if (expectKey && keys) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (Array.isArray(keys) ? keys.includes(key) : keys.has(key)) return key;
        if (Array.isArray(keys) && keys.length >= SMALL_OBJECT_KEYS) open[open.length - 1] = new Set([...keys, key]);
        else if (Array.isArray(keys)) keys.push(key);
        else keys.add(key);
      }
      expectKey = false;
      i = end;
    } else if (ch === 0x7b /* { */) {
      open.push([]);
      expectKey = true;
    } else if (ch === 0x5b /* [ */) {
      open.push(null);
      expectKey = false;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      open.pop();
      expectKey = false;
    } else if (ch === 0x2c /* , */) {
      expectKey = open.length > 0 && open[open.length - 1] !== null;
    }
  }
  return undefined;
}

/**
 * A file of ours (a snapshot, a report) that has a key twice in one object says two things: JSON.parse keeps
 * the last (`"status":"error",…,"status":"ok"` reads as ok), a reviewer or another parser may read the first.
 * The tool never writes one, so it is refused. Undefined when there is none; call it on text JSON.parse accepted.
 */
export function duplicateKeyProblem(text: string): string | undefined {
  const key = firstDuplicateKey(text);
  return key === undefined ? undefined : `it has the key "${key.slice(0, 40)}" twice in one object, so it says two things`;
}
