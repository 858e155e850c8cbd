// Fault injection: which faults exist, how a request is matched against them, and how
// `times` counts down.
import type { Fault, FaultKind, RouteName } from './types';
import { ROUTE_NAMES } from './types';

export const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'rate_limit',
  'status',
  'html',
  'malformed',
  'item_missing_fields',
  'hang',
  'wrong_total',
  'ignore_paging',
  'fixed_page_size',
  'no_result_info',
  'fractional_result_info',
  'omit_fields',
];

/** Faults that replace the whole response (checked before the request is handled). */
const REPLACING_KINDS: ReadonlySet<FaultKind> = new Set(['rate_limit', 'status', 'html', 'malformed', 'hang']);
/** Faults that alter a successful result, and the routes whose result they can alter. */
const ALTERING_ROUTES: Partial<Record<FaultKind, readonly RouteName[]>> = {
  item_missing_fields: ['list', 'get'],
  wrong_total: ['list'],
  ignore_paging: ['list'],
  fixed_page_size: ['list'],
  no_result_info: ['list'],
  fractional_result_info: ['list'],
  omit_fields: ['list', 'get'],
};

const FAULT_STATUSES = [401, 403, 404, 500, 502, 503];

export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Validates faults that arrive as JSON (control API, CLI file) and returns them typed. */
export function validateFaults(value: unknown): Fault[] {
  if (!Array.isArray(value)) throw new FaultSpecError('faults must be an array of fault objects');
  return value.map((item: unknown, index: number) => validateFault(item, `faults[${index}]`));
}

function validateFault(item: unknown, at: string): Fault {
  const fail = (problem: string): never => {
    throw new FaultSpecError(`${at}: ${problem}`);
  };
  if (!isRecord(item)) return fail('must be an object with a "kind"');
  const kind = item.kind;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    return fail(`"kind" must be one of ${FAULT_KINDS.join(', ')}`);
  }
  if (item.accountId !== undefined && typeof item.accountId !== 'string') fail('"accountId" must be a string');
  if (item.route !== undefined && !(ROUTE_NAMES as readonly unknown[]).includes(item.route)) {
    fail(`"route" must be one of ${ROUTE_NAMES.join(', ')}`);
  }
  if (item.page !== undefined && !(isNonNegativeInteger(item.page) && item.page >= 1)) fail('"page" must be an integer >= 1');
  if (item.times !== undefined && !(isNonNegativeInteger(item.times) && item.times >= 1)) fail('"times" must be an integer >= 1');
  switch (kind) {
    case 'latency':
      if (!isNonNegativeInteger(item.ms)) fail('"ms" must be a non-negative integer');
      break;
    case 'rate_limit':
      if (item.retryAfterSeconds !== undefined && !isNonNegativeInteger(item.retryAfterSeconds)) {
        fail('"retryAfterSeconds" must be a non-negative integer (Retry-After is whole seconds)');
      }
      break;
    case 'status':
      if (!FAULT_STATUSES.includes(item.status as number)) fail(`"status" must be one of ${FAULT_STATUSES.join(', ')}`);
      break;
    case 'html':
      if (item.status !== undefined && !(isNonNegativeInteger(item.status) && item.status >= 200 && item.status <= 599)) {
        fail('"status" must be an HTTP status code');
      }
      break;
    case 'malformed':
      if (item.variant !== undefined && item.variant !== 'missing_result' && item.variant !== 'truncated_json') {
        fail('"variant" must be "missing_result" or "truncated_json"');
      }
      break;
    case 'item_missing_fields':
      if (item.fields !== undefined && !(Array.isArray(item.fields) && item.fields.every((f) => typeof f === 'string'))) {
        fail('"fields" must be an array of field names');
      }
      if (item.index !== undefined && !isNonNegativeInteger(item.index)) fail('"index" must be a non-negative integer');
      break;
    case 'wrong_total':
      if (item.extra !== undefined && !(isNonNegativeInteger(item.extra) && item.extra >= 1)) fail('"extra" must be an integer >= 1');
      break;
    case 'fixed_page_size':
      if (!(isNonNegativeInteger(item.size) && item.size >= 1)) fail('"size" must be an integer >= 1');
      break;
    case 'omit_fields':
      if (!(Array.isArray(item.fields) && item.fields.length > 0 && item.fields.every((f) => typeof f === 'string'))) {
        fail('"fields" must be a non-empty array of field names');
      }
      break;
    case 'hang':
    case 'ignore_paging':
    case 'no_result_info':
    case 'fractional_result_info':
      break;
  }
  return structuredClone(item) as unknown as Fault;
}

export interface RequestFacts {
  route: RouteName;
  accountId?: string;
  /** Requested page for list requests. */
  page?: number;
}

interface ActiveFault {
  fault: Fault;
  /** Remaining applications; Infinity when the fault has no `times`. */
  remaining: number;
}

/** The active faults and their remaining counts. */
export class FaultBook {
  private active: ActiveFault[] = [];

  constructor(faults: Fault[] = []) {
    this.replace(faults);
  }

  replace(faults: Fault[]): void {
    this.active = faults.map((fault) => ({ fault: structuredClone(fault), remaining: fault.times ?? Infinity }));
  }

  /** Current faults; `times` shows what is left. */
  describe(): Fault[] {
    return this.active
      .filter((entry) => entry.remaining > 0)
      .map((entry) => (entry.remaining === Infinity ? { ...entry.fault } : { ...entry.fault, times: entry.remaining }));
  }

  /** Sum of the delays of every matching latency fault (each one consumed). */
  takeLatency(facts: RequestFacts): number {
    let total = 0;
    for (const entry of this.matching(facts, (kind) => kind === 'latency')) {
      if (entry.fault.kind === 'latency') total += entry.fault.ms;
      entry.remaining -= 1;
    }
    return total;
  }

  /** The first matching fault that replaces the response, consumed; undefined if none. */
  takeReplacing(facts: RequestFacts): Fault | undefined {
    return this.takeFirst(facts, (kind) => REPLACING_KINDS.has(kind));
  }

  /** Every matching fault that alters a successful result of this route (each consumed). */
  takeAltering(facts: RequestFacts): Fault[] {
    const taken: Fault[] = [];
    for (const entry of this.matching(facts, (kind) => ALTERING_ROUTES[kind]?.includes(facts.route) ?? false)) {
      entry.remaining -= 1;
      taken.push(entry.fault);
    }
    return taken;
  }

  private takeFirst(facts: RequestFacts, kindFits: (kind: FaultKind) => boolean): Fault | undefined {
    const [entry] = this.matching(facts, kindFits);
    if (!entry) return undefined;
    entry.remaining -= 1;
    return entry.fault;
  }

  private matching(facts: RequestFacts, kindFits: (kind: FaultKind) => boolean): ActiveFault[] {
    return this.active.filter(({ fault, remaining }) => {
      if (remaining <= 0 || !kindFits(fault.kind)) return false;
      if (fault.accountId !== undefined && fault.accountId !== facts.accountId) return false;
      if (fault.route !== undefined && fault.route !== facts.route) return false;
      if (fault.page !== undefined && (facts.route !== 'list' || fault.page !== facts.page)) return false;
      return true;
    });
  }
}
