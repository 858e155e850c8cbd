// The shared check behind the boolean-setting rules (enabled, use_fedramp_language): the rules
// differ in metadata and the field they read, not in how they compare or word a finding.
import type { DesiredConnector, ObservedConnector } from '../core/types';
import { yesNo } from '../core/describe';
import { ruleFinding } from './message';
import { NO_FINDINGS, type MatchedPair, type RuleFinding, type RuleMeta } from './rule';

export interface BooleanSetting {
  /** The key as the YAML and the API spell it. */
  key: 'enabled' | 'use_fedramp_language';
  declared(connector: DesiredConnector): boolean | undefined;
  /** Undefined when the API did not report the field (CFSSO010 reports that). */
  live(connector: ObservedConnector): boolean | undefined;
  /** The first words of the remediation, e.g. "Enable the connector". */
  fix(expected: boolean): string;
}

/** The words both boolean-setting rules use; `{{key}}` is the setting as the YAML spells it. */
export const BOOLEAN_SETTING_MESSAGES = {
  differs: 'email_domain {{domain}}: {{key}} is {{actual}}, expected {{expected}} (connector {{connector}}).',
  set:
    '{{fix}} (dashboard or PATCH /accounts/{{accountId}}/sso_connectors/{{connector}} ' +
    'with {"{{key}}": {{expected}}}), or change {{key}} in {{file}}.',
} as const;

/** How the policy pack says it; `{{key}}` is filled by each rule with its setting. */
export const BOOLEAN_SETTING_STACK_MESSAGE = '{{who}}: {{key}} is {{actual}} in {{resource}}, but {{where}} expects {{expected}}.';

/** With duplicates, every live connector of the domain is compared (one finding each). */
export function checkBooleanSetting(rule: RuleMeta, setting: BooleanSetting, pair: MatchedPair): readonly RuleFinding[] {
  const { desired, observed, account } = pair;
  if (desired === undefined || desired.state !== 'present') return NO_FINDINGS;
  const expected = setting.declared(desired);
  if (expected === undefined) return NO_FINDINGS;
  let findings: RuleFinding[] | undefined; // made on the first finding (most connectors have none)
  for (const connector of observed) {
    const live = setting.live(connector);
    // Not reported by the API: CFSSO010 says the check could not be made.
    if (live === undefined || live === expected) continue;
    (findings ??= []).push(
      ruleFinding(rule, account, {
        message: 'differs',
        remediation: 'set',
        data: {
          domain: pair.emailDomain,
          key: setting.key,
          actual: yesNo(live),
          expected: yesNo(expected),
          connector: connector.id,
          fix: setting.fix(expected),
          accountId: pair.accountId,
          file: desired.location.file,
        },
        accountId: pair.accountId,
        emailDomain: pair.emailDomain,
        connectorId: connector.id,
        expected: yesNo(expected),
        actual: yesNo(live),
        location: desired.location,
      }),
    );
  }
  return findings ?? NO_FINDINGS;
}
