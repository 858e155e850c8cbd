import { NO_FINDINGS, type ConnectorRule } from './rule';
import { ruleFinding } from './message';

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
  messages: {
    exists: 'email_domain {{domain}} is declared state: absent, but SSO connector {{connector}} exists.',
    delete: 'Delete the connector (dashboard or DELETE /accounts/{{accountId}}/sso_connectors/{{connector}}).',
  },
  stackMessage: '{{who}} is declared state: absent at {{where}}, but the stack declares {{resource}}. Remove the resource.',
  check(pair) {
    const { desired, observed, account } = pair;
    if (desired === undefined || desired.state !== 'absent') return NO_FINDINGS;
    return observed.map((connector) =>
      ruleFinding(forbiddenRule, account, {
        message: 'exists',
        remediation: 'delete',
        data: { domain: pair.emailDomain, connector: connector.id, accountId: pair.accountId },
        accountId: pair.accountId,
        emailDomain: pair.emailDomain,
        connectorId: connector.id,
        expected: 'absent',
        actual: 'present',
        location: desired.location,
      }),
    );
  },
};
