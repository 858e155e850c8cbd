// sso-connectors-unique: no two cloudflare.SsoConnector resources for one (account, email domain)
// (CFSSO007), and no email domain enabled in two accounts of the stack (CFSSO011).
import type { StackValidationPolicy } from '@pulumi/policy';
import type { Finding, FindingKind } from '../../src/core/types';
import { DESIRED_STATE_SCHEMA, todayUtc } from '../context';
import { judge } from '../judge';
import { kindsOfPolicy } from '../../src/rules';
import { policyMetadata } from '../metadata';
import { prepare, reportFindings, violate } from '../runner';
import { namesOf, stackConnectors } from './stack';

const NAME = 'sso-connectors-unique';
/** The rules that name this policy as theirs (`policy` in src/rules). */
const KINDS: readonly FindingKind[] = kindsOfPolicy(NAME);

export const connectorsUniquePolicy: StackValidationPolicy = {
  name: NAME,
  displayName: 'One SSO connector per account and email domain, enabled in one account',
  description:
    'The stack must not declare two cloudflare.SsoConnector resources for one account and email domain, nor enable ' +
    'one email domain in two accounts (Cloudflare lets only one account enable it).',
  ...policyMetadata(NAME, KINDS),
  configSchema: { properties: { desiredState: DESIRED_STATE_SCHEMA } },
  validateStack: (args, report) => {
    const prepared = prepare(connectorsUniquePolicy, args, report);
    if (prepared === undefined) return;
    const { desired } = prepared;
    const { placed, unplaced } = stackConnectors(args.resources);
    const accountIds = [...new Set(placed.map((connector) => connector.accountId))];
    const { findings } = judge(desired, placed, { accountIds, fields: [], today: todayUtc(), declarations: 'observed' });
    // A placed connector's email domain is normalised already (observe.ts), as a finding's is.
    const urnsOf = (finding: Finding): string[] =>
      placed
        .filter((connector) => connector.accountId === finding.accountId && connector.emailDomain === finding.emailDomain)
        .map((connector) => connector.observation.urn)
        .sort();
    // A duplicate is reported on the second resource (the first one is the one to keep); a conflict on
    // the enabled resource of each account involved.
    const urnOf = (finding: Finding): string | undefined =>
      finding.kind === 'duplicate' ? urnsOf(finding)[1] : (finding.connectorId ?? urnsOf(finding)[0]);
    reportFindings(report, desired, findings, { kinds: KINDS, resourcesOf: urnsOf, urnOf });
    if (unplaced.length > 0) {
      violate(
        report,
        `Could not check ${namesOf(unplaced)} for duplicates yet: the account or email_domain is not known until the update runs.`,
        { downgrade: true },
      );
    }
  },
};
