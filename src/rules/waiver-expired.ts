import { waiverRule } from './rule';

/** CFSSO008: a waiver's `expires` day has passed; it no longer applies and its findings count again. */
export const waiverExpiredRule = waiverRule({
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
  messages: {
    expired: 'waiver for email_domain {{domain}}, kind {{kind}}, expired on {{expires}} (today is {{today}}); it no longer applies.',
    renew:
      'Fix the {{kind}} deviation for {{domain}} and remove the waiver from {{file}}, ' +
      'or have it re-approved with a later expires date.',
  },
  check(use) {
    if (!use.expired) return [];
    const { waiver } = use;
    return [
      {
        message: {
          id: 'expired',
          remediation: 'renew',
          data: { domain: use.emailDomain, kind: waiver.kind, expires: waiver.expires, today: use.today, file: waiver.location.file },
        },
        expected: `expires on or after ${use.today}`,
        actual: waiver.expires,
      },
    ];
  },
});
