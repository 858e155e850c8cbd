import type { ObservedConnector, VerificationStatus } from '../types';
import type { ConnectorRule, MatchedPair, RuleFinding } from './rule';
import { acceptedStatuses, accountLabel } from './describe';

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
  check(pair) {
    const { desired, observed, account } = pair;
    if (desired === undefined || desired.state !== 'present') return [];
    const accepted = desired.verification;
    if (accepted === undefined || accepted.length === 0) return [];
    const results: RuleFinding[] = [];
    for (const connector of observed) {
      const status = connector.verification?.status;
      // Absent: CFSSO010 says it could not be checked. Cloudflare compares case-insensitively, and a
      // status it adds later (e.g. `expired`) is simply not an accepted one.
      if (status === undefined || isAccepted(status, accepted)) continue;
      results.push({
        ruleId: verificationMismatchRule.id,
        kind: verificationMismatchRule.kind,
        severity: verificationMismatchRule.defaultSeverity,
        accountId: pair.accountId,
        emailDomain: pair.emailDomain,
        connectorId: connector.id,
        expected: acceptedStatuses(accepted),
        actual: status,
        message:
          `${accountLabel(account)}: email_domain ${pair.emailDomain}: verification is ${status}, ` +
          `expected ${acceptedStatuses(accepted)} (connector ${connector.id}).`,
        remediation: remediationFor(pair, connector, status, accepted, desired.location.file),
        location: desired.location,
      });
    }
    return results;
  },
};

function isAccepted(status: string, accepted: readonly VerificationStatus[]): boolean {
  return (accepted as readonly string[]).includes(status.toLowerCase());
}

function remediationFor(
  pair: MatchedPair,
  connector: ObservedConnector,
  status: string,
  accepted: readonly VerificationStatus[],
  file: string,
): string {
  const beginVerification = `POST /accounts/${pair.accountId}/sso_connectors/${connector.id}/begin_verification or the dashboard`;
  if (accepted.includes('verified')) {
    const code = connector.verification?.code;
    if (code !== undefined && code !== '') {
      return `Add a TXT record at ${pair.emailDomain} with the value "${code}", then start verification (${beginVerification}).`;
    }
    return (
      `The API returned no verification code for connector ${connector.id}: look it up in the dashboard, add it as a ` +
      `TXT record at ${pair.emailDomain}, then start verification (${beginVerification}).`
    );
  }
  // E.g. live `verified` while only `pending` is accepted: the declaration is what is out of date.
  return (
    `If "${status}" is acceptable, add it to verification for ${pair.emailDomain} in ${file}; ` +
    `otherwise bring the connector to ${acceptedStatuses(accepted)}.`
  );
}
