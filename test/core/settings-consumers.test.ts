// Every consumer of a connector setting reads the table (src/core/settings.ts): for each boolean row,
// a value set for that setting alone travels through each layer under that row's own names (YAML,
// API, Terraform, Pulumi), and the settings left unset stay out. A consumer that spelled its settings
// would miss a row, or carry a row's value under another row's name.
import { describe, expect, it } from 'vitest';
import { BOOLEAN_SETTINGS, CONNECTOR_SETTINGS, type BooleanSettingRow } from '../../src/core/settings';
import type { AccountInventory, ObservedConnector } from '../../src/core/types';
import { parseConnector } from '../../src/cloudflare/envelope';
import { parseSnapshot, snapshotFromInventories } from '../../src/cloudflare/snapshot';
import { parseDesiredState } from '../../src/desired';
import { generateSeed, validateSeed } from '../../src/emulator';
import { desiredYamlFromInventories } from '../../src/cli/commands/init';
import { parseTerraformPlan, terraformImportFor } from '../../src/terraform';
import { planConnectors, providerDefaultWarnings, pulumiInputs } from '../../src/pulumi/plan';
import { observeConnector } from '../../policies/observe';

const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353';
const ID = 'acade23a639dbf4bec9b765339c9c326';

/** A live connector with only `row` set (to true) among the boolean settings. */
function liveWith(row: BooleanSettingRow): ObservedConnector {
  return { accountId: ACCOUNT, id: ID, emailDomain: 'example.com', [row.key]: true };
}

const others = (row: BooleanSettingRow) => BOOLEAN_SETTINGS.filter((other) => other !== row);

describe.each(BOOLEAN_SETTINGS.map((row) => [row.key, row] as const))('the boolean setting %s', (_key, row) => {
  it('is read from the API under its API name, and from a snapshot', () => {
    const parsed = parseConnector(ACCOUNT, { id: ID, email_domain: 'example.com', [row.api]: true }, 0);
    expect(parsed).toEqual(liveWith(row));
    expect(parseConnector(ACCOUNT, { id: ID, email_domain: 'example.com', [row.api]: 'yes' }, 0)).toContain(`${row.api} is`);

    const inventory: AccountInventory = { accountId: ACCOUNT, status: 'ok', connectors: [liveWith(row)], fetchedAt: '2026-12-05T10:00:00.000Z', pagesFetched: 1 };
    const snapshot = snapshotFromInventories([inventory], { toolVersion: '0.0.0', source: 'http://127.0.0.1:1/client/v4', recordedAt: '2026-12-05T10:00:00.000Z' });
    expect(parseSnapshot(JSON.stringify(snapshot), 'snap.json').accounts[0].connectors).toEqual([liveWith(row)]);
  });

  it('is declared in the desired-state file under its YAML name, and written there by init', () => {
    const yaml = `version: 1\naccounts:\n  - id: ${ACCOUNT}\n    connectors:\n      - email_domain: example.com\n        ${row.yaml}: true\n`;
    const [connector] = parseDesiredState(yaml, 'x.yaml').accounts[0].connectors;
    expect(connector[row.key]).toBe(true);
    for (const other of others(row)) expect(connector).not.toHaveProperty(other.key);

    const inventory: AccountInventory = { accountId: ACCOUNT, status: 'ok', connectors: [liveWith(row)], fetchedAt: '', pagesFetched: 1 };
    const written = desiredYamlFromInventories([inventory], '2026-12-05T10:00:00.000Z').text;
    expect(written).toContain(`${row.yaml}: true`);
    const [roundTripped] = parseDesiredState(written, 'init.yaml').accounts[0].connectors;
    expect(roundTripped[row.key]).toBe(true);
  });

  it('is a Terraform attribute under its Terraform name: written by init --terraform, read from a plan', () => {
    const inventory: AccountInventory = { accountId: ACCOUNT, status: 'ok', connectors: [liveWith(row)], fetchedAt: '', pagesFetched: 1 };
    const hcl = terraformImportFor([inventory], '2026-12-05T10:00:00.000Z', '0.0.0').text;
    expect(hcl).toMatch(new RegExp(`^  ${row.terraform} += true$`, 'm'));
    for (const other of others(row)) expect(hcl).not.toMatch(new RegExp(`^  ${other.terraform} `, 'm'));

    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'cloudflare_sso_connector.example',
          mode: 'managed',
          type: 'cloudflare_sso_connector',
          name: 'example',
          change: { actions: ['create'], before: null, after: { account_id: ACCOUNT, email_domain: 'example.com', [row.terraform]: true }, after_unknown: {}, after_sensitive: {} },
        },
      ],
    };
    const [planned] = parseTerraformPlan(JSON.stringify(plan)).connectors;
    expect(planned[row.key]).toEqual({ value: true });
    for (const other of others(row)) expect(planned[other.key]).toEqual({ missing: 'not_set_by_plan' });
  });

  it('is a cloudflare.SsoConnector input under its Pulumi name: planned, warned about when omitted, observed by the pack', () => {
    const yaml = `version: 1\naccounts:\n  - id: ${ACCOUNT}\n    connectors:\n      - email_domain: example.com\n        ${row.yaml}: true\n`;
    const [plan] = planConnectors(parseDesiredState(yaml, 'x.yaml'));
    expect(pulumiInputs(plan)).toEqual({ [row.pulumi]: true });
    const warnings = providerDefaultWarnings(plan);
    expect(warnings.map((warning) => /: (\w+) is not declared/.exec(warning)?.[1])).toEqual(others(row).map((other) => other.yaml));

    const observation = observeConnector({ urn: 'urn', name: 'sso', props: { accountId: ACCOUNT, emailDomain: 'example.com', [row.pulumi]: true } });
    expect(observation[row.key]).toEqual({ state: 'known', value: true });
    for (const other of others(row)) expect(observation[other.key]).toEqual({ state: 'unset' });
  });

  it('is an emulator seed field under its API name', () => {
    const seed = generateSeed({ accounts: 1, connectorsPerAccount: 1 });
    const [connector] = Object.values(seed.accounts)[0].connectors;
    expect(typeof connector[row.api]).toBe('boolean');
    const broken = structuredClone(seed);
    const [brokenConnector] = Object.values(broken.accounts)[0].connectors as unknown as Array<Record<string, unknown>>;
    delete brokenConnector[row.api];
    expect(() => validateSeed(broken)).toThrow(new RegExp(`\\.${row.api} must be true or false`));
  });
});

describe('the settings table', () => {
  it('names every setting once in each vocabulary', () => {
    for (const column of ['key', 'yaml', 'api', 'kind'] as const) {
      const names = CONNECTOR_SETTINGS.map((row) => row[column]);
      expect(new Set(names).size, column).toBe(names.length);
    }
  });
});
