import type { VerificationStatus } from '../core/types';
import { NO_FINDINGS, type ConnectorRule, type RuleFinding } from './rule';
import { acceptedStatuses } from '../core/describe';
import { ruleFinding } from './message';

/**
 * CFSSO005: the live verification status is not one of the accepted ones.
 * When `verified` is accepted but not reached, the remediation quotes the exact DNS TXT record
 * (name = the email domain, value = the connector's verification code) and how to start verification.
 * With duplicates, every live connector of the domain is compared (one finding each).
 */
export const verificationMismatchRule: ConnectorRule = {
  id: 'CFSSO005',
  kind: 'verification_mismatch',
  scope: 'connector',
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
  messages: {
    notAccepted: 'email_domain {{domain}}: verification is {{actual}}, expected {{expected}} (connector {{connector}}).',
    addTxtRecord: 'Add a TXT record at {{domain}} with the value "{{code}}", then start verification ({{begin}}).',
    lookUpCode:
      'The API returned no verification code for connector {{connector}}: look it up in the dashboard, add it as a ' +
      'TXT record at {{domain}}, then start verification ({{begin}}).',
    // E.g. live `verified` while only `pending` is accepted: the declaration is what is out of date.
    widenDeclaration:
      'If "{{actual}}" is acceptable, add it to verification for {{domain}} in {{file}}; otherwise bring the connector to {{expected}}.',
  },
  stackMessage: '{{who}}: verification is {{actual}} in {{resource}}, but {{where}} expects {{expected}}.',
  check(pair) {
    const { desired, observed, account } = pair;
    if (desired === undefined || desired.state !== 'present') return NO_FINDINGS;
    const accepted = desired.verification;
    if (accepted === undefined || accepted.length === 0) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined; // made on the first finding (most connectors have none)
    for (const connector of observed) {
      const status = connector.verification?.status;
      // Absent: CFSSO010 says it could not be checked. Cloudflare compares case-insensitively, and a
      // status it adds later (e.g. `expired`) is simply not an accepted one.
      if (status === undefined || isAccepted(status, accepted)) continue;
      const code = connector.verification?.code ?? '';
      (findings ??= []).push(
        ruleFinding(verificationMismatchRule, account, {
          message: 'notAccepted',
          remediation: !accepted.includes('verified') ? 'widenDeclaration' : code !== '' ? 'addTxtRecord' : 'lookUpCode',
          data: {
            domain: pair.emailDomain,
            actual: status,
            expected: acceptedStatuses(accepted),
            connector: connector.id,
            code,
            begin: `POST /accounts/${pair.accountId}/sso_connectors/${connector.id}/begin_verification or the dashboard`,
            file: desired.location.file,
          },
          accountId: pair.accountId,
          emailDomain: pair.emailDomain,
          connectorId: connector.id,
          expected: acceptedStatuses(accepted),
          actual: status,
          location: desired.location,
        }),
      );
    }
    return findings ?? NO_FINDINGS;
  },
};

function isAccepted(status: string, accepted: readonly VerificationStatus[]): boolean {
  return (accepted as readonly string[]).includes(status.toLowerCase());
}
