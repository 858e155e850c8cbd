// The connector settings a desired-state file can declare, one row each: the one place that names them.
// Every layer that speaks of a setting reads this table instead of spelling the setting itself: the
// desired-state schema builder and loader, the rules, the API reader, `init`, the Pulumi program and
// component, the policy pack, the Terraform plan reader and the report formats. Add a setting by adding
// a row here and its rule in src/rules/.
// It imports nothing: core/types.ts types the data model's settings from it.

/** How a setting's value is written: a boolean (`enabled: true`), or a list of accepted verification statuses. */
export type SettingType = 'boolean' | 'verification';

export interface ConnectorSetting {
  /** The key in the data model (DesiredConnector, ObservedConnector, the JSON report's `observed`). */
  key: string;
  /** The key in the desired-state YAML, and the property a report's checks name. */
  yaml: string;
  /** The field of a connector in Cloudflare's API (the list call's result items). */
  api: string;
  /** The input of `cloudflare.SsoConnector` (Pulumi); absent when a program cannot set it. */
  pulumi?: string;
  /** The attribute of the `cloudflare_sso_connector` resource (Terraform, OpenTofu); absent when not settable. */
  terraform?: string;
  type: SettingType;
  /** The finding kind (a FindingKind of core/types.ts) of the rule that compares it. */
  kind: string;
  /**
   * The value the providers give a connector whose program or configuration leaves the setting unset;
   * undefined when the provider does not say (then an unset value cannot be judged before apply).
   */
  providerDefault?: boolean;
}

export const CONNECTOR_SETTINGS = [
  { key: 'enabled', yaml: 'enabled', api: 'enabled', pulumi: 'enabled', terraform: 'enabled', type: 'boolean', kind: 'enabled_mismatch' },
  { key: 'verification', yaml: 'verification', api: 'verification', type: 'verification', kind: 'verification_mismatch' },
  {
    key: 'useFedrampLanguage',
    yaml: 'use_fedramp_language',
    api: 'use_fedramp_language',
    pulumi: 'useFedrampLanguage',
    terraform: 'use_fedramp_language',
    type: 'boolean',
    kind: 'fedramp_mismatch',
  },
] as const satisfies readonly ConnectorSetting[];

export type SettingRow = (typeof CONNECTOR_SETTINGS)[number];
/** The data-model keys of the boolean settings (`enabled`, …). */
export type BooleanSettingKey = Extract<SettingRow, { type: 'boolean' }>['key'];
export type SettingKey = SettingRow['key'];

export const BOOLEAN_SETTINGS = CONNECTOR_SETTINGS.filter((row): row is Extract<SettingRow, { type: 'boolean' }> => row.type === 'boolean');

/** A setting by its data-model key. */
export function settingOf<K extends SettingKey>(key: K): Extract<SettingRow, { key: K }> {
  return CONNECTOR_SETTINGS.find((row) => row.key === key) as Extract<SettingRow, { key: K }>;
}
