// Waiver state: the one place that decides whether a waiver is in force, expired, unused or not evaluated.
// evaluate() applies waivers with these helpers; buildReport() records each waiver's state in the report,
// so no formatter judges a waiver again.
import type { DesiredState, Finding, ReportWaiver, Waiver, WaiverState } from '../core/types';
import { normaliseDomain } from '../core/domain';

/** A waiver applies up to and including its `expires` day (UTC); YYYY-MM-DD strings order like the days they name. */
export function isExpired(waiver: Pick<Waiver, 'expires'>, today: string): boolean {
  return today > waiver.expires;
}

export function waiverKey(accountId: string, emailDomain: string, kind: string): string {
  return `${accountId}\u0000${emailDomain}\u0000${kind}`;
}

/**
 * Each waiver of the file, with its state on `today` given which accounts were evaluated (read completely)
 * and the findings (already marked waived by evaluate()). Order: the file's.
 */
export function waiverStates(desired: DesiredState, evaluated: ReadonlySet<string>, findings: readonly Finding[], today: string): ReportWaiver[] {
  const covered = new Map<string, number>();
  for (const finding of findings) {
    if (!finding.waived) continue;
    const key = waiverKey(finding.accountId, finding.emailDomain, finding.kind);
    covered.set(key, (covered.get(key) ?? 0) + 1);
  }
  return desired.waivers.map((waiver) => {
    const emailDomain = normaliseDomain(waiver.emailDomain);
    const covers = covered.get(waiverKey(waiver.accountId, emailDomain, waiver.kind)) ?? 0;
    const state: WaiverState = isExpired(waiver, today)
      ? 'expired'
      : !evaluated.has(waiver.accountId)
        ? 'not_evaluated'
        : covers === 0
          ? 'unused'
          : 'in_force';
    const entry: ReportWaiver = {
      accountId: waiver.accountId,
      emailDomain,
      kind: waiver.kind,
      reason: waiver.reason,
      expires: waiver.expires,
      state,
      covers: state === 'in_force' ? covers : 0,
      location: waiver.location,
    };
    if (waiver.approvedBy !== undefined) entry.approvedBy = waiver.approvedBy;
    if (waiver.approvedOn !== undefined) entry.approvedOn = waiver.approvedOn;
    return entry;
  });
}
