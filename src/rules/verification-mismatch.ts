import type { VerificationStatus } from '../core/types';
import { connectorRule, type RuleCheck } from './rule';
import { acceptedStatuses } from '../core/describe';
import { settingOf } from '../core/settings';

const SETTING = settingOf('verification');

const MESSAGES = {
  notAccepted: 'email_domain {{domain}}: verification is {{actual}}, expected {{expected}} (connector {{connector}}).',
  addTxtRecord: 'Add a TXT record at {{domain}} with the value "{{code}}", then start verification ({{begin}}).',
  lookUpCode:
    'The API returned no verification code for connector {{connector}}: look it up in the dashboard, add it as a ' +
    'TXT record at {{domain}}, then start verification ({{begin}}).',
  // E.g. live `verified` while only `pending` is accepted: the declaration is what is out of date.
  widenDeclaration:
    'If "{{actual}}" is acceptable, add it to verification for {{domain}} in {{file}}; otherwise bring the connector to {{expected}}.',
} as const;

/**
 * CFSSO005: the live verification status is not one of the accepted ones.
 * When `verified` is accepted but not reached, the remediation quotes the exact DNS TXT record
 * (name = the email domain, value = the connector's verification code) and how to start verification.
 * With duplicates, every live connector of the domain is compared (one check each). A status the API
 * did not report is unverifiable (CFSSO010): Cloudflare documents every field as optional.
 */
export const verificationMismatchRule = connectorRule({
  id: 'CFSSO005',
  kind: SETTING.kind,
  scope: 'connector',
  property: SETTING.yaml,
  title: 'SSO connector verification status not accepted',
  defaultSeverity: 'error',
  controls: ['IA-2'],
  rationale:
    'Cloudflare only enforces SSO for a domain whose ownership is verified through a DNS TXT record; an unverified ' +
    'connector protects nobody.',
  remediation:
    'Add the connector\'s verification code as a DNS TXT record at the email domain, then start verification ' +
    '(POST /accounts/{account_id}/sso_connectors/{id}/begin_verification or the dashboard).',
  helpMarkdown:
    'The live connector\'s verification status is not one the desired-state file accepts (`verification`).\n\n' +
    '**Fix:** add a TXT record at the email domain whose value is the connector\'s verification code ' +
    '(`cloudflare_dashboard_sso=…`), then start verification with ' +
    '`POST /accounts/{account_id}/sso_connectors/{id}/begin_verification` or in the dashboard.',
  messages: MESSAGES,

  stackMessage: '{{who}}: verification is {{actual}} in {{resource}}, but {{where}} expects {{expected}}.',
  policy: 'sso-connectors-verified',
  check(pair) {
    const { desired } = pair;
    if (desired === undefined || desired.state !== 'present') return [];
    const accepted = desired.verification;
    if (accepted === undefined || accepted.length === 0) return [];
    const property = SETTING.yaml;
    const expected = acceptedStatuses(accepted);
    const { location } = desired;
    if (!pair.read) return [{ property, result: 'not_checked', expected, location }];
    return pair.observed.map((connector): RuleCheck<keyof typeof MESSAGES> => {
      const connectorId = connector.id;
      const status = connector.verification?.status;
      if (status === undefined) {
        return { property, result: 'unverifiable', expected, connectorId, location, unknown: { field: 'verification.status', reason: connector.unknown?.verification } };
      }
      // Cloudflare compares case-insensitively, and a status it adds later (e.g. `expired`) is simply not an accepted one.
      if (isAccepted(status, accepted)) return { property, result: 'pass', expected, actual: status, connectorId, location };
      const code = connector.verification?.code ?? '';
      return {
        property,
        result: 'fail',
        expected,
        actual: status,
        connectorId,
        location,
        message: {
          id: 'notAccepted',
          remediation: !accepted.includes('verified') ? 'widenDeclaration' : code !== '' ? 'addTxtRecord' : 'lookUpCode',
          data: {
            domain: pair.emailDomain,
            actual: status,
            expected,
            connector: connectorId,
            code,
            begin: `POST /accounts/${pair.accountId}/sso_connectors/${connectorId}/begin_verification or the dashboard`,
            file: location.file,
          },
        },
      };
    });
  },
});

function isAccepted(status: string, accepted: readonly VerificationStatus[]): boolean {
  return (accepted as readonly string[]).includes(status.toLowerCase());
}
