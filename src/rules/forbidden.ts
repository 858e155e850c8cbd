import type { ConnectorRule, RuleFinding } from './rule';
import { accountLabel } from './describe';

/** CFSSO003: a connector declared `state: absent` exists live (one finding per live connector). */
export const forbiddenRule: ConnectorRule = {
  id: 'CFSSO003',
  kind: 'forbidden',
  scope: 'connector',
  title: 'Forbidden SSO connector exists',
  defaultSeverity: 'error',
  controls: ['CM-6'],
  rationale:
    'A domain declared `state: absent` was deliberately retired (for example a sold or abandoned domain); a live ' +
    'connector for it lets whoever controls that domain\'s identity provider sign in.',
  remediation: 'Delete the connector (dashboard or DELETE /accounts/{account_id}/sso_connectors/{id}).',
  helpMarkdown:
    'The desired-state file says this email domain must have no SSO connector (`state: absent`), but one exists.\n\n' +
    '**Fix:** delete the connector, or change the entry if the domain is back in use.',
  check(pair) {
    const { desired, observed, account } = pair;
    if (desired === undefined || desired.state !== 'absent') return [];
    return observed.map(
      (connector): RuleFinding => ({
        ruleId: forbiddenRule.id,
        kind: forbiddenRule.kind,
        severity: forbiddenRule.defaultSeverity,
        accountId: pair.accountId,
        emailDomain: pair.emailDomain,
        connectorId: connector.id,
        expected: 'absent',
        actual: 'present',
        message:
          `${accountLabel(account)}: email_domain ${pair.emailDomain} is declared state: absent, ` +
          `but SSO connector ${connector.id} exists.`,
        remediation: `Delete the connector (dashboard or DELETE /accounts/${pair.accountId}/sso_connectors/${connector.id}).`,
        location: desired.location,
      }),
    );
  },
};
