import type { Severity } from './types';

const RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

/** True when `severity` is at or above `threshold`; nothing reaches `never`. */
export function severityAtLeast(severity: Severity, threshold: Severity | 'never'): boolean {
  if (threshold === 'never') return false;
  return RANK[severity] >= RANK[threshold];
}

/** Sort position, most severe first (error 0, warning 1, note 2): the one ranking every report sorts by. */
export function severityRank(severity: Severity): number {
  return RANK.error - RANK[severity];
}
