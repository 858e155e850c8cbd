import { connectorRule } from './rule';

/**
 * CFSSO002: a live connector whose email domain the desired-state file does not list.
 * Severity follows the account's `unmanaged` setting (error | warning); `ignore` silences it.
 * One check per live connector, located at the account entry; with `ignore` each passes.
 */
export const unexpectedRule = connectorRule({
  id: 'CFSSO002',
  kind: 'unexpected',
  scope: 'connector',
  property: 'declared',
  title: 'Undeclared SSO connector',
  defaultSeverity: 'error',
  controls: ['CM-6'],
  rationale:
    'A connector nobody declared routes logins of an email domain to an identity provider that was never reviewed; ' +
    'the desired-state file must be the complete list.',
  remediation:
    'Declare the connector in the desired-state file (under the account\'s connectors), or delete it ' +
    '(DELETE /accounts/{account_id}/sso_connectors/{id}). Set `unmanaged: ignore` on the account to stop checking.',
  helpMarkdown:
    'A live SSO connector exists for an email domain the desired-state file does not list for this account. ' +
    'The severity is the account\'s `unmanaged` setting (`error` or `warning`; `ignore` turns the check off).\n\n' +
    '**Fix:** add an entry with this `email_domain` to the account\'s `connectors`, or delete the connector.',
  messages: {
    undeclared:
      'live SSO connector {{connector}} for email_domain {{domain}} is not declared in the desired-state file (unmanaged: {{unmanaged}}).',
    declareOrDelete:
      'Add "- email_domain: {{domain}}" to the connectors of account {{accountId}} in {{file}}, ' +
      'or delete the connector (DELETE /accounts/{{accountId}}/sso_connectors/{{connector}}).',
  },
  stackMessage:
    '{{who}}: {{resource}} is not declared in {{file}} (unmanaged: {{unmanaged}}, account at {{where}}). ' +
    'Add "- email_domain: {{domain}}" to the account\'s connectors, or remove the resource.',
  check(pair) {
    const { desired, observed, account } = pair;
    if (desired !== undefined) return [];
    const { location } = account;
    const unmanaged = account.unmanaged;
    return observed.map((connector) =>
      unmanaged === 'ignore'
        ? { property: 'declared', result: 'pass', expected: 'declared, or not (unmanaged: ignore)', actual: 'not declared', connectorId: connector.id, location }
        : {
            property: 'declared',
            result: 'fail',
            expected: 'declared',
            actual: 'not declared',
            connectorId: connector.id,
            location,
            severity: unmanaged,
            finding: { expected: 'absent', actual: 'present' },
            message: {
              id: 'undeclared',
              remediation: 'declareOrDelete',
              data: { connector: connector.id, domain: pair.emailDomain, unmanaged, accountId: pair.accountId, file: location.file },
            },
          },
    );
  },
  policy: 'sso-connector-declared',
});
