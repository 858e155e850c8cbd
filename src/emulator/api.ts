// The Cloudflare v4 SSO connector routes: authorisation, the per-token rate limit, injected
// faults and latency, then list/get/create/update/delete/begin_verification on the state.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AUTH_ERROR,
  couldNotRoute,
  errorEnvelope,
  METHOD_NOT_ALLOWED,
  NO_ROUTE,
  PROXY_ERROR_PAGE,
  RATE_LIMITED,
  SERVER_ERRORS,
  successEnvelope,
  type Envelope,
  type ResultInfo,
} from './envelope';
import type { RequestFacts } from './faults';
import { readJsonBody, send, sendJson, type BodyRead } from './http';
import { matchRoute } from './routes';
import { BOOLEAN_SETTINGS, type BooleanSettingApiKey } from '../core/settings';
import { booleanSettings, isAccountOrConnectorId } from './seed';
import type { AccountState, EmulatorState } from './state';
import type { Fault, SeedConnector } from './types';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 1000;

// Error codes the emulator chooses where Cloudflare's exact code for the case is not known.
const INVALID_PAGING = 1001;
const INVALID_BODY = 1002;
const CONNECTOR_NOT_FOUND = 1003;
const DOMAIN_EXISTS = 1004;

interface Reply {
  status: number;
  envelope: Envelope;
}

/** What the server owns and the API borrows: pending delays to cancel on close, and whether it is closing. */
export interface ServerLifecycle {
  timers: Set<NodeJS.Timeout>;
  closing(): boolean;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function byCreationThenId(a: SeedConnector, b: SeedConnector): number {
  const byTime = Date.parse(a.created_on) - Date.parse(b.created_on);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Deletes a field, or a nested one given as `verification.status`. */
function deleteField(item: Record<string, unknown>, path: string): void {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) {
    delete item[head as string];
    return;
  }
  const inner = item[head as string];
  if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) deleteField(inner as Record<string, unknown>, rest.join('.'));
}

function asRecord(body: unknown): Record<string, unknown> | null {
  return (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : null) as Record<string, unknown> | null;
}

function parsePaging(url: URL): { page: number; perPage: number } | { error: string } {
  const pageText = url.searchParams.get('page');
  const perPageText = url.searchParams.get('per_page');
  const page = pageText === null ? 1 : Number(pageText);
  const perPage = perPageText === null ? DEFAULT_PER_PAGE : Number(perPageText);
  if (!Number.isInteger(page) || page < 1) return { error: 'page must be an integer >= 1' };
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    return { error: `per_page must be an integer from 1 to ${MAX_PER_PAGE}` };
  }
  return { page, perPage };
}

/** The list, paged as asked unless a server-behaviour fault says otherwise. */
function listConnectors(account: AccountState, url: URL, behaviours: readonly Fault[]): Reply {
  const paging = parsePaging(url);
  if ('error' in paging) return { status: 400, envelope: errorEnvelope(INVALID_PAGING, paging.error) };
  const sorted = [...account.connectors].sort(byCreationThenId);
  for (const behaviour of behaviours) {
    if (behaviour.kind === 'ignore_paging') Object.assign(paging, { page: 1, perPage: Math.max(1, sorted.length) });
    if (behaviour.kind === 'fixed_page_size') paging.perPage = behaviour.size;
  }
  const start = (paging.page - 1) * paging.perPage;
  const items = structuredClone(sorted.slice(start, start + paging.perPage));
  const info: ResultInfo = {
    page: paging.page,
    per_page: paging.perPage,
    count: items.length,
    total_count: sorted.length,
    total_pages: Math.ceil(sorted.length / paging.perPage),
  };
  return { status: 200, envelope: successEnvelope(items, info) };
}

function findConnector(account: AccountState, connectorId: string | undefined): SeedConnector | Reply {
  const connector = account.connectors.find((item) => item.id === connectorId);
  if (connector) return connector;
  return { status: 404, envelope: errorEnvelope(CONNECTOR_NOT_FOUND, 'SSO connector not found') };
}

/** The boolean settings each call's body takes, by API name: the update call takes them all. */
const UPDATE_SETTINGS: readonly BooleanSettingApiKey[] = BOOLEAN_SETTINGS.map(({ api }) => api);
const CREATE_SETTINGS: readonly BooleanSettingApiKey[] = BOOLEAN_SETTINGS.filter((row) => row.setOnCreate).map(({ api }) => api);

/** The 400 reply for the first of `names` the body gives as something other than a boolean. */
function notBooleanReply(fields: Record<string, unknown>, names: readonly BooleanSettingApiKey[]): Reply | undefined {
  const name = names.find((api) => fields[api] !== undefined && typeof fields[api] !== 'boolean');
  return name === undefined ? undefined : { status: 400, envelope: errorEnvelope(INVALID_BODY, `${name} must be a boolean`) };
}

