// Types of the local Cloudflare API emulator. Deliberately independent of src/core/types.ts:
// the emulator models the wire format of the API, not the checker's domain. Its boolean settings are
// the settings table's, by their API names.
import type { BooleanSettingApiKey } from '../core/settings';

export type VerificationStatus = 'awaiting' | 'pending' | 'failed' | 'verified';

/** One SSO connector exactly as the v4 API serialises it. */
export interface SeedConnector extends Record<BooleanSettingApiKey, boolean> {
  id: string;
  email_domain: string;
  verification: { status: VerificationStatus; code: string };
  created_on: string;
  updated_on: string;
}

export interface SeedAccount {
  name?: string;
  connectors: SeedConnector[];
}

export interface EmulatorSeed {
  /** Token the emulator accepts when none is given on the command line. */
  token?: string;
  accounts: Record<string, SeedAccount>;
}

/** The API routes the emulator serves (control routes are not counted). */
export type RouteName = 'list' | 'get' | 'create' | 'update' | 'delete' | 'begin_verification';

export const ROUTE_NAMES: readonly RouteName[] = ['list', 'get', 'create', 'update', 'delete', 'begin_verification'];

/** Which requests a fault applies to. Every field narrows; none given means every API request. */
export interface FaultScope {
  /** Only requests for this account id. */
  accountId?: string;
  /** Only this route. */
  route?: RouteName;
  /** Only list requests for this page number (1-based). */
  page?: number;
  /** Apply to the first N matching requests, then stop; omitted means always. */
  times?: number;
}

export type FaultSpec =
  /** Delay the response by `ms` (adds to the global latency and to other latency faults). */
  | { kind: 'latency'; ms: number }
  /** 429 with a `Retry-After` header in whole seconds and Cloudflare's code 971 body. */
  | { kind: 'rate_limit'; retryAfterSeconds?: number }
  /** An error status with a v4 error envelope: 401/403 auth, 404 routing, 500/502/503 server. */
  | { kind: 'status'; status: 401 | 403 | 404 | 500 | 502 | 503 }
  /** A text/html body, like a proxy's error page (status 200 unless given). */
  | { kind: 'html'; status?: number }
  /** 200 with a broken body: JSON without `result`, or JSON cut off mid-way. */
  | { kind: 'malformed'; variant?: 'missing_result' | 'truncated_json' }
  /** Remove fields (default email_domain and verification) from one served item (default index 0). */
  | { kind: 'item_missing_fields'; fields?: string[]; index?: number }
  /** Never respond. close() still ends the connection. */
  | { kind: 'hang' }
  /** List responses claim `extra` (default 5) more items in total_count than exist. */
  | { kind: 'wrong_total'; extra?: number }
  // Server behaviours that Cloudflare's API description allows (no paging parameters, result_info
  // optional, every connector field optional); the reader must get a complete list from each.
  /** Ignore `page`/`per_page`: every list response serves all connectors. */
  | { kind: 'ignore_paging' }
  /** Page at the server's own `size`, ignoring `per_page` (and say so in result_info.per_page). */
  | { kind: 'fixed_page_size'; size: number }
  /** Leave `result_info` out of list responses. */
  | { kind: 'no_result_info' }
  /** Serve result_info numbers that are not whole (`count`, `per_page`, `total_count` + 0.5). */
  | { kind: 'fractional_result_info' }
  /** Remove `fields` from every served connector (not only one, as item_missing_fields does). */
  | { kind: 'omit_fields'; fields: string[] };

export type Fault = FaultSpec & FaultScope;
export type FaultKind = Fault['kind'];

export interface RateLimit {
  /** Requests allowed per window (per token). */
  requests: number;
  /** Window length in milliseconds (fixed window). */
  windowMs: number;
}

export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  host?: '127.0.0.1';
  /** The only API token accepted (`Authorization: Bearer <token>`). */
  token: string;
  seed: EmulatorSeed;
  faults?: Fault[];
  rateLimit?: RateLimit;
  /** Latency added to every API request, in milliseconds. */
  latencyMs?: number;
}

export interface AccountStats {
  total: number;
  byRoute: Partial<Record<RouteName, number>>;
}

export interface EmulatorStats {
  /** API requests received (control requests excluded), including rejected ones. */
  totalRequests: number;
  /** Per account id in the path (valid-looking or not); requests without an account are not listed. */
  byAccount: Record<string, AccountStats>;
  byRoute: Partial<Record<RouteName | 'unknown', number>>;
  /** Responses sent, by HTTP status. Hanging requests have none. */
  byStatus: Record<string, number>;
  /** 429 responses served (rate limit and injected faults). */
  rateLimited: number;
  /** Faults applied, by kind. */
  faultsApplied: Partial<Record<FaultKind, number>>;
  inFlight: number;
  maxInFlight: number;
}

export interface RunningEmulator {
  /** Base URL for the SDK, e.g. http://127.0.0.1:PORT/client/v4 */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Replace the active faults (their `times` counters start afresh). */
  setFaults(faults: Fault[]): void;
  /** Change latency or the rate limit at runtime; `rateLimit: null` removes it. */
  configure(config: { latencyMs?: number; rateLimit?: RateLimit | null }): void;
  stats(): EmulatorStats;
  /** Back to the start: seed data, start-time faults and settings, zeroed stats and rate-limit window. */
  reset(): void;
}
