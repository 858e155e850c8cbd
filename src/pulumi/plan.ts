// What the Pulumi program declares, as data: one planned connector per connector the desired-state
// file declares present, with its stable resource name. Pure (no @pulumi import), so the CLI can
// name resources exactly as the program does (init --pulumi-import) without loading Pulumi.
import { normaliseDomain } from '../core/domain';
import { BOOLEAN_SETTINGS } from '../core/settings';
import { formatLocation } from '../core/location';
import type { BooleanSettings, DesiredAccount, DesiredState, SourceLocation } from '../core/types';

/** The file cannot be planned (two entries, one resource name); a user mistake, said with file:line:column. */
export class PlanError extends Error {
  override name = 'PlanError';
}

/** The settings a program can set on cloudflare.SsoConnector (the table's with a Pulumi input). */
const PULUMI_SETTINGS = BOOLEAN_SETTINGS.filter((row) => row.pulumi !== undefined);
type PulumiInput = (typeof PULUMI_SETTINGS)[number]['pulumi'];

/** The boolean settings (src/core/settings.ts): only what the file declares; an omitted one takes the provider's default. */
export interface PlannedConnector extends BooleanSettings {
  /** Stable Pulumi resource name: `sso-<account name or first 8 of id>-<domain, dots as dashes>`. */
  resourceName: string;
  accountId: string;
  accountName?: string;
  emailDomain: string;
  location: SourceLocation;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
}

export function resourceNameFor(account: Pick<DesiredAccount, 'id' | 'name'>, emailDomain: string): string {
  const accountPart = (account.name !== undefined && slug(account.name)) || account.id.slice(0, 8);
  // The domain keeps its dashes as they are (punycode `xn--` stays recognisable); dots become dashes.
  const domainPart = normaliseDomain(emailDomain).replace(/[^a-z0-9-]/g, '-');
  return `sso-${accountPart}-${domainPart}`;
}

/** The boolean settings a connector declares, in the table's order, by their model key or Pulumi input name. */
function declared(connector: BooleanSettings, name: 'key' | 'pulumi'): Record<string, boolean> {
  const entries: Array<[string, boolean]> = [];
  for (const row of PULUMI_SETTINGS) {
    const value = connector[row.key];
    if (value !== undefined) entries.push([row[name], value]);
  }
  return Object.fromEntries(entries);
}

/** The cloudflare.SsoConnector inputs for the settings a planned connector declares. */
export function pulumiInputs(plan: PlannedConnector): Partial<Record<PulumiInput, boolean>> {
  return declared(plan, 'pulumi');
}

/** What the program will declare. Throws a PlanError when two entries would share a resource name or pair. */
export function planConnectors(desired: DesiredState): PlannedConnector[] {
  const planned: PlannedConnector[] = [];
  const byName = new Map<string, PlannedConnector>();
  const byPair = new Map<string, PlannedConnector>();
  for (const account of desired.accounts) {
    for (const connector of account.connectors) {
      if (connector.state !== 'present') continue;
      const emailDomain = normaliseDomain(connector.emailDomain);
      const plan: PlannedConnector = {
        resourceName: resourceNameFor(account, emailDomain),
        accountId: account.id,
        ...(account.name !== undefined ? { accountName: account.name } : {}),
        emailDomain,
        ...declared(connector, 'key'),
        location: connector.location,
      };
      const pairKey = `${account.id}\u0000${emailDomain}`;
      const samePair = byPair.get(pairKey);
      if (samePair !== undefined) {
        throw new PlanError(
          `${formatLocation(connector.location)}: email_domain ${emailDomain} is declared twice for account ${account.id} (first at ${formatLocation(samePair.location)}).`,
        );
      }
      const sameName = byName.get(plan.resourceName);
      if (sameName !== undefined) {
        throw new PlanError(
          `${formatLocation(connector.location)} and ${formatLocation(sameName.location)} would both become the Pulumi resource "${plan.resourceName}"; ` +
            'give the accounts distinct names in the desired-state file.',
        );
      }
      byPair.set(pairKey, plan);
      byName.set(plan.resourceName, plan);
      planned.push(plan);
    }
  }
  return planned;
}


/**
 * What each connector takes from the provider because the file omits it. On a connector that
 * exists already (imported), the provider's default replaces the live value on the next update.
 */
export function providerDefaultWarnings(plan: PlannedConnector): string[] {
  const where = formatLocation(plan.location);
  return PULUMI_SETTINGS.filter((row) => plan[row.key] === undefined)
    .map((row) => {
      const key = row.yaml;
      const fallback = row.providerDefault === undefined ? 'none: it plans the setting as unset' : String(row.providerDefault);
      return (
        `${where}: ${key} is not declared for email_domain ${plan.emailDomain}, so cloudflare.SsoConnector ` +
        `"${plan.resourceName}" does not set it and takes the Cloudflare provider's default (${fallback}); a connector ` +
        `whose live value differs (one brought in with pulumi import, say) is changed on the next update. ` +
        `Declare ${key} (cf-sso-guard init writes the live value).`
      );
    });
}
