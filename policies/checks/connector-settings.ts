// sso-connector-settings: the boolean settings (src/core/settings.ts: `enabled`, …) of each
// cloudflare.SsoConnector match the desired-state file (a field the file omits is not checked). At the
// `remediate` enforcement level it sets them to the file's values before deployment instead.
import { SsoConnector } from '@pulumi/cloudflare';
import { remediateResourceOfType, validateResourceOfType, type ResourceValidationPolicy } from '@pulumi/policy';
import { cleanText } from '../../src/core/text';
import { BOOLEAN_SETTINGS, settingOf, type BooleanSettingKey } from '../../src/core/settings';
import type { DesiredState, FindingKind, SourceLocation } from '../../src/core/types';
import { configProblems, DESIRED_STATE_SCHEMA, loadDesired, todayUtc, type PolicySettings } from '../context';
import { describeUnchecked, judge } from '../judge';
import { kindsOfPolicy } from '../../src/rules';
import { policyMetadata } from '../metadata';
import { observeConnector, place, type Field, type PlacedConnector } from '../observe';
import { accountNamed, at } from '../names';
import { prepare, reportFindings, violate } from '../runner';

const NAME = 'sso-connector-settings';
/** The rules that name this policy as theirs (`policy` in src/rules). */
const KINDS: readonly FindingKind[] = kindsOfPolicy(NAME);
const FIELDS: readonly BooleanSettingKey[] = BOOLEAN_SETTINGS.map((row) => row.key);

type Setting = BooleanSettingKey;
const SETTING_OF: Partial<Record<FindingKind, Setting>> = Object.fromEntries(BOOLEAN_SETTINGS.map((row) => [row.kind, row.key]));

export interface SettingChange {
  setting: Setting;
  /** What the resource had: a wrong value, or nothing (the provider's default would apply). */
  from: Extract<Field<boolean>, { state: 'known' | 'unset' }>;
  to: boolean;
  location: SourceLocation;
}

/**
 * What remediation changes on one connector: each declared setting whose value is known and wrong
 * (an unwaived finding), or not set at all. Unknown values (preview) and values of the wrong type
 * are left alone: the validation says it could not check them.
 */
export function settingChanges(desired: DesiredState, placed: PlacedConnector): SettingChange[] {
  const { findings, unchecked } = judge(desired, [placed], {
    accountIds: [placed.accountId],
    fields: FIELDS,
    today: todayUtc(),
    declarations: 'observed',
  });
  const changes: SettingChange[] = [];
  for (const finding of findings) {
    const setting = SETTING_OF[finding.kind];
    if (setting === undefined || finding.waived || finding.connectorId !== placed.observation.urn || finding.location === undefined) continue;
    const reading = placed.observation[setting];
    if (reading.state !== 'known') continue;
    changes.push({ setting, from: reading, to: !reading.value, location: finding.location });
  }
  for (const item of unchecked) {
    if (item.reading.state !== 'unset' || item.field === 'verification') continue;
    const to = item.desired[item.field];
    if (to === undefined) continue;
    changes.push({ setting: item.field, from: { state: 'unset' }, to, location: item.desired.location });
  }
  return changes;
}

function describeChanges(desired: DesiredState, placed: PlacedConnector, changes: readonly SettingChange[]): string {
  const parts = changes.map(
    (change) => `${change.setting} ${change.from.state === 'known' ? String(change.from.value) : '(not set)'} -> ${String(change.to)} (${at(change.location)})`,
  );
  // Names and domains come from the program and the desired-state file: one inert line on stderr.
  const line =
    `${NAME} remediated cloudflare.SsoConnector ${JSON.stringify(placed.observation.name)} ` +
    `(${accountNamed(desired, placed.accountId)}: email_domain ${placed.emailDomain}): ${parts.join(', ')}.`;
  return `${cleanText(line)}\n`;
}

export const connectorSettingsPolicy: ResourceValidationPolicy = {
  name: NAME,
  displayName: 'SSO connector settings match the desired-state file',
  description:
    `${BOOLEAN_SETTINGS.map((row) => row.yaml).join(' and ')} of each cloudflare.SsoConnector must match its declaration in the desired-state file. ` +
    'At enforcementLevel remediate, the policy sets them to the declared values before deployment.',
  ...policyMetadata(NAME, KINDS),
  configSchema: { properties: { desiredState: DESIRED_STATE_SCHEMA } },
  validateResource: validateResourceOfType(SsoConnector, (_props, args, report) => {
    const prepared = prepare(connectorSettingsPolicy, args, report, args.urn);
    if (prepared === undefined) return;
    const { desired } = prepared;
    // Undeclared or unplaceable connectors are sso-connector-declared's to report.
    const placed = place(observeConnector(args));
    if (placed === undefined) return;
    const { findings, unchecked } = judge(desired, [placed], {
      accountIds: [placed.accountId],
      fields: FIELDS,
      today: todayUtc(),
      declarations: 'observed',
    });
    reportFindings(report, desired, findings, { kinds: KINDS, resourceUrn: args.urn });
    for (const item of unchecked) {
      violate(report, describeUnchecked(desired, item), { urn: args.urn, downgrade: item.reading.state === 'unknown' });
    }
  }),
  // Runs only at enforcementLevel remediate, before validation. Nothing to report from here: with an
  // invalid config or an unusable file it changes nothing, and the validation that follows fails closed.
  remediateResource: remediateResourceOfType(SsoConnector, (props, args) => {
    const config = args.getConfig<Record<string, unknown>>();
    if (configProblems(connectorSettingsPolicy, config) !== undefined) return undefined;
    const load = loadDesired(config as PolicySettings);
    if (!load.ok) return undefined;
    const placed = place(observeConnector(args));
    if (placed === undefined) return undefined;
    const changes = settingChanges(load.desired, placed);
    if (changes.length === 0) return undefined;
    // props is @pulumi/policy's proxy over the resource inputs: assigning through it keeps the
    // other inputs as they are (unknowns and secrets included) when the SDK serialises it back.
    for (const change of changes) props[settingOf(change.setting).pulumi] = change.to;
    // The engine reports the remediation itself (policy, inputs before and after); this line says
    // why, with the declaration's file:line:column. The Pulumi CLI shows an analyzer's stderr with
    // the preview's diagnostics.
    process.stderr.write(describeChanges(load.desired, placed, changes));
    return props;
  }),
};
