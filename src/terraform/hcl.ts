// `init --terraform FILE.tf`: Terraform (or OpenTofu 1.7+) configuration that adopts the live
// connectors: one `import {}` block (id `<account_id>/<sso_connector_id>`, the provider's import id)
// and one matching `resource` block per live connector, whose arguments reproduce the live settings so
// the first plan shows imports and no changes. Pure: inventories in, text out.
import type { AccountInventory, ObservedConnector } from '../core/types';
import { compareText } from '../core/order';
import { BOOLEAN_SETTINGS } from '../core/settings';
import { CONNECTOR_TYPE } from './plan';

export interface TerraformImport {
  text: string;
  /** Resource names, in the order written (one per live connector). */
  names: string[];
}

/** Terraform's identifier rule: a letter or underscore first, then letters, digits, underscores, dashes. */
function identifier(text: string): string {
  const name = nameChars(text);
  return /^[a-z_]/.test(name) ? name : `c_${name}`;
}

function nameChars(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
}

/**
 * A stable, unique name per connector: the email domain (`example.com` -> `example_com`); where that
 * is taken by more than one connector (the same domain in several accounts, or domains that differ only
 * in punctuation), the account id's first 8 characters follow, then the connector id if still needed.
 * The same live state always gives the same names.
 */
function resourceNames(connectors: readonly ObservedConnector[]): string[] {
  const count = (names: string[]): Map<string, number> => names.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>());
  let names = connectors.map((c) => identifier(c.emailDomain));
  let seen = count(names);
  names = names.map((name, i) => ((seen.get(name) ?? 0) > 1 ? `${name}_${nameChars(connectors[i].accountId).slice(0, 8)}` : name));
  seen = count(names);
  names = names.map((name, i) => ((seen.get(name) ?? 0) > 1 ? `${name}_${nameChars(connectors[i].id)}` : name));
  return names;
}

/** An HCL quoted string: escapes, and no interpolation (`${`, `%{`) from data the API returned. */
export function hclString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{');
  return `"${escaped}"`;
}

/** Every live connector of the inventories (all read completely: the caller checks), by account, domain, id. */
export function terraformImportFor(inventories: readonly AccountInventory[], writtenAt: string, toolVersion: string): TerraformImport {
  const connectors = inventories
    .flatMap((inventory) => inventory.connectors)
    .sort((a, b) => compareText(a.accountId, b.accountId) || compareText(a.emailDomain.toLowerCase(), b.emailDomain.toLowerCase()) || compareText(a.id, b.id));
  const names = resourceNames(connectors);
  const lines = [
    `# Written by cf-sso-guard ${toolVersion} init on ${writtenAt} from the live state.`,
    '# `terraform plan` (or `tofu plan`, 1.7+) should show only imports; then apply to adopt the connectors.',
    '# begin_verification is left out on purpose: it is not read back, and setting it forces a replacement.',
  ];
  connectors.forEach((connector, i) => {
    const address = `${CONNECTOR_TYPE}.${names[i]}`;
    lines.push('', 'import {', `  to = ${address}`, `  id = ${hclString(`${connector.accountId}/${connector.id}`)}`, '}', '');
    lines.push(`resource "${CONNECTOR_TYPE}" "${names[i]}" {`);
    const args: Array<[string, string]> = [
      ['account_id', hclString(connector.accountId)],
      ['email_domain', hclString(connector.emailDomain)],
    ];
    // Only what the API reported: an absent field stays out (the provider then leaves it alone).
    for (const row of BOOLEAN_SETTINGS) {
      const value = connector[row.key];
      if (value !== undefined) args.push([row.terraform, String(value)]);
    }
    const width = Math.max(...args.map(([key]) => key.length));
    for (const [key, value] of args) lines.push(`  ${key.padEnd(width)} = ${value}`);
    lines.push('}');
  });
  return { text: `${lines.join('\n')}\n`, names };
}
