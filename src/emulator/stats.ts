// Request accounting for GET /__emulator/stats.
import type { EmulatorStats, FaultKind, RouteName } from './types';

export class StatsRecorder {
  private stats: EmulatorStats = StatsRecorder.empty();

  private static empty(): EmulatorStats {
    return {
      totalRequests: 0,
      byAccount: {},
      byRoute: {},
      byStatus: {},
      rateLimited: 0,
      faultsApplied: {},
      inFlight: 0,
      maxInFlight: 0,
    };
  }

  requestStarted(): void {
    this.stats.totalRequests += 1;
    this.stats.inFlight += 1;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.stats.inFlight);
  }

  requestEnded(): void {
    this.stats.inFlight = Math.max(0, this.stats.inFlight - 1);
  }

  routed(route: RouteName | 'unknown', accountId: string | undefined): void {
    this.stats.byRoute[route] = (this.stats.byRoute[route] ?? 0) + 1;
    if (accountId === undefined || route === 'unknown') return;
    const account = (this.stats.byAccount[accountId] ??= { total: 0, byRoute: {} });
    account.total += 1;
    account.byRoute[route] = (account.byRoute[route] ?? 0) + 1;
  }

  responded(status: number): void {
    this.stats.byStatus[status] = (this.stats.byStatus[status] ?? 0) + 1;
    if (status === 429) this.stats.rateLimited += 1;
  }

  faultApplied(kind: FaultKind): void {
    this.stats.faultsApplied[kind] = (this.stats.faultsApplied[kind] ?? 0) + 1;
  }

  /** Zero every counter; requests still in flight stay counted as in flight. */
  reset(): void {
    const inFlight = this.stats.inFlight;
    this.stats = StatsRecorder.empty();
    this.stats.inFlight = inFlight;
    this.stats.maxInFlight = inFlight;
  }

  snapshot(): EmulatorStats {
    return structuredClone(this.stats);
  }
}
