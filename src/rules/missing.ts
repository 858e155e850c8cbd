import type { ConnectorRule } from './rule';
import { accountLabel } from './describe';

/** CFSSO001: a connector declared `state: present` does not exist live. */
export const missingRule: ConnectorRule = {
  id: 'CFSSO001',
  kind: 'missing',
  scope: 'connector',
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
  check(pair) {
    const { desired, observed, account } = pair;
    if (desired === undefined || desired.state !== 'present' || observed.length > 0) return [];
    return [
      {
        ruleId: missingRule.id,
        kind: missingRule.kind,
        severity: missingRule.defaultSeverity,
        accountId: pair.accountId,
        emailDomain: pair.emailDomain,
        expected: 'present',
        actual: 'absent',
        message: `${accountLabel(account)}: email_domain ${pair.emailDomain} is declared state: present, but no SSO connector exists for it.`,
        remediation:
          `Create the SSO connector for ${pair.emailDomain} in account ${pair.accountId} ` +
          `(dashboard or POST /accounts/${pair.accountId}/sso_connectors), or remove the entry from ${desired.location.file}.`,
        location: desired.location,
      },
    ];
  },
};
