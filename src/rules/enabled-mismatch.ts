import type { ConnectorRule, RuleFinding } from './rule';
import { accountLabel, yesNo } from './describe';

/**
 * CFSSO004: `enabled` of a live connector differs from the declaration.
 * With duplicates, every live connector of the domain is compared (one finding each).
 */
export const enabledMismatchRule: ConnectorRule = {
  id: 'CFSSO004',
  kind: 'enabled_mismatch',
  scope: 'connector',
  title: 'SSO connector enabled setting differs',
  defaultSeverity: 'error',
  rationale:
    'A disabled connector lets users of the domain skip the identity provider; an enabled one that should be off ' +
    'forces SSO before the identity provider is ready.',
  remediation: 'Set `enabled` on the connector to the declared value (dashboard or PATCH /accounts/{account_id}/sso_connectors/{id}).',
  helpMarkdown:
    'The live connector\'s `enabled` setting differs from the desired-state file.\n\n' +
    '**Fix:** enable or disable the connector to match, or change `enabled` in the desired-state file.',
  check(pair) {
    const { desired, observed, account } = pair;
    if (desired === undefined || desired.state !== 'present' || desired.enabled === undefined) return [];
    const expected = desired.enabled;
    return observed
      .filter((connector) => connector.enabled !== expected)
      .map(
        (connector): RuleFinding => ({
          ruleId: enabledMismatchRule.id,
          kind: enabledMismatchRule.kind,
          severity: enabledMismatchRule.defaultSeverity,
          accountId: pair.accountId,
          emailDomain: pair.emailDomain,
          connectorId: connector.id,
          expected: yesNo(expected),
          actual: yesNo(connector.enabled),
          message:
            `${accountLabel(account)}: email_domain ${pair.emailDomain}: enabled is ${yesNo(connector.enabled)}, ` +
            `expected ${yesNo(expected)} (connector ${connector.id}).`,
          remediation:
            `${expected ? 'Enable' : 'Disable'} the connector (dashboard or PATCH /accounts/${pair.accountId}/sso_connectors/${connector.id} ` +
            `with {"enabled": ${yesNo(expected)}}), or change enabled in ${desired.location.file}.`,
          location: desired.location,
        }),
      );
  },
};
