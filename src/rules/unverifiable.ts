import type { DesiredConnector, ObservedConnector } from '../core/types';
import { NO_FINDINGS, type ConnectorRule, type RuleFinding } from './rule';
import { acceptedStatuses, yesNo } from '../core/describe';
import { ruleFinding } from './message';

/**
 * A setting the file may expect: the API's name for it, the expected value as text (undefined when the
 * file does not declare it), and whether the live connector reported it. Made once, not per connector.
 */
interface Expectation {
  field: 'enabled' | 'use_fedramp_language' | 'verification.status';
  expected(desired: DesiredConnector): string | undefined;
  reported(connector: ObservedConnector): boolean;
}

const EXPECTATIONS: readonly Expectation[] = [
  {
    field: 'enabled',
    expected: (d) => (d.enabled === undefined ? undefined : yesNo(d.enabled)),
    reported: (c) => c.enabled !== undefined,
  },
  {
    field: 'verification.status',
    expected: (d) => (d.verification !== undefined && d.verification.length > 0 ? acceptedStatuses(d.verification) : undefined),
    reported: (c) => c.verification?.status !== undefined,
  },
  {
    field: 'use_fedramp_language',
    expected: (d) => (d.useFedrampLanguage === undefined ? undefined : yesNo(d.useFedrampLanguage)),
    reported: (c) => c.useFedrampLanguage !== undefined,
  },
];

/**
 * CFSSO010: the desired-state file expects a value (directly or through `defaults`) that the API did
 * not report for a live connector. Cloudflare documents every connector field as optional, so an
 * absent field is unknown, not a default: that one check cannot be decided, and the run's answer is
 * "could not decide" (exit 2). Never waivable: a waiver accepts a known deviation, not a blind spot.
 * Checks of fields the file does not declare are not affected.
 */
export const unverifiableRule: ConnectorRule = {
  id: 'CFSSO010',
  kind: 'unverifiable',
  scope: 'connector',
  title: 'SSO connector setting not reported by the API',
  defaultSeverity: 'error',
  // The controls of the settings it could not check: enabled and verification (IA-2), FedRAMP language (AC-8).
  controls: ['IA-2', 'AC-8'],
  rationale:
    'A setting the API does not report cannot be shown to match the desired state; treating it as compliant would be ' +
    'a false green, so the check is undecided until the API reports it.',
  remediation:
    'Read the connector again later or in the dashboard (GET /accounts/{account_id}/sso_connectors); if the API keeps ' +
    'omitting the field, raise it with Cloudflare support. Remove the expectation from the desired-state file only if ' +
    'the setting genuinely does not matter.',
  helpMarkdown:
    'The desired-state file declares a value for a connector setting, but the API response for the live connector ' +
    'did not include that field, so the check could not be made. The run\'s answer is "could not decide" (exit 2); ' +
    'this finding cannot be waived.\n\n' +
    '**Fix:** read again later; if the field stays absent, check the connector in the dashboard and contact Cloudflare.',
  messages: {
    notReported:
      'email_domain {{domain}}: could not check {{field}} of connector {{connector}}: the API did not report it (expected {{expected}}).',
    readAgain:
      'Read connector {{connector}} again (GET /accounts/{{accountId}}/sso_connectors) or check it in the dashboard; ' +
      'until the API reports {{field}}, the run cannot decide.',
    // A Terraform plan (`check --terraform-plan`): the value is not in the plan; {{why}} says why, {{fix}} what to do.
    notInPlan: 'email_domain {{domain}}: could not check {{field}} of {{connector}}: {{why}} (expected {{expected}}).',
    planFix: '{{fix}}; until then the run cannot decide.',
  },
  check(pair) {
    const { desired, observed, account } = pair;
    if (desired === undefined || desired.state !== 'present' || observed.length === 0) return NO_FINDINGS;
    let results: RuleFinding[] | undefined; // made on the first finding (most connectors have none)
    for (const connector of observed) {
      for (const expectation of EXPECTATIONS) {
        if (expectation.reported(connector)) continue;
        const expected = expectation.expected(desired);
        if (expected === undefined) continue;
        (results ??= []).push(
          ruleFinding(unverifiableRule, account, {
            message: 'notReported',
            remediation: 'readAgain',
            data: { domain: pair.emailDomain, field: expectation.field, connector: connector.id, expected, accountId: pair.accountId },
            accountId: pair.accountId,
            emailDomain: pair.emailDomain,
            connectorId: connector.id,
            expected,
            actual: `${expectation.field} not reported`,
            location: desired.location,
          }),
        );
      }
    }
    return results ?? NO_FINDINGS;
  },
};
