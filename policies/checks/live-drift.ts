// sso-connectors-live-drift (advisory, off unless `liveCheck: true`): reads the live connectors of
// every account in the desired-state file through the official SDK and reports exactly the
// findings the CLI would. When the live state cannot be read, it says it could not decide —
// never a silent pass. The API token is never part of a message.
import type { StackValidationPolicy } from '@pulumi/policy';
import { readInventories, redact } from '../../src/cloudflare';
import { isLiveEnvironment, readLiveEnvironment } from '../../src/cloudflare/live-environment';
import { evaluate } from '../../src/engine';
import { ALL_RULES } from '../../src/rules';
import type { FindingKind } from '../../src/core/types';
import { configProblems, DESIRED_STATE_SCHEMA, todayUtc } from '../context';
import { policyMetadata } from '../metadata';
import { accountNamed } from '../names';
import { prepare, reportFindings, violate } from '../runner';

export const LIVE_CHECK_ENV = 'CF_SSO_GUARD_LIVE_CHECK';
const NAME = 'sso-connectors-live-drift';
/** Every rule: the live check reports exactly what `cf-sso-guard check` does. */
const KINDS: readonly FindingKind[] = ALL_RULES.map((rule) => rule.kind);

export const liveDriftPolicy: StackValidationPolicy = {
  name: NAME,
  displayName: 'Live SSO connectors match the desired-state file',
  description:
    'Reads the live SSO connectors of every account in the desired-state file through the Cloudflare API ' +
    '(CLOUDFLARE_API_TOKEN, CLOUDFLARE_BASE_URL) and reports the same findings as `cf-sso-guard check`. Off unless liveCheck is true.',
  enforcementLevel: 'advisory',
  ...policyMetadata(NAME, KINDS),
  configSchema: {
    properties: {
      desiredState: DESIRED_STATE_SCHEMA,
      liveCheck: {
        type: 'boolean',
        default: false,
        description: `Read the live state through the Cloudflare API (needs CLOUDFLARE_API_TOKEN). Also on when ${LIVE_CHECK_ENV}=1.`,
      },
    },
  },
  validateStack: async (args, report) => {
    const envOn = process.env[LIVE_CHECK_ENV] === '1' || process.env[LIVE_CHECK_ENV] === 'true';
    const liveCheck = args.getConfig<{ liveCheck?: unknown }>().liveCheck;
    // An invalid config is reported even when the check is off (a misspelt liveCheck must not read as "off").
    if (liveCheck !== true && !envOn && configProblems(liveDriftPolicy, args.getConfig<Record<string, unknown>>()) === undefined) {
      args.notApplicable(`live check is off (set liveCheck: true in the policy config, or ${LIVE_CHECK_ENV}=1)`);
    }
    const prepared = prepare(liveDriftPolicy, args, report);
    if (prepared === undefined) return;
    const { desired } = prepared;

    // The CLI's reader of the same variables: the same trimmed token, the same checks and words.
    const live = readLiveEnvironment(process.env);
    if (!isLiveEnvironment(live)) {
      violate(report, `Live check could not decide: ${live.problem}, so the live SSO connectors were not read.`);
      return;
    }
    const { apiToken } = live;
    const accountIds = [...new Set(desired.accounts.map((account) => account.id))];
    let inventories;
    try {
      inventories = await readInventories(accountIds, { apiToken, ...(live.baseURL ? { baseURL: live.baseURL } : {}) });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      violate(report, `Live check could not decide: reading the live SSO connectors failed: ${redact(detail, apiToken)}`);
      return;
    }
    for (const inventory of inventories) {
      if (inventory.status === 'ok') continue;
      violate(
        report,
        `Live check could not decide for ${accountNamed(desired, inventory.accountId)}: ` +
          `${redact(inventory.error ?? 'the account could not be read completely', apiToken)}`,
      );
    }
    const { findings } = evaluate(desired, inventories, { today: todayUtc() });
    reportFindings(report, desired, findings, { kinds: KINDS, about: 'live', scrub: (text) => redact(text, apiToken) });
  },
};
