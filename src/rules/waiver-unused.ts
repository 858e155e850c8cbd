import { waiverRule } from './rule';

/** CFSSO009: a waiver in force that matches no finding (stale, or a typo in its domain or kind). */
export const waiverUnusedRule = waiverRule({
  id: 'CFSSO009',
  kind: 'waiver_unused',
  scope: 'waiver',
  title: 'Waiver matches no finding',
  defaultSeverity: 'note',
  controls: [],
  rationale:
    'A waiver that matches nothing is either stale (the deviation was fixed) or mistyped (and the deviation it was ' +
    'meant for is reported unwaived); either way auditors should not read it as an accepted risk.',
  remediation: 'Remove the waiver, or correct its account, email_domain or kind.',
  helpMarkdown:
    'No finding of this waiver\'s `kind` exists for its `account` and `email_domain`.\n\n' +
    '**Fix:** delete the waiver if the deviation is gone, or correct `account`, `email_domain` or `kind`.',
  messages: {
    unused: 'waiver for email_domain {{domain}}, kind {{kind}} (expires {{expires}}) matches no finding.',
    remove: 'Remove the waiver from {{file}}, or correct its account, email_domain or kind.',
  },
  check(use) {
    if (use.expired || use.matchedFindings > 0) return [];
    const { waiver } = use;
    return [
      {
        message: {
          id: 'unused',
          remediation: 'remove',
          data: { domain: use.emailDomain, kind: waiver.kind, expires: waiver.expires, file: waiver.location.file },
        },
      },
    ];
  },
});
