// sso-connector-declared: every cloudflare.SsoConnector in the program is declared present in
// the desired-state file. Undeclared (account `unmanaged: error`) and `state: absent` block;
// undeclared under `unmanaged: warning` is advisory.
import { SsoConnector } from '@pulumi/cloudflare';
import { remediateResourceOfType, validateResourceOfType, type ResourceValidationPolicy } from '@pulumi/policy';
import type { FindingKind } from '../../src/core/types';
import { DESIRED_STATE_SCHEMA, todayUtc } from '../context';
import { judge } from '../judge';
import { observeConnector, place, whyUnplaced } from '../observe';
import { kindsOfPolicy } from '../../src/rules';
import { policyMetadata } from '../metadata';
import { prepare, reportFindings, violate } from '../runner';

const NAME = 'sso-connector-declared';
/** The rules that name this policy as theirs (`policy` in src/rules). */
const KINDS: readonly FindingKind[] = kindsOfPolicy(NAME);

/**
 * Resources this policy was asked to remediate. @pulumi/policy hides a policy's enforcement level
 * from it, and calls remediateResource only at `remediate`; the engine then analyzes the same
 * resource, where the misconfiguration becomes one mandatory violation (there is nothing this
 * policy could fix: it cannot declare a connector in the file).
 */
const remediateRequested = new Set<string>();

export const connectorDeclaredPolicy: ResourceValidationPolicy = {
  name: NAME,
  displayName: 'SSO connector is declared in the desired-state file',
  description:
    'Each cloudflare.SsoConnector must be declared (state: present) for its account in the desired-state file: ' +
    'not declared state: absent, and not undeclared in an account with unmanaged: error (unmanaged: warning is advisory).',
  ...policyMetadata(NAME, KINDS),
  configSchema: { properties: { desiredState: DESIRED_STATE_SCHEMA } },
  remediateResource: remediateResourceOfType(SsoConnector, (_props, args) => {
    remediateRequested.add(args.urn);
    return undefined;
  }),
  validateResource: validateResourceOfType(SsoConnector, (_props, args, report) => {
    if (remediateRequested.delete(args.urn)) {
      violate(
        report,
        `Policy config of ${NAME} is not valid: "enforcementLevel" is "remediate", which ${NAME} does not support ` +
          '(it cannot declare a connector in the desired-state file); use "mandatory", "advisory" or "disabled". ' +
          'Only sso-connector-settings remediates.',
        { urn: args.urn, forceMandatory: true },
      );
      return;
    }
    const prepared = prepare(connectorDeclaredPolicy, args, report, args.urn);
    if (prepared === undefined) return;
    const { desired } = prepared;
    const observation = observeConnector(args);
    const placed = place(observation);
    if (placed === undefined) {
      violate(report, `Could not check cloudflare.SsoConnector "${args.name}" against ${desired.file} yet: ${whyUnplaced(observation)}.`, {
        urn: args.urn,
        downgrade: observation.accountId.state === 'unknown' || observation.emailDomain.state === 'unknown',
      });
      return;
    }
    if (!desired.accounts.some((account) => account.id === placed.accountId)) {
      violate(
        report,
        `cloudflare.SsoConnector "${args.name}" (email_domain ${placed.emailDomain}) is for account ${placed.accountId}, ` +
          `which ${desired.file} does not list. Add the account under accounts:, or remove the resource.`,
        { urn: args.urn },
      );
      return;
    }
    const { findings } = judge(desired, [placed], { accountIds: [placed.accountId], fields: [], today: todayUtc(), declarations: 'observed' });
    reportFindings(report, desired, findings, { kinds: KINDS, resourceUrn: args.urn });
  }),
};
