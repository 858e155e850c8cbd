import type { ConnectorRule, RuleFinding } from './rule';
import { accountLabel, yesNo } from './describe';

/**
 * CFSSO006: `use_fedramp_language` of a live connector differs from the declaration.
 * With duplicates, every live connector of the domain is compared (one finding each).
 */
export const fedrampMismatchRule: ConnectorRule = {
  id: 'CFSSO006',
  kind: 'fedramp_mismatch',
  scope: 'connector',
  title: 'SSO connector FedRAMP language setting differs',
  defaultSeverity: 'error',
  rationale:
    'FedRAMP-scoped organisations must show the FedRAMP notice at SSO login; showing it elsewhere misleads users.',
  remediation:
    'Set `use_fedramp_language` on the connector to the declared value (dashboard or PATCH /accounts/{account_id}/sso_connectors/{id}).',
  helpMarkdown:
    'The live connector\'s `use_fedramp_language` setting differs from the desired-state file.\n\n' +
    '**Fix:** change the connector\'s setting, or change `use_fedramp_language` in the desired-state file.',
  check(pair) {
    const { desired, observed, account } = pair;
    if (desired === undefined || desired.state !== 'present' || desired.useFedrampLanguage === undefined) return [];
    const expected = desired.useFedrampLanguage;
    return observed
      .filter((connector) => connector.useFedrampLanguage !== expected)
      .map(
        (connector): RuleFinding => ({
          ruleId: fedrampMismatchRule.id,
          kind: fedrampMismatchRule.kind,
          severity: fedrampMismatchRule.defaultSeverity,
          accountId: pair.accountId,
          emailDomain: pair.emailDomain,
          connectorId: connector.id,
          expected: yesNo(expected),
          actual: yesNo(connector.useFedrampLanguage),
          message:
            `${accountLabel(account)}: email_domain ${pair.emailDomain}: use_fedramp_language is ` +
            `${yesNo(connector.useFedrampLanguage)}, expected ${yesNo(expected)} (connector ${connector.id}).`,
          remediation:
            `Set use_fedramp_language to ${yesNo(expected)} (dashboard or PATCH /accounts/${pair.accountId}/sso_connectors/${connector.id} ` +
            `with {"use_fedramp_language": ${yesNo(expected)}}), or change use_fedramp_language in ${desired.location.file}.`,
          location: desired.location,
        }),
      );
  },
};
