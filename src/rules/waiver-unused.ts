import type { WaiverRule } from './rule';
import { accountLabel } from './describe';

/** CFSSO009: a waiver in force that matches no finding (stale, or a typo in its domain or kind). */
export const waiverUnusedRule: WaiverRule = {
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
  check(use) {
    if (use.expired || use.matchedFindings > 0) return [];
    const { waiver, account } = use;
    return [
      {
        ruleId: waiverUnusedRule.id,
        kind: waiverUnusedRule.kind,
        severity: waiverUnusedRule.defaultSeverity,
        accountId: waiver.accountId,
        emailDomain: use.emailDomain,
        message:
          `${accountLabel(account)}: waiver for email_domain ${use.emailDomain}, kind ${waiver.kind} ` +
          `(expires ${waiver.expires}) matches no finding.`,
        remediation: `Remove the waiver from ${waiver.location.file}, or correct its account, email_domain or kind.`,
        location: waiver.location,
      },
    ];
  },
};
