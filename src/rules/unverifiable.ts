import type { DesiredConnector, ObservedConnector } from '../types';
import type { ConnectorRule, RuleFinding } from './rule';
import { acceptedStatuses, yesNo } from './describe';
import { ruleFinding } from './message';

/** A declared expectation, the API's name for the field, and whether the live connector reported it. */
interface Expectation {
  field: 'enabled' | 'use_fedramp_language' | 'verification.status';
  expected: string;
  reported(connector: ObservedConnector): boolean;
}

function expectationsOf(desired: DesiredConnector): Expectation[] {
  const list: Expectation[] = [];
  if (desired.enabled !== undefined) {
    list.push({ field: 'enabled', expected: yesNo(desired.enabled), reported: (c) => c.enabled !== undefined });
  }
  if (desired.verification !== undefined && desired.verification.length > 0) {
    list.push({
      field: 'verification.status',
      expected: acceptedStatuses(desired.verification),
      reported: (c) => c.verification?.status !== undefined,
    });
  }
  if (desired.useFedrampLanguage !== undefined) {
    list.push({
      field: 'use_fedramp_language',
      expected: yesNo(desired.useFedrampLanguage),
      reported: (c) => c.useFedrampLanguage !== undefined,
    });
  }
  return list;
}

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
  },
  check(pair) {
    const { desired, observed, account } = pair;
    if (desired === undefined || desired.state !== 'present' || observed.length === 0) return [];
    const expectations = expectationsOf(desired);
    const results: RuleFinding[] = [];
    for (const connector of observed) {
      for (const expectation of expectations) {
        if (expectation.reported(connector)) continue;
        results.push(
          ruleFinding(unverifiableRule, account, {
            message: 'notReported',
            remediation: 'readAgain',
            data: { domain: pair.emailDomain, field: expectation.field, connector: connector.id, expected: expectation.expected, accountId: pair.accountId },
            accountId: pair.accountId,
            emailDomain: pair.emailDomain,
            connectorId: connector.id,
            expected: expectation.expected,
            actual: `${expectation.field} not reported`,
            location: desired.location,
          }),
        );
      }
    }
    return results;
  },
};
