// Validation of the API's v4 envelope and of each connector, before anything is used.
// Pure: takes parsed JSON, returns data or a plain reason. A page we cannot trust fails
// the whole account (fail closed) — it is never read as "no connectors".
import type { ObservedConnector, VerificationStatus } from '../types';
import { VERIFICATION_STATUSES } from '../types';

export interface ResultInfo {
  page?: number;
  perPage?: number;
  count?: number;
  totalCount?: number;
}

export type PageParse =
  | { ok: true; items: ObservedConnector[]; info?: ResultInfo }
  | { ok: false; reason: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalCount(info: Record<string, Json>, key: string): number | undefined | 'invalid' {
  const value = info[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 'invalid';
}

function parseResultInfo(raw: Json | undefined): ResultInfo | string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) return 'result_info is not an object';
  const fields = { page: 'page', perPage: 'per_page', count: 'count', totalCount: 'total_count' } as const;
  const info: ResultInfo = {};
  for (const [name, key] of Object.entries(fields) as [keyof ResultInfo, string][]) {
    const value = optionalCount(raw, key);
    if (value === 'invalid') return `result_info.${key} is not a non-negative integer`;
    if (value !== undefined) info[name] = value;
  }
  return info;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}

export function parseConnector(accountId: string, raw: unknown, index: number): ObservedConnector | string {
  const where = `result[${index}]`;
  if (!isObject(raw)) return `${where} is ${describe(raw)}, expected an object`;
  const problems: string[] = [];
  const id = raw.id;
  if (typeof id !== 'string' || id.length === 0) problems.push(`id is ${describe(id)}, expected a string`);
  const domain = raw.email_domain;
  if (typeof domain !== 'string' || domain.length === 0) problems.push(`email_domain is ${describe(domain)}, expected a string`);
  if (typeof raw.enabled !== 'boolean') problems.push(`enabled is ${describe(raw.enabled)}, expected a boolean`);
  if (typeof raw.use_fedramp_language !== 'boolean') {
    problems.push(`use_fedramp_language is ${describe(raw.use_fedramp_language)}, expected a boolean`);
  }
  const verification = raw.verification;
  let status: VerificationStatus | undefined;
  let code: string | undefined;
  if (!isObject(verification)) {
    problems.push(`verification is ${describe(verification)}, expected an object`);
  } else {
    const s = verification.status;
    if (typeof s === 'string' && (VERIFICATION_STATUSES as readonly string[]).includes(s)) status = s as VerificationStatus;
    else problems.push(`verification.status is ${describe(s)}, expected one of ${VERIFICATION_STATUSES.join(', ')}`);
    if (verification.code !== undefined && verification.code !== null) {
      if (typeof verification.code === 'string') code = verification.code;
      else problems.push(`verification.code is ${describe(verification.code)}, expected a string`);
    }
  }
  for (const key of ['created_on', 'updated_on'] as const) {
    const value = raw[key];
    if (value !== undefined && value !== null && typeof value !== 'string') problems.push(`${key} is ${describe(value)}, expected a string`);
  }
  if (problems.length > 0) {
    const label = typeof id === 'string' ? ` (id ${id.slice(0, 32)})` : '';
    return `${where}${label}: ${problems.join('; ')}`;
  }
  const connector: ObservedConnector = {
    accountId,
    id: id as string,
    emailDomain: domain as string,
    enabled: raw.enabled as boolean,
    useFedrampLanguage: raw.use_fedramp_language as boolean,
    verification: code === undefined ? { status: status! } : { status: status!, code },
  };
  if (typeof raw.created_on === 'string') connector.createdOn = raw.created_on;
  if (typeof raw.updated_on === 'string') connector.updatedOn = raw.updated_on;
  return connector;
}

/** Parses one page of GET /accounts/{id}/sso_connectors (already JSON-decoded). */
export function parseListPage(accountId: string, body: unknown): PageParse {
  if (!isObject(body)) return { ok: false, reason: `the response body is ${describe(body)}, expected the Cloudflare v4 JSON envelope` };
  if (body.success !== true) {
    return { ok: false, reason: `the response says success=${describe(body.success)}${describeErrors(body.errors)}` };
  }
  if (!Array.isArray(body.result)) return { ok: false, reason: `"result" is ${describe(body.result)}, expected a list of connectors` };
  const info = parseResultInfo(body.result_info);
  if (typeof info === 'string') return { ok: false, reason: info };
  const items: ObservedConnector[] = [];
  for (const [index, raw] of body.result.entries()) {
    const parsed = parseConnector(accountId, raw, index);
    if (typeof parsed === 'string') return { ok: false, reason: `malformed connector in ${parsed}` };
    items.push(parsed);
  }
  return info === undefined ? { ok: true, items } : { ok: true, items, info };
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
