import type { WaiverRule } from './rule';
import { accountLabel } from './describe';

/** CFSSO008: a waiver's `expires` day has passed; it no longer applies and its findings count again. */
export const waiverExpiredRule: WaiverRule = {
  id: 'CFSSO008',
  kind: 'waiver_expired',
  scope: 'waiver',
  title: 'Waiver has expired',
  defaultSeverity: 'warning',
  controls: [],
  rationale:
    'A waiver is a time-boxed acceptance of a deviation; once its date has passed the deviation must be fixed or ' +
    're-approved, not silently carried on.',
  remediation: 'Fix the deviation and remove the waiver, or have it re-approved with a new `expires` date.',
  helpMarkdown:
    'The waiver\'s `expires` date is in the past, so it no longer hides findings.\n\n' +
    '**Fix:** resolve the deviation and delete the waiver, or renew it (new `reason`, `approved_by`, `expires`).',
  check(use) {
    if (!use.expired) return [];
    const { waiver, account } = use;
    return [
      {
        ruleId: waiverExpiredRule.id,
        kind: waiverExpiredRule.kind,
        severity: waiverExpiredRule.defaultSeverity,
        accountId: waiver.accountId,
        emailDomain: use.emailDomain,
        expected: `expires on or after ${use.today}`,
        actual: waiver.expires,
        message:
          `${accountLabel(account)}: waiver for email_domain ${use.emailDomain}, kind ${waiver.kind}, ` +
          `expired on ${waiver.expires} (today is ${use.today}); it no longer applies.`,
        remediation:
          `Fix the ${waiver.kind} deviation for ${use.emailDomain} and remove the waiver from ${waiver.location.file}, ` +
          `or have it re-approved with a later expires date.`,
        location: waiver.location,
      },
    ];
  },
};