function createConnector(account: AccountState, body: unknown): Reply {
  const fields = asRecord(body);
  if (!fields) return { status: 400, envelope: errorEnvelope(INVALID_BODY, 'Request body must be a JSON object') };
  const { email_domain: domain, begin_verification: begin } = fields;
  if (typeof domain !== 'string' || !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i.test(domain)) {
    return { status: 400, envelope: errorEnvelope(INVALID_BODY, 'email_domain must be a domain name') };
  }
  const notBoolean = notBooleanReply(fields, CREATE_SETTINGS);
  if (notBoolean) return notBoolean;
  if (begin !== undefined && typeof begin !== 'boolean') {
    return { status: 400, envelope: errorEnvelope(INVALID_BODY, 'begin_verification must be a boolean') };
  }
  if (account.connectors.some((item) => item.email_domain.toLowerCase() === domain.toLowerCase())) {
    return { status: 400, envelope: errorEnvelope(DOMAIN_EXISTS, `An SSO connector for ${domain} already exists`) };
  }
  const id = randomBytes(16).toString('hex');
  const now = new Date().toISOString();
  const connector: SeedConnector = {
    id,
    email_domain: domain,
    // What the create call does not take (or is not given) starts off.
    ...booleanSettings((api) => CREATE_SETTINGS.includes(api) && fields[api] === true),
    verification: { status: begin ? 'pending' : 'awaiting', code: `cloudflare_dashboard_sso=${id}` },
    created_on: now,
    updated_on: now,
  };
  account.connectors.push(connector);
  return { status: 200, envelope: successEnvelope(structuredClone(connector)) };
}

function updateConnector(connector: SeedConnector, body: unknown): Reply {
  const fields = asRecord(body);
  if (!fields) return { status: 400, envelope: errorEnvelope(INVALID_BODY, 'Request body must be a JSON object') };
  const notBoolean = notBooleanReply(fields, UPDATE_SETTINGS);
  if (notBoolean) return notBoolean;
  for (const api of UPDATE_SETTINGS) {
    const value = fields[api];
    if (typeof value === 'boolean') connector[api] = value;
  }
  connector.updated_on = new Date().toISOString();
  return { status: 200, envelope: successEnvelope(structuredClone(connector)) };
}

