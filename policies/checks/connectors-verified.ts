// sso-connectors-verified (advisory): the verification status the stack outputs report is one the
// desired-state file accepts. New connectors in preview have no status yet: said, not failed.
import type { StackValidationPolicy } from '@pulumi/policy';
import type { FindingKind } from '../../src/core/types';
import { DESIRED_STATE_SCHEMA, todayUtc } from '../context';
import { describeUnchecked, judge } from '../judge';
import { kindsOfPolicy } from '../../src/rules';
import { policyMetadata } from '../metadata';
import { prepare, reportFindings, violate } from '../runner';
import { stackConnectors } from './stack';

const NAME = 'sso-connectors-verified';
/** The rules that name this policy as theirs (`policy` in src/rules). */
const KINDS: readonly FindingKind[] = kindsOfPolicy(NAME);

export const connectorsVerifiedPolicy: StackValidationPolicy = {
  name: NAME,
  displayName: 'SSO connector verification status is accepted',
  description:
    'Where the stack outputs know a connector\'s verification status, it must be one the desired-state file accepts ' +
    '(verification:). Add the DNS TXT record Cloudflare gives to verify the email domain.',
  enforcementLevel: 'advisory',
  ...policyMetadata(NAME, KINDS),
  configSchema: { properties: { desiredState: DESIRED_STATE_SCHEMA } },
  validateStack: (args, report) => {
    const prepared = prepare(connectorsVerifiedPolicy, args, report);
    if (prepared === undefined) return;
    const { desired } = prepared;
    const { placed } = stackConnectors(args.resources);
    const accountIds = [...new Set(placed.map((connector) => connector.accountId))];
    const { findings, unchecked } = judge(desired, placed, { accountIds, fields: ['verification'], today: todayUtc(), declarations: 'observed' });
    reportFindings(report, desired, findings, {
      kinds: KINDS,
      hintFor(finding) {
        const code = placed.find((connector) => connector.observation.urn === finding.connectorId)?.observation.verificationCode;
        return code
          ? ` Add a DNS TXT record at ${finding.emailDomain} with the value ${code}, then begin verification (beginVerification: true).`
          : ` Add the DNS TXT record from the connector's verification.code output at ${finding.emailDomain}, then begin verification.`;
      },
    });
    for (const item of unchecked) {
      violate(report, describeUnchecked(desired, item), { urn: item.connector.observation.urn, downgrade: true });
    }
  },
};
