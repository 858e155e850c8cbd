import type { ObservedConnector, SourceLocation } from '../core/types';
import { accountLabel } from '../core/describe';
import { connectorRule, type DesiredIssue, type MatchedPair } from './rule';
import { formatLocation } from '../core/location';

const isEnabled = (connector: ObservedConnector): boolean => connector.enabled === true;
const idsOf = (connectors: readonly ObservedConnector[]): string => connectors.map((connector) => connector.id).join(', ');
const enabledIds = (pair: MatchedPair): string => idsOf(pair.observed.filter(isEnabled));

/**
 * CFSSO011: one email domain is enabled in more than one evaluated account. Cloudflare lets only one
 * account enable a domain's connector, so the other cannot be enabled until the first is disabled.
 * Judged for a pair with an enabled live connector whose domain another account read also has: one check per account involved
 * (each can be fixed or waived on its own), whether or not the domain is declared; `enabled` not
 * reported by the API counts as not enabled (CFSSO010 says so where the file expects a value). Only
 * accounts read completely are compared.
 */
export const domainConflictRule = connectorRule({
  id: 'CFSSO011',
  kind: 'domain_conflict',
  scope: 'connector',
  property: 'exclusive',
  title: 'Email domain enabled in more than one account',
  defaultSeverity: 'error',
  controls: ['IA-2', 'CM-6'],
  rationale:
    'Cloudflare lets only one account enable the SSO connector of an email domain; the other cannot be enabled ' +
    'until the first is disabled, so at most one of the declarations can be in force.',
  remediation:
    'Keep the email domain enabled in one account only: disable its connector in the others ' +
    '(PATCH /accounts/{account_id}/sso_connectors/{id} with {"enabled": false}) and fix the desired-state file.',
  helpMarkdown:
    'The same email domain has an enabled SSO connector in more than one checked account.\n\n' +
    '**Fix:** decide which account owns the domain, disable the connector in every other account ' +
    '(`PATCH /accounts/{account_id}/sso_connectors/{id}` with `{"enabled": false}`), and declare it enabled in one account only.',
  messages: {
    alsoEnabled:
      'email_domain {{domain}} is enabled here (connector {{connectors}}) and also in {{others}}; ' +
      'Cloudflare lets only one account enable a domain\'s connector.',
    disableOthers:
      'Keep {{domain}} enabled in one account only. To give it up here: PATCH /accounts/{{accountId}}/sso_connectors/{{first}} ' +
      'with {"enabled": false}; otherwise disable it in {{others}}.',
  },
  stackMessage: '{{who}} is enabled in {{resources}}, but Cloudflare lets only one account enable an email domain ({{actual}}).',
  policy: 'sso-connectors-unique',
  checkDesired(accounts, source) {
    // The first account to declare a domain enabled, and where; each later account is told about it.
    const enabledIn = new Map<string, { accountId: string; location: SourceLocation; inherited: boolean }>();
    const issues: DesiredIssue[] = [];
    const how = (inherited: boolean): string => (inherited ? ' (through defaults)' : '');
    for (const account of accounts) {
      for (const connector of account.connectors) {
        if (connector.state !== 'present' || connector.enabled !== true) continue;
        const here = source.settingAt(connector, 'enabled');
        const first = enabledIn.get(connector.emailDomain);
        if (first === undefined) {
          enabledIn.set(connector.emailDomain, { accountId: account.id, ...here });
          continue;
        }
        if (first.accountId === account.id) continue;
        issues.push({
          connector,
          setting: 'enabled',
          message:
            `email domain "${connector.emailDomain}" is declared enabled${how(here.inherited)} in account ${account.id} and also${how(first.inherited)} ` +
            `in account ${first.accountId} at ${formatLocation(first.location)}; Cloudflare lets only one account enable a domain's connector (CFSSO011)`,
          hint: 'declare it enabled in one account only: "enabled: false" or "state: absent" in the others',
        });
      }
    }
    return issues;
  },
  check(pair, run) {
    const enabled = pair.observed.filter(isEnabled);
    if (run === undefined || enabled.length === 0) return [];
    const sameDomain = run.pairsOf(pair.emailDomain).filter((other) => other.accountId !== pair.accountId);
    // Nothing to compare with: no other account read has the domain.
    if (sameDomain.length === 0) return [];
    const others = sameDomain.filter((other) => other.observed.some(isEnabled));
    const location = pair.desired?.location ?? pair.account.location;
    const connectorId = enabled.length === 1 ? enabled[0].id : undefined;
    const about = connectorId === undefined ? {} : { connectorId };
    const expected = 'enabled in 1 account';
    if (others.length === 0) return [{ property: 'exclusive', result: 'pass', expected, actual: expected, location, ...about }];
    const othersText = others.map((other) => `${accountLabel(other.account)} (connector ${enabledIds(other)})`).join(', ');
    return [
      {
        property: 'exclusive',
        result: 'fail',
        expected,
        actual: `enabled in ${others.length + 1} accounts`,
        location,
        ...about,
        message: {
          id: 'alsoEnabled',
          remediation: 'disableOthers',
          data: { domain: pair.emailDomain, connectors: idsOf(enabled), others: othersText, accountId: pair.accountId, first: enabled[0].id },
        },
      },
    ];
  },
});
