import { connectorRule } from './rule';

/**
 * CFSSO007: more than one live connector for one declared (account, email domain).
 * One check about the declaration (every live connector of the domain carries it), so one finding
 * naming every connector id (no single `connectorId`), located at the declaration.
 *
 * Fires only for domains declared `state: present`. For an undeclared domain each live connector
 * already gets its own `unexpected` finding, and for `state: absent` its own `forbidden` finding,
 * with the same remedy; a duplicate finding there would say nothing new.
 * The settings rules (CFSSO004-006) still compare every one of the duplicated connectors.
 */
export const duplicateRule = connectorRule({
  id: 'CFSSO007',
  kind: 'duplicate',
  scope: 'connector',
  property: 'unique',
  title: 'More than one SSO connector for one email domain',
  defaultSeverity: 'error',
  controls: ['CM-6'],
  rationale:
    'Two connectors for one domain make it unclear which identity provider users sign in through, and a stale one ' +
    'can keep a retired identity provider trusted.',
  remediation: 'Keep exactly one connector for the email domain and delete the others (DELETE /accounts/{account_id}/sso_connectors/{id}).',
  helpMarkdown:
    'The account has more than one live SSO connector for this email domain.\n\n' +
    '**Fix:** keep the one that matches the desired-state file and delete the rest.',
  messages: {
    several: 'email_domain {{domain}} has {{count}} live SSO connectors ({{ids}}), expected exactly one.',
    keepOne:
      'Keep one connector for {{domain}} and delete the others ' +
      '(DELETE /accounts/{{accountId}}/sso_connectors/{id} for each of {{ids}} you drop).',
  },
  stackMessage: '{{who}} has {{actual}} cloudflare.SsoConnector resources in the stack ({{resources}}); {{where}} declares exactly one.',
  check(pair) {
    const { desired, observed } = pair;
    // Judged where there is something to count: a live connector of a domain declared present.
    if (desired === undefined || desired.state !== 'present' || observed.length === 0) return [];
    const { location } = desired;
    const actual = String(observed.length);
    if (observed.length === 1) return [{ property: 'unique', result: 'pass', expected: '1', actual, location }];
    const ids = observed.map((connector) => connector.id).join(', ');
    return [
      {
        property: 'unique',
        result: 'fail',
        expected: '1',
        actual,
        location,
        message: { id: 'several', remediation: 'keepOne', data: { domain: pair.emailDomain, count: observed.length, ids, accountId: pair.accountId } },
      },
    ];
  },
  policy: 'sso-connectors-unique',
});
