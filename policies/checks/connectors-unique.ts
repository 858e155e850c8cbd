// sso-connectors-unique: no two cloudflare.SsoConnector resources for one (account, email domain).
import type { StackValidationPolicy } from '@pulumi/policy';
import { DESIRED_STATE_SCHEMA, loadDesired, todayUtc, type PolicySettings } from '../context';
import { judge } from '../judge';
import { describeStackFinding, isAdvisoryFinding, reportUnusableDesiredState, violate } from '../wording';
import { namesOf, stackConnectors } from './stack';

export const connectorsUniquePolicy: StackValidationPolicy = {
  name: 'sso-connectors-unique',
  displayName: 'One SSO connector per account and email domain',
  description: 'The stack must not declare two cloudflare.SsoConnector resources for one account and email domain.',
  configSchema: { properties: { desiredState: DESIRED_STATE_SCHEMA } },
  validateStack: (args, report) => {
    const load = loadDesired(args.getConfig<PolicySettings>());
    if (!load.ok) return reportUnusableDesiredState(report, load);
    const { desired } = load;
    const { placed, unplaced } = stackConnectors(args.resources);
    const accountIds = [...new Set(placed.map((connector) => connector.accountId))];
    const { findings } = judge(desired, placed, { accountIds, fields: [], today: todayUtc() });
    for (const finding of findings) {
      if (finding.kind !== 'duplicate') continue;
      const urns = placed
        .filter((connector) => connector.accountId === finding.accountId && connector.emailDomain === finding.emailDomain)
        .map((connector) => connector.observation.urn)
        .sort();
      violate(report, describeStackFinding(desired, finding, urns), { urn: urns[1], downgrade: isAdvisoryFinding(finding) });
    }
    if (unplaced.length > 0) {
      violate(
        report,
        `Could not check ${namesOf(unplaced)} for duplicates yet: the account or email_domain is not known until the update runs.`,
        { downgrade: true },
      );
    }
  },
};
