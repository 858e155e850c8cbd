import type { Severity } from '../types';

const RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

/** True when `severity` is at or above `threshold`; nothing reaches `never`. */
export function severityAtLeast(severity: Severity, threshold: Severity | 'never'): boolean {
  if (threshold === 'never') return false;
  return RANK[severity] >= RANK[threshold];
}
