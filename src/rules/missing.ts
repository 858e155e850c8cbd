import { connectorRule } from './rule';

/** CFSSO001: a connector declared `state: present` does not exist live. */
export const missingRule = connectorRule({
  id: 'CFSSO001',
  kind: 'missing',
  scope: 'connector',
  property: 'state',
  title: 'Declared SSO connector is missing',
  defaultSeverity: 'error',
  controls: ['IA-2'],
  rationale:
    'Users of a declared email domain are expected to sign in through SSO; without the connector they fall back to ' +
    'password logins that bypass the identity provider.',
  remediation:
    'Create the SSO connector for the email domain (dashboard or POST /accounts/{account_id}/sso_connectors), ' +
    'or remove the entry from the desired-state file if it is no longer wanted.',
  helpMarkdown:
    'The desired-state file declares an SSO connector for this email domain (`state: present`, the default), ' +
    'but the account has none.\n\n' +
    '**Fix:** create the connector in the Cloudflare dashboard or with `POST /accounts/{account_id}/sso_connectors`, ' +
    'or delete the entry from the desired-state file.',
  messages: {
    missing: 'email_domain {{domain}} is declared state: present, but no SSO connector exists for it.',
    create:
      'Create the SSO connector for {{domain}} in account {{accountId}} ' +
      '(dashboard or POST /accounts/{{accountId}}/sso_connectors), or remove the entry from {{file}}.',
  },
  stackMessage: '{{who}} is declared state: present at {{where}}, but the stack has no cloudflare.SsoConnector for it.',
  check(pair) {
    const { desired, observed } = pair;
    if (desired === undefined || desired.state !== 'present') return [];
    const { location } = desired;
    if (!pair.read) return [{ property: 'state', result: 'not_checked', expected: 'present', location }];
    if (observed.length > 0) return [{ property: 'state', result: 'pass', expected: 'present', actual: 'present', location }];
    return [
      {
        property: 'state',
        result: 'fail',
        expected: 'present',
        actual: 'absent',
        location,
        message: { id: 'missing', remediation: 'create', data: { domain: pair.emailDomain, accountId: pair.accountId, file: location.file } },
      },
    ];
  },
  policy: 'sso-connectors-complete',
});
