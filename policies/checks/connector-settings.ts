// sso-connector-settings: `enabled` and `use_fedramp_language` of each cloudflare.SsoConnector
// match the desired-state file (a field the file omits is not checked).
import { SsoConnector } from '@pulumi/cloudflare';
import { validateResourceOfType, type ResourceValidationPolicy } from '@pulumi/policy';
import { DESIRED_STATE_SCHEMA, loadDesired, todayUtc, type PolicySettings } from '../context';
import { judge } from '../judge';
import { observeConnector, place } from '../observe';
import { describeStackFinding, describeUnchecked, isAdvisoryFinding, reportUnusableDesiredState, violate } from '../wording';

export const connectorSettingsPolicy: ResourceValidationPolicy = {
  name: 'sso-connector-settings',
  displayName: 'SSO connector settings match the desired-state file',
  description:
    'enabled and use_fedramp_language of each cloudflare.SsoConnector must match its declaration in the desired-state file.',
  configSchema: { properties: { desiredState: DESIRED_STATE_SCHEMA } },
  validateResource: validateResourceOfType(SsoConnector, (_props, args, report) => {
    const load = loadDesired(args.getConfig<PolicySettings>());
    if (!load.ok) return reportUnusableDesiredState(report, load, args.urn);
    const { desired } = load;
    // Undeclared or unplaceable connectors are sso-connector-declared's to report.
    const placed = place(observeConnector(args));
    if (placed === undefined) return;
    const { findings, unchecked } = judge(desired, [placed], {
      accountIds: [placed.accountId],
      fields: ['enabled', 'useFedrampLanguage'],
      today: todayUtc(),
    });
    for (const finding of findings) {
      if (finding.connectorId !== args.urn || (finding.kind !== 'enabled_mismatch' && finding.kind !== 'fedramp_mismatch')) continue;
      violate(report, describeStackFinding(desired, finding), { urn: args.urn, downgrade: isAdvisoryFinding(finding) });
    }
    for (const item of unchecked) {
      violate(report, describeUnchecked(desired, item), { urn: args.urn, downgrade: item.reading.state === 'unknown' });
    }
  }),
};
