// What the emulator holds between requests: the accounts and their connectors, the active
// faults, latency, the rate limit and the counters. The API routes read and change it; the
// control API configures and resets it.
import { FaultBook, validateFaults } from './faults';
import { FixedWindowRateLimiter, validateRateLimit } from './rate-limit';
import { cloneSeed, validateSeed } from './seed';
import { StatsRecorder } from './stats';
import type { EmulatorOptions, EmulatorSeed, Fault, RateLimit, SeedConnector } from './types';

export interface AccountState {
  name?: string;
  connectors: SeedConnector[];
}

function checkNonNegativeInteger(value: number | undefined, name: string): number {
  const result = value ?? 0;
  if (!Number.isInteger(result) || result < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return result;
}

function accountsFrom(seed: EmulatorSeed): Map<string, AccountState> {
  return new Map(Object.entries(cloneSeed(seed).accounts));
}

export class EmulatorState {
  accounts: Map<string, AccountState>;
  readonly faults: FaultBook;
  readonly stats = new StatsRecorder();
  latencyMs: number;
  limiter: FixedWindowRateLimiter | undefined;
  private rateLimit: RateLimit | undefined;
  private readonly start: { seed: EmulatorSeed; faults: Fault[]; latencyMs: number; rateLimit: RateLimit | undefined };

  /** Invalid options throw with a clear message. */
  constructor(options: Pick<EmulatorOptions, 'seed' | 'faults' | 'latencyMs' | 'rateLimit'>) {
    const seed = validateSeed(options.seed);
    const faults = validateFaults(options.faults ?? []);
    const rateLimit = options.rateLimit === undefined ? undefined : validateRateLimit(options.rateLimit);
    this.start = { seed, faults, latencyMs: checkNonNegativeInteger(options.latencyMs, 'latencyMs'), rateLimit };
    this.accounts = accountsFrom(seed);
    this.faults = new FaultBook(faults);
    this.latencyMs = this.start.latencyMs;
    this.setRateLimit(rateLimit);
  }

  /** Change latency or the rate limit at runtime; `rateLimit: null` removes it. */
  configure(config: { latencyMs?: number; rateLimit?: RateLimit | null }): { latencyMs: number; rateLimit: RateLimit | null } {
    if (config.latencyMs !== undefined) this.latencyMs = checkNonNegativeInteger(config.latencyMs, 'latencyMs');
    if (config.rateLimit !== undefined) this.setRateLimit(config.rateLimit === null ? undefined : validateRateLimit(config.rateLimit));
    return { latencyMs: this.latencyMs, rateLimit: this.rateLimit ?? null };
  }

  /** Back to the start: seed data, start-time faults and settings, zeroed stats and rate-limit window. */
  reset(): void {
    this.accounts = accountsFrom(this.start.seed);
    this.faults.replace(this.start.faults);
    this.latencyMs = this.start.latencyMs;
    this.setRateLimit(this.start.rateLimit);
    this.stats.reset();
  }

  private setRateLimit(rateLimit: RateLimit | undefined): void {
    this.rateLimit = rateLimit;
    this.limiter = rateLimit ? new FixedWindowRateLimiter(rateLimit) : undefined;
  }
}
