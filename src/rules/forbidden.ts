import { connectorRule } from './rule';

/** CFSSO003: a connector declared `state: absent` exists live (one finding per live connector). */
export const forbiddenRule = connectorRule({
  id: 'CFSSO003',
  kind: 'forbidden',
  scope: 'connector',
  property: 'state',
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
    const { desired, observed } = pair;
    if (desired === undefined || desired.state !== 'absent') return [];
    const { location } = desired;
    if (!pair.read) return [{ property: 'state', result: 'not_checked', expected: 'absent', location }];
    if (observed.length === 0) return [{ property: 'state', result: 'pass', expected: 'absent', actual: 'absent', location }];
    return observed.map((connector) => ({
      property: 'state',
      result: 'fail',
      expected: 'absent',
      actual: 'present',
      connectorId: connector.id,
      location,
      message: { id: 'exists', remediation: 'delete', data: { domain: pair.emailDomain, connector: connector.id, accountId: pair.accountId } },
    }));
  },
  policy: 'sso-connector-declared',
});