/** Creates the request handler for every path outside the control API. */
export function createApiHandler(state: EmulatorState, token: string, lifecycle: ServerLifecycle) {
  const tokenDigest = digest(token);
  const { stats, faults } = state;

  const isAuthorized = (req: IncomingMessage): boolean => {
    const match = /^Bearer\s+(\S.*)$/i.exec(req.headers.authorization ?? '');
    if (!match) return false;
    return timingSafeEqual(digest((match[1] as string).trim()), tokenDigest);
  };

  const delay = (ms: number, res: ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      lifecycle.timers.add(timer);
      res.once('close', finish);
      function finish(): void {
        clearTimeout(timer);
        lifecycle.timers.delete(timer);
        res.off('close', finish);
        resolve();
      }
    });

  const reply = (res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void => {
    if (send(res, status, body, contentType, headers)) stats.responded(status);
  };
  const replyJson = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void =>
    reply(res, status, JSON.stringify(value), 'application/json; charset=utf-8', headers);
  const replyRateLimited = (res: ServerResponse, retryAfterSeconds: number): void =>
    replyJson(res, 429, errorEnvelope(RATE_LIMITED.code, RATE_LIMITED.message), { 'retry-after': String(retryAfterSeconds) });

  /** Applies result-altering faults (missing fields, lying totals, result_info variants) to a successful reply. */
  function alter(result: Reply, altering: readonly Fault[]): Reply {
    if (result.status !== 200) return result;
    const served = result.envelope.result;
    const items = (Array.isArray(served) ? served : [served]).filter(
      (item): item is Record<string, unknown> => typeof item === 'object' && item !== null,
    );
    for (const fault of altering) {
      stats.faultApplied(fault.kind);
      const info = result.envelope.result_info;
      if (fault.kind === 'wrong_total' && info) {
        info.total_count += fault.extra ?? 5;
        info.total_pages = Math.ceil(info.total_count / info.per_page);
      } else if (fault.kind === 'fractional_result_info' && info) {
        info.count += 0.5;
        info.per_page += 0.5;
        info.total_count += 0.5;
      } else if (fault.kind === 'no_result_info') {
        delete result.envelope.result_info;
      } else if (fault.kind === 'item_missing_fields') {
        const item = Array.isArray(served) ? served[fault.index ?? 0] : served;
        if (typeof item === 'object' && item !== null) {
          for (const field of fault.fields ?? ['email_domain', 'verification']) delete (item as Record<string, unknown>)[field];
        }
      } else if (fault.kind === 'omit_fields') {
        for (const item of items) for (const field of fault.fields) deleteField(item, field);
      }
    }
    return result;
  }

  function replyWithFault(res: ServerResponse, fault: Fault): void {
    switch (fault.kind) {
      case 'rate_limit':
        return replyRateLimited(res, fault.retryAfterSeconds ?? 1);
      case 'status': {
        const error =
          fault.status === 401 || fault.status === 403
            ? AUTH_ERROR
            : fault.status === 404
              ? couldNotRoute('the requested resource')
              : SERVER_ERRORS[fault.status];
        return replyJson(res, fault.status, errorEnvelope(error.code, error.message));
      }
      case 'html':
        return reply(res, fault.status ?? 200, PROXY_ERROR_PAGE, 'text/html; charset=utf-8');
      default:
        return;
    }
  }

  function replyMalformed(res: ServerResponse, result: Reply, variant: 'missing_result' | 'truncated_json'): void {
    if (variant === 'missing_result') {
      const { result: _result, result_info: _info, ...rest } = result.envelope;
      return replyJson(res, result.status, rest);
    }
    const text = JSON.stringify(result.envelope);
    reply(res, result.status, text.slice(0, Math.max(1, Math.floor(text.length / 2))), 'application/json; charset=utf-8');
  }

  function route(
    name: RequestFacts['route'],
    accountId: string,
    connectorId: string | undefined,
    path: string,
    url: URL,
    body: BodyRead,
    altering: readonly Fault[],
  ): Reply {
    const unroutable = couldNotRoute(path);
    if (!isAccountOrConnectorId(accountId)) return { status: 400, envelope: errorEnvelope(unroutable.code, unroutable.message) };
    const account = state.accounts.get(accountId);
    if (!account) return { status: 404, envelope: errorEnvelope(unroutable.code, unroutable.message) };
    if (connectorId !== undefined && !isAccountOrConnectorId(connectorId)) {
      return { status: 400, envelope: errorEnvelope(unroutable.code, unroutable.message) };
    }
    if (!body.ok) return { status: 400, envelope: errorEnvelope(INVALID_BODY, body.message) };
    switch (name) {
      case 'list':
        return listConnectors(account, url, altering);
      case 'create':
        return createConnector(account, body.value);
      case 'get': {
        const found = findConnector(account, connectorId);
        return 'status' in found ? found : { status: 200, envelope: successEnvelope(structuredClone(found)) };
      }
      case 'update': {
        const found = findConnector(account, connectorId);
        return 'status' in found ? found : updateConnector(found, body.value);
      }
      case 'delete': {
        const found = findConnector(account, connectorId);
        if ('status' in found) return found;
        account.connectors = account.connectors.filter((item) => item !== found);
        return { status: 200, envelope: successEnvelope({ id: found.id }) };
      }
      case 'begin_verification': {
        const found = findConnector(account, connectorId);
        if ('status' in found) return found;
        found.verification.status = 'pending';
        found.updated_on = new Date().toISOString();
        return { status: 200, envelope: { success: true, errors: [], messages: [] } };
      }
    }
  }

  return async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    stats.requestStarted();
    res.once('close', () => stats.requestEnded());
    const method = req.method ?? 'GET';
    const match = matchRoute(method, url.pathname);
    stats.routed(match.kind === 'route' ? match.route : 'unknown', match.kind === 'no_route' ? undefined : match.accountId);

    if (!isAuthorized(req)) return replyJson(res, 403, errorEnvelope(AUTH_ERROR.code, AUTH_ERROR.message));
    if (state.limiter) {
      const retryAfter = state.limiter.take(tokenDigest.toString('hex'));
      if (retryAfter > 0) return replyRateLimited(res, retryAfter);
    }
    if (match.kind === 'no_route') return replyJson(res, 404, errorEnvelope(NO_ROUTE.code, NO_ROUTE.message));
    if (match.kind === 'method_not_allowed') {
      return replyJson(res, 405, errorEnvelope(METHOD_NOT_ALLOWED.code, METHOD_NOT_ALLOWED.message));
    }

    const body: BodyRead = method === 'POST' || method === 'PATCH' ? await readJsonBody(req) : { ok: true, value: {} };
    const pageText = url.searchParams.get('page');
    const facts: RequestFacts = { route: match.route, accountId: match.accountId };
    if (match.route === 'list') facts.page = pageText === null ? 1 : Number(pageText);

    const extraLatency = faults.takeLatency(facts);
    if (extraLatency > 0) stats.faultApplied('latency');
    if (state.latencyMs + extraLatency > 0) await delay(state.latencyMs + extraLatency, res);
    if (res.destroyed || lifecycle.closing()) return;

    const replacing = faults.takeReplacing(facts);
    if (replacing) stats.faultApplied(replacing.kind);
    if (replacing?.kind === 'hang') return; // never answer; close() destroys the socket
    if (replacing && replacing.kind !== 'malformed') return replyWithFault(res, replacing);

    const altering = faults.takeAltering(facts);
    const result = alter(route(match.route, match.accountId, match.connectorId, match.path, url, body, altering), altering);
    if (replacing?.kind === 'malformed') return replyMalformed(res, result, replacing.variant ?? 'missing_result');
    replyJson(res, result.status, result.envelope);
  };
}

/** A 500 that says nothing about the request (it may carry the token). */
export function internalError(res: ServerResponse): void {
  const { code, message } = SERVER_ERRORS[500];
  sendJson(res, 500, errorEnvelope(code, message));
}
