// The connector settings a desired-state file can declare, one row each: the one place that names them.
// Every layer that speaks of a setting reads this table instead of spelling the setting itself: the
// desired-state schema builder and loader, the rules, the API reader, `init`, the Pulumi program and
// component, the policy pack, the Terraform plan reader, the emulator and the report formats. Add a
// setting by adding a row here and its rule in src/rules/ (then `UPDATE_SCHEMA=1 npx vitest run
// test/desired/schema-settings.test.ts` writes its properties into schemas/desired-state.schema.json).
//
// Checked against Cloudflare's API description (the list call's `iam_sso_connector`; the create call
// takes `use_fedramp_language`, the update call both booleans), @pulumi/cloudflare 6.x `SsoConnectorArgs`
// and the Terraform provider's `cloudflare_sso_connector` schema (v5: `enabled` optional without a
// default; `use_fedramp_language` optional and computed, default false; `verification` computed only).
// It imports nothing: core/types.ts types the data model's settings from it (an import back would be a cycle).

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
  /** Whether the API's create call takes it (a boolean the create call does not take starts false). */
  setOnCreate?: boolean;
  /** What the desired-state schema says of a boolean setting (verification's schema is its definition). */
  description?: string;
}

export const CONNECTOR_SETTINGS = [
  {
    key: 'enabled',
    yaml: 'enabled',
    api: 'enabled',
    pulumi: 'enabled',
    terraform: 'enabled',
    type: 'boolean',
    kind: 'enabled_mismatch',
    setOnCreate: false,
    description: 'Whether the connector must be enabled.',
  },
  { key: 'verification', yaml: 'verification', api: 'verification', type: 'verification', kind: 'verification_mismatch' },
  {
    key: 'useFedrampLanguage',
    yaml: 'use_fedramp_language',
    api: 'use_fedramp_language',
    pulumi: 'useFedrampLanguage',
    terraform: 'use_fedramp_language',
    type: 'boolean',
    kind: 'fedramp_mismatch',
    providerDefault: false,
    setOnCreate: true,
    description: 'Whether FedRAMP language is shown at SSO login.',
  },
] as const satisfies readonly ConnectorSetting[];

/** A row with its literal names, and the optional columns it leaves out (as undefined). */
export type SettingRow = (typeof CONNECTOR_SETTINGS)[number] & ConnectorSetting;
export type BooleanSettingRow = Extract<SettingRow, { type: 'boolean' }>;
/** The data-model keys of the boolean settings (`enabled`, …). */
export type BooleanSettingKey = BooleanSettingRow['key'];
export type SettingKey = SettingRow['key'];
/** The YAML keys of the settings, which are also the properties a report's checks name. */
export type SettingYamlKey = SettingRow['yaml'];
/** The API fields of the boolean settings. */
export type BooleanSettingApiKey = BooleanSettingRow['api'];
/** The Terraform attributes of the boolean settings. */
export type BooleanSettingTerraformKey = BooleanSettingRow['terraform'];

export const BOOLEAN_SETTINGS: readonly BooleanSettingRow[] = CONNECTOR_SETTINGS.filter((row): row is BooleanSettingRow => row.type === 'boolean');

/** A setting by its data-model key. */
export function settingOf<K extends SettingKey>(key: K): Extract<SettingRow, { key: K }> {
  return CONNECTOR_SETTINGS.find((row) => row.key === key) as Extract<SettingRow, { key: K }>;
}

/** A setting's observed value as reports show it: a boolean, or the verification status as served. */
export function observedSetting(
  row: SettingRow,
  observed: { [K in BooleanSettingKey]?: boolean } & { verification?: { status?: string } },
): boolean | string | undefined {
  return row.type === 'boolean' ? observed[row.key] : observed.verification?.status;
}
