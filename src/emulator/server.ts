// The emulator's HTTP server: Cloudflare v4 SSO connector routes plus a control API
// under /__emulator/ that tests and benchmarks in other processes use to inject faults
// and read counters.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
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
import { FaultBook, FaultSpecError, validateFaults, type RequestFacts } from './faults';
import { FixedWindowRateLimiter, validateRateLimit } from './rate-limit';
import { matchRoute, API_PREFIX } from './routes';
import { cloneSeed, isAccountOrConnectorId, validateSeed } from './seed';
import { StatsRecorder } from './stats';
import type { EmulatorOptions, EmulatorSeed, Fault, RateLimit, RunningEmulator, SeedConnector } from './types';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 1000;
const MAX_BODY_BYTES = 1024 * 1024;
const CONTROL_PREFIX = '/__emulator/';

// Error codes the emulator chooses where Cloudflare's exact code for the case is not known.
const INVALID_PAGING = 1001;
const INVALID_BODY = 1002;
const CONNECTOR_NOT_FOUND = 1003;
const DOMAIN_EXISTS = 1004;

interface Reply {
  status: number;
  envelope: Envelope;
}

interface AccountState {
  name?: string;
  connectors: SeedConnector[];
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

function dataFromSeed(seed: EmulatorSeed): Map<string, AccountState> {
  const copy = cloneSeed(seed);
  return new Map(Object.entries(copy.accounts));
}

function checkNonNegativeInteger(value: number | undefined, name: string): number {
  const result = value ?? 0;
  if (!Number.isInteger(result) || result < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return result;
}

/** Starts the emulator on 127.0.0.1. Invalid options reject with a clear message. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  if (typeof options.token !== 'string' || options.token === '') throw new TypeError('emulator token must be a non-empty string');
  const seed = validateSeed(options.seed);
  const startFaults = validateFaults(options.faults ?? []);
  const startRateLimit = options.rateLimit === undefined ? undefined : validateRateLimit(options.rateLimit);
  const startLatency = checkNonNegativeInteger(options.latencyMs, 'latencyMs');
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;

  const tokenDigest = digest(options.token);
  let accounts = dataFromSeed(seed);
  const faults = new FaultBook(startFaults);
  const stats = new StatsRecorder();
  let latencyMs = startLatency;
  let rateLimit: RateLimit | undefined = startRateLimit;
  let limiter = rateLimit ? new FixedWindowRateLimiter(rateLimit) : undefined;

  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;

  const isAuthorized = (req: IncomingMessage): boolean => {
    const match = /^Bearer\s+(\S.*)$/i.exec(req.headers.authorization ?? '');
    if (!match) return false;
    return timingSafeEqual(digest((match[1] as string).trim()), tokenDigest);
  };

  const delay = (ms: number, res: ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      timers.add(timer);
      res.once('close', finish);
      function finish(): void {
        clearTimeout(timer);
        timers.delete(timer);
        res.off('close', finish);
        resolve();
      }
    });

  const send = (res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void => {
    if (res.writableEnded || res.destroyed) return;
    stats.responded(status);
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  };
  const sendJson = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void =>
    send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', headers);
  const sendRateLimited = (res: ServerResponse, retryAfterSeconds: number): void =>
    sendJson(res, 429, errorEnvelope(RATE_LIMITED.code, RATE_LIMITED.message), { 'retry-after': String(retryAfterSeconds) });

  async function readBody(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return { ok: false, message: 'Request body too large' };
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') return { ok: true, value: {} };
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: false, message: 'Request body is not valid JSON' };
    }
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

  function createConnector(account: AccountState, body: unknown): Reply {
    const fields = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : null) as Record<string, unknown> | null;
    if (!fields) return { status: 400, envelope: errorEnvelope(INVALID_BODY, 'Request body must be a JSON object') };
    const { email_domain: domain, use_fedramp_language: fedramp, begin_verification: begin } = fields;
    if (typeof domain !== 'string' || !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i.test(domain)) {
      return { status: 400, envelope: errorEnvelope(INVALID_BODY, 'email_domain must be a domain name') };
    }
    if (fedramp !== undefined && typeof fedramp !== 'boolean') {
      return { status: 400, envelope: errorEnvelope(INVALID_BODY, 'use_fedramp_language must be a boolean') };
    }
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
      enabled: false,
      use_fedramp_language: fedramp ?? false,
      verification: { status: begin ? 'pending' : 'awaiting', code: `cloudflare_dashboard_sso=${id}` },
      created_on: now,
      updated_on: now,
    };
    account.connectors.push(connector);
    return { status: 200, envelope: successEnvelope(structuredClone(connector)) };
  }

  function updateConnector(connector: SeedConnector, body: unknown): Reply {
    const fields = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : null) as Record<string, unknown> | null;
    if (!fields) return { status: 400, envelope: errorEnvelope(INVALID_BODY, 'Request body must be a JSON object') };
    for (const name of ['enabled', 'use_fedramp_language'] as const) {
      if (fields[name] !== undefined && typeof fields[name] !== 'boolean') {
        return { status: 400, envelope: errorEnvelope(INVALID_BODY, `${name} must be a boolean`) };
      }
    }
    if (typeof fields.enabled === 'boolean') connector.enabled = fields.enabled;
    if (typeof fields.use_fedramp_language === 'boolean') connector.use_fedramp_language = fields.use_fedramp_language;
    connector.updated_on = new Date().toISOString();
    return { status: 200, envelope: successEnvelope(structuredClone(connector)) };
  }

  /** Applies result-altering faults (missing fields, lying totals, result_info variants) to a successful reply. */
  function alter(reply: Reply, altering: readonly Fault[]): Reply {
    if (reply.status !== 200) return reply;
    const result = reply.envelope.result;
    const items = (Array.isArray(result) ? result : [result]).filter(
      (item): item is Record<string, unknown> => typeof item === 'object' && item !== null,
    );
    for (const fault of altering) {
      stats.faultApplied(fault.kind);
      const info = reply.envelope.result_info;
      if (fault.kind === 'wrong_total' && info) {
        info.total_count += fault.extra ?? 5;
        info.total_pages = Math.ceil(info.total_count / info.per_page);
      } else if (fault.kind === 'fractional_result_info' && info) {
        info.count += 0.5;
        info.per_page += 0.5;
        info.total_count += 0.5;
      } else if (fault.kind === 'no_result_info') {
        delete reply.envelope.result_info;
      } else if (fault.kind === 'item_missing_fields') {
        const item = Array.isArray(result) ? result[fault.index ?? 0] : result;
        if (typeof item === 'object' && item !== null) {
          for (const field of fault.fields ?? ['email_domain', 'verification']) delete (item as Record<string, unknown>)[field];
        }
      } else if (fault.kind === 'omit_fields') {
        for (const item of items) for (const field of fault.fields) deleteField(item, field);
      }
    }
    return reply;
  }

  function sendFault(res: ServerResponse, fault: Fault): void {
    switch (fault.kind) {
      case 'rate_limit':
        return sendRateLimited(res, fault.retryAfterSeconds ?? 1);
      case 'status': {
        const error =
          fault.status === 401 || fault.status === 403
            ? AUTH_ERROR
            : fault.status === 404
              ? couldNotRoute('the requested resource')
              : SERVER_ERRORS[fault.status];
        return sendJson(res, fault.status, errorEnvelope(error.code, error.message));
      }
      case 'html':
        return send(res, fault.status ?? 200, PROXY_ERROR_PAGE, 'text/html; charset=utf-8');
      default:
        return;
    }
  }

  function sendMalformed(res: ServerResponse, reply: Reply, variant: 'missing_result' | 'truncated_json'): void {
    if (variant === 'missing_result') {
      const { result: _result, result_info: _info, ...rest } = reply.envelope;
      return sendJson(res, reply.status, rest);
    }
    const text = JSON.stringify(reply.envelope);
    send(res, reply.status, text.slice(0, Math.max(1, Math.floor(text.length / 2))), 'application/json; charset=utf-8');
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    stats.requestStarted();
    res.once('close', () => stats.requestEnded());
    const method = req.method ?? 'GET';
    const match = matchRoute(method, url.pathname);
    stats.routed(match.kind === 'route' ? match.route : 'unknown', match.kind === 'no_route' ? undefined : match.accountId);

    if (!isAuthorized(req)) return sendJson(res, 403, errorEnvelope(AUTH_ERROR.code, AUTH_ERROR.message));
    if (limiter) {
      const retryAfter = limiter.take(tokenDigest.toString('hex'));
      if (retryAfter > 0) return sendRateLimited(res, retryAfter);
    }
    if (match.kind === 'no_route') return sendJson(res, 404, errorEnvelope(NO_ROUTE.code, NO_ROUTE.message));
    if (match.kind === 'method_not_allowed') {
      return sendJson(res, 405, errorEnvelope(METHOD_NOT_ALLOWED.code, METHOD_NOT_ALLOWED.message));
    }

    const body = method === 'POST' || method === 'PATCH' ? await readBody(req) : { ok: true as const, value: {} };
    const pageText = url.searchParams.get('page');
    const facts: RequestFacts = { route: match.route, accountId: match.accountId };
    if (match.route === 'list') facts.page = pageText === null ? 1 : Number(pageText);

    const extraLatency = faults.takeLatency(facts);
    if (extraLatency > 0) stats.faultApplied('latency');
    if (latencyMs + extraLatency > 0) await delay(latencyMs + extraLatency, res);
    if (res.destroyed || closing) return;

    const replacing = faults.takeReplacing(facts);
    if (replacing) stats.faultApplied(replacing.kind);
    if (replacing?.kind === 'hang') return; // never answer; close() destroys the socket
    if (replacing && replacing.kind !== 'malformed') return sendFault(res, replacing);

    const altering = faults.takeAltering(facts);
    const reply = alter(route(match.route, match.accountId, match.connectorId, match.path, url, body, altering), altering);
    if (replacing?.kind === 'malformed') return sendMalformed(res, reply, replacing.variant ?? 'missing_result');
    sendJson(res, reply.status, reply.envelope);
  }

  function route(
    name: RequestFacts['route'],
    accountId: string,
    connectorId: string | undefined,
    path: string,
    url: URL,
    body: { ok: true; value: unknown } | { ok: false; message: string },
    altering: readonly Fault[],
  ): Reply {
    const unroutable = couldNotRoute(path);
    if (!isAccountOrConnectorId(accountId)) return { status: 400, envelope: errorEnvelope(unroutable.code, unroutable.message) };
    const account = accounts.get(accountId);
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

  const configure = (config: { latencyMs?: number; rateLimit?: RateLimit | null }): void => {
    if (config.latencyMs !== undefined) latencyMs = checkNonNegativeInteger(config.latencyMs, 'latencyMs');
    if (config.rateLimit !== undefined) {
      rateLimit = config.rateLimit === null ? undefined : validateRateLimit(config.rateLimit);
      limiter = rateLimit ? new FixedWindowRateLimiter(rateLimit) : undefined;
    }
  };

  const reset = (): void => {
    accounts = dataFromSeed(seed);
    faults.replace(startFaults);
    latencyMs = startLatency;
    rateLimit = startRateLimit;
    limiter = rateLimit ? new FixedWindowRateLimiter(rateLimit) : undefined;
    stats.reset();
  };

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const reply = (status: number, value: unknown): void => {
      if (res.writableEnded || res.destroyed) return;
      const text = JSON.stringify(value);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const key = `${req.method ?? 'GET'} ${url.pathname}`;
    if (key === `GET ${CONTROL_PREFIX}stats`) return reply(200, stats.snapshot());
    if (key === `GET ${CONTROL_PREFIX}faults`) return reply(200, { faults: faults.describe() });
    if (key === `POST ${CONTROL_PREFIX}reset`) {
      reset();
      return reply(200, { ok: true });
    }
    if (key === `POST ${CONTROL_PREFIX}faults` || key === `POST ${CONTROL_PREFIX}config`) {
      const body = await readBody(req);
      if (!body.ok) return reply(400, { error: body.message });
      try {
        if (key.endsWith('faults')) {
          // Accept either a bare array or {"faults": [...]}.
          const value = body.value as { faults?: unknown } | unknown[];
          faults.replace(validateFaults(Array.isArray(value) ? value : value.faults));
          return reply(200, { faults: faults.describe() });
        }
        const value = body.value as { latencyMs?: unknown; rateLimit?: unknown };
        if (value.latencyMs !== undefined && typeof value.latencyMs !== 'number') throw new RangeError('latencyMs must be a number');
        configure({
          ...(value.latencyMs !== undefined ? { latencyMs: value.latencyMs as number } : {}),
          ...(value.rateLimit !== undefined ? { rateLimit: value.rateLimit === null ? null : validateRateLimit(value.rateLimit) } : {}),
        });
        return reply(200, { latencyMs, rateLimit: rateLimit ?? null });
      } catch (error) {
        if (error instanceof FaultSpecError || error instanceof RangeError) return reply(400, { error: error.message });
        throw error;
      }
    }
    return reply(404, {
      error: `unknown control route ${key}; try GET /__emulator/stats, GET|POST /__emulator/faults, POST /__emulator/config, POST /__emulator/reset`,
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const handler = url.pathname.startsWith(CONTROL_PREFIX) ? handleControl : handleApi;
    handler(req, res, url).catch(() => {
      // Never include request details (they may carry the token) in the error.
      if (!res.headersSent && !res.destroyed) {
        const { code, message } = SERVER_ERRORS[500];
        sendJson(res, 500, errorEnvelope(code, message));
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;

  const close = (): Promise<void> => {
    closing = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
    return closed;
  };

  return {
    url: `http://${host}:${boundPort}${API_PREFIX}`,
    port: boundPort,
    close,
    setFaults: (next: Fault[]) => faults.replace(validateFaults(next)),
    configure,
    stats: () => stats.snapshot(),
    reset,
  };
}
