// The one check behind every boolean-setting rule: the rules differ in
// their row of the settings table (src/core/settings.ts) and their metadata, not in how they compare.
import type { BooleanSettingRow } from '../core/settings';
import { yesNo } from '../core/describe';
import type { MatchedPair, RuleCheck } from './rule';

/** The words every boolean-setting rule uses; `{{key}}` is the setting as the YAML spells it. */
export const BOOLEAN_SETTING_MESSAGES = {
  differs: 'email_domain {{domain}}: {{key}} is {{actual}}, expected {{expected}} (connector {{connector}}).',
  set:
    '{{fix}} (dashboard or PATCH /accounts/{{accountId}}/sso_connectors/{{connector}} ' +
    'with {"{{key}}": {{expected}}}), or change {{key}} in {{file}}.',
} as const;

export type BooleanSettingMessage = keyof typeof BOOLEAN_SETTING_MESSAGES;

/** How the policy pack says it, for the setting `key` (as the YAML spells it). */
export function booleanSettingStackMessage(key: string): string {
  return `{{who}}: ${key} is {{actual}} in {{resource}}, but {{where}} expects {{expected}}.`;
}

/**
 * The checks of one boolean setting (its row of the settings table) for a pair declared present that
 * declares it: one per live connector (with duplicates, each is compared); not_checked when the account
 * was not read; no check when the file does not declare the setting or no connector is live (CFSSO001
 * says it is missing).
 * `fix` gives the first words of the remediation, e.g. "Enable the connector".
 */
export function checkBooleanSetting(
  setting: BooleanSettingRow,
  pair: MatchedPair,
  fix: (expected: boolean) => string,
): RuleCheck<BooleanSettingMessage>[] {
  const { desired } = pair;
  if (desired === undefined || desired.state !== 'present') return [];
  const { key, yaml: property } = setting;
  const declared = desired[key];
  if (declared === undefined) return [];
  const expected = yesNo(declared);
  const { location } = desired;
  if (!pair.read) return [{ property, result: 'not_checked', expected, location }];
  return pair.observed.map((connector): RuleCheck<BooleanSettingMessage> => {
    const live = connector[key];
    const connectorId = connector.id;
    if (live === undefined) {
      return { property, result: 'unverifiable', expected, connectorId, location, unknown: { field: property, reason: connector.unknown?.[key] } };
    }
    const actual = yesNo(live);
    if (live === declared) return { property, result: 'pass', expected, actual, connectorId, location };
    return {
      property,
      result: 'fail',
      expected,
      actual,
      connectorId,
      location,
      message: {
        id: 'differs',
        remediation: 'set',
        data: { domain: pair.emailDomain, key: property, actual, expected, connector: connectorId, fix: fix(declared), accountId: pair.accountId, file: location.file },
      },
    };
  });
}
