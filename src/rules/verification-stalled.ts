import { instantOf } from '../core/day';
import { connectorRule, type RuleCheck } from './rule';

/** Cloudflare polls DNS for the TXT record for two days after verification starts, then stops. */
const POLLING_MS = 2 * 24 * 60 * 60 * 1000;
const WAITING = new Set(['pending', 'awaiting']);

/**
 * CFSSO012: verification is `pending` or `awaiting` and the connector last changed (`updated_on`, else
 * `created_on`) more than two days before its account was read: Cloudflare has stopped polling, and only
 * `begin_verification` restarts it. Judged against the read time the engine passes (no clock). Every
 * live connector still waiting is judged, declared or not (one check each); a missing or unparseable
 * timestamp, or an unknown read time, is no check from this rule.
 */
export const verificationStalledRule = connectorRule({
  id: 'CFSSO012',
  kind: 'verification_stalled',
  scope: 'connector',
  property: 'verification_progress',
  title: 'SSO connector verification stalled',
  defaultSeverity: 'warning',
  controls: ['IA-2'],
  rationale:
    'Cloudflare checks the DNS TXT record for two days after verification starts and then stops; a connector still ' +
    'pending after that stays unverified (and SSO unenforced) until verification is started again.',
  remediation:
    'Make sure the TXT record is published at the email domain, then restart verification ' +
    '(POST /accounts/{account_id}/sso_connectors/{id}/begin_verification or the dashboard).',
  helpMarkdown:
    'The connector\'s verification is `pending` or `awaiting` and it has not changed for more than two days: ' +
    'Cloudflare has stopped polling DNS.\n\n' +
    '**Fix:** publish the TXT record `cloudflare_dashboard_sso=…` (the connector\'s verification code) at the email ' +
    'domain, then call `POST /accounts/{account_id}/sso_connectors/{id}/begin_verification`. A connector without ' +
    '`updated_on` or `created_on` (or with an unreadable one) is not judged by this rule.',
  messages: {
    stalled:
      'email_domain {{domain}}: verification {{status}} since {{since}}, over 2 days: Cloudflare stopped polling for ' +
      'the TXT record {{txt}}; restart: {{begin}}.',
    restart: 'Publish the TXT record if missing, then call begin_verification (or use the dashboard).',
  },
  check(pair, run) {
    const location = pair.desired?.location ?? pair.account.location;
    const expected = 'changed within 2 days';
    return pair.observed.flatMap((connector): RuleCheck<'stalled' | 'restart'>[] => {
      const status = connector.verification?.status;
      if (status === undefined || !WAITING.has(status.toLowerCase())) return [];
      const connectorId = connector.id;
      const since = connector.updatedOn ?? connector.createdOn;
      const changed = since === undefined ? undefined : instantOf(since);
      const readAt = run?.readAt === undefined ? undefined : instantOf(run.readAt);
      // The age cannot be told: no check (a warning about a connector CFSSO005 judges anyway, not a blind spot).
      if (since === undefined || changed === undefined || readAt === undefined) return [];
      // The day is enough here (the message has the moment); a parsed date-time starts with it.
      const actual = `${status} since ${since.slice(0, 10)}`;
      if (readAt - changed <= POLLING_MS) return [{ property: 'verification_progress', result: 'pass', expected, actual, connectorId, location }];
      const code = connector.verification?.code ?? '';
      return [
        {
          property: 'verification_progress',
          result: 'fail',
          expected,
          actual,
          connectorId,
          location,
          message: {
            id: 'stalled',
            remediation: 'restart',
            data: {
              domain: pair.emailDomain,
              status,
              since,
              connector: connectorId,
              code,
              txt: code !== '' ? `at ${pair.emailDomain}, value "${code}"` : `at ${pair.emailDomain} (the API returned no verification code: see the dashboard)`,
              begin: `POST /accounts/${pair.accountId}/sso_connectors/${connectorId}/begin_verification`,
            },
          },
        },
      ];
    });
  },
});
