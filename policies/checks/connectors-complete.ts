// sso-connectors-complete: every connector the desired-state file declares present, in each
// account the stack manages, exists in the stack. Deliberately not typed to SsoConnector: a stack
// with no connectors at all must still be checked (and fail).
import type { StackValidationPolicy } from '@pulumi/policy';
import { DESIRED_STATE_SCHEMA, loadDesired, todayUtc, type PolicySettings } from '../context';
import { judge } from '../judge';
import { describeStackFinding, isAdvisoryFinding, reportUnusableDesiredState, violate } from '../wording';
import { namesOf, stackConnectors } from './stack';

export const connectorsCompletePolicy: StackValidationPolicy = {
  name: 'sso-connectors-complete',
  displayName: 'Every declared SSO connector is in the stack',
  description:
    'Every connector declared state: present in the desired-state file, for each account the stack manages, ' +
    'must exist in the stack as a cloudflare.SsoConnector.',
  configSchema: {
    properties: {
      desiredState: DESIRED_STATE_SCHEMA,
      accounts: {
        type: 'array',
        items: { type: 'string' },
        description:
          'Accounts (id or name from the desired-state file) this stack manages. Default: every account in the file.',
      },
    },
  },
  validateStack: (args, report) => {
    const settings = args.getConfig<PolicySettings>();
    const load = loadDesired(settings);
    if (!load.ok) return reportUnusableDesiredState(report, load);
    const { desired } = load;

    let accountIds = desired.accounts.map((account) => account.id);
    if (Array.isArray(settings.accounts) && settings.accounts.length > 0) {
      accountIds = [];
      for (const wanted of settings.accounts) {
        const account = desired.accounts.find((candidate) => candidate.id === wanted || candidate.name === wanted);
        if (account === undefined) {
          violate(report, `Policy config "accounts" lists ${JSON.stringify(wanted)}, which ${desired.file} does not declare (by id or name).`);
        } else {
          accountIds.push(account.id);
        }
      }
    }

    const { placed, unplaced } = stackConnectors(args.resources);
    const { findings } = judge(desired, placed, { accountIds, fields: [], today: todayUtc() });
    // A connector whose account or domain is unknown in preview may be the "missing" one: say so, don't block.
    const pending = unplaced.length > 0;
    for (const finding of findings) {
      if (finding.kind !== 'missing') continue;
      const message = describeStackFinding(desired, finding);
      if (pending) {
        violate(
          report,
          `Could not confirm yet: ${message} The stack's ${namesOf(unplaced)} may be it; its account or email_domain is not known until the update runs.`,
          { downgrade: true },
        );
      } else {
        violate(report, message, { downgrade: isAdvisoryFinding(finding) });
      }
    }
  },
};
