import type { CheckOutcomeRule } from './rule';

/**
 * CFSSO010: the desired-state file expects a value (directly or through `defaults`) that is unknown for a
 * live connector: the API did not report it (Cloudflare documents every connector field as optional, so
 * an absent field is unknown, not a default), a Terraform plan leaves it to apply, a Pulumi preview does
 * not know it yet. The rule that judges the setting says its check is unverifiable; the engine turns
 * every such check into this finding, and the run's answer is "could not decide" (exit 2). Never
 * waivable: a waiver accepts a known deviation, not a blind spot.
 */
export const unverifiableRule: CheckOutcomeRule<'notReported' | 'readAgain' | 'notKnown' | 'knowFirst'> = {
  id: 'CFSSO010',
  kind: 'unverifiable',
  scope: 'outcome',
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
    // Another source said why (a Terraform plan, a Pulumi preview): {{why}} says it, {{fix}} what to do.
    notKnown: 'email_domain {{domain}}: could not check {{field}} of {{connector}}: {{why}} (expected {{expected}}).',
    knowFirst: '{{fix}}; until then the run cannot decide.',
  },
};
