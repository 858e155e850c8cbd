// sso-connectors-complete: every connector the desired-state file declares present, in each
// account the stack manages, exists in the stack. Deliberately not typed to SsoConnector: a stack
// with no connectors at all must still be checked (and fail).
import type { StackValidationPolicy } from '@pulumi/policy';
import type { FindingKind } from '../../src/core/types';
import { DESIRED_STATE_SCHEMA, resolveAccounts, todayUtc } from '../context';
import { judge } from '../judge';
import { kindsOfPolicy } from '../../src/rules';
import { policyMetadata } from '../metadata';
import { prepare, reportFindings, violate } from '../runner';
import { namesOf, stackConnectors } from './stack';

const NAME = 'sso-connectors-complete';
/** The rules that name this policy as theirs (`policy` in src/rules). */
const KINDS: readonly FindingKind[] = kindsOfPolicy(NAME);

export const connectorsCompletePolicy: StackValidationPolicy = {
  name: NAME,
  displayName: 'Every declared SSO connector is in the stack',
  description:
    'Every connector declared state: present in the desired-state file, for each account the stack manages, ' +
    'must exist in the stack as a cloudflare.SsoConnector.',
  ...policyMetadata(NAME, KINDS),
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
    const prepared = prepare(connectorsCompletePolicy, args, report);
    if (prepared === undefined) return;
    const { settings, desired } = prepared;
    const accounts = resolveAccounts(desired, settings.accounts);
    if ('problem' in accounts) return violate(report, accounts.problem, { forceMandatory: true });
    const { accountIds } = accounts;

    const { placed, unplaced } = stackConnectors(args.resources);
    const { findings } = judge(desired, placed, { accountIds, fields: [], today: todayUtc() });
    reportFindings(report, desired, findings, {
      kinds: KINDS,
      // A connector whose account or domain is unknown in preview may be the "missing" one: say so, don't block.
      ...(unplaced.length > 0
        ? { notYetKnown: `The stack's ${namesOf(unplaced)} may be it; its account or email_domain is not known until the update runs.` }
        : {}),
    });
  },
};
