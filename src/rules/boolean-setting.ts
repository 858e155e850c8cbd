// The shared check behind the boolean-setting rules (enabled, use_fedramp_language): the rules
// differ in metadata and the field they read, not in how they compare or word a finding.
import type { DesiredConnector, ObservedConnector } from '../types';
import { accountLabel, yesNo } from './describe';
import type { MatchedPair, RuleFinding, RuleMeta } from './rule';

export interface BooleanSetting {
  /** The key as the YAML and the API spell it. */
  key: 'enabled' | 'use_fedramp_language';
  declared(connector: DesiredConnector): boolean | undefined;
  /** Undefined when the API did not report the field (CFSSO010 reports that). */
  live(connector: ObservedConnector): boolean | undefined;
  /** The first words of the remediation, e.g. "Enable the connector". */
  fix(expected: boolean): string;
}

/** With duplicates, every live connector of the domain is compared (one finding each). */
export function checkBooleanSetting(rule: RuleMeta, setting: BooleanSetting, pair: MatchedPair): RuleFinding[] {
  const { desired, observed, account } = pair;
  if (desired === undefined || desired.state !== 'present') return [];
  const expected = setting.declared(desired);
  if (expected === undefined) return [];
  return observed
    .filter((connector) => setting.live(connector) !== undefined && setting.live(connector) !== expected)
    .map((connector) => ({
      ruleId: rule.id,
      kind: rule.kind,
      severity: rule.defaultSeverity,
      accountId: pair.accountId,
      emailDomain: pair.emailDomain,
      connectorId: connector.id,
      expected: yesNo(expected),
      actual: yesNo(setting.live(connector) as boolean),
      message:
        `${accountLabel(account)}: email_domain ${pair.emailDomain}: ${setting.key} is ${yesNo(setting.live(connector) as boolean)}, ` +
        `expected ${yesNo(expected)} (connector ${connector.id}).`,
      remediation:
        `${setting.fix(expected)} (dashboard or PATCH /accounts/${pair.accountId}/sso_connectors/${connector.id} ` +
        `with {"${setting.key}": ${yesNo(expected)}}), or change ${setting.key} in ${desired.location.file}.`,
      location: desired.location,
    }));
}
