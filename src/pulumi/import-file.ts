// A Pulumi bulk-import file (`pulumi import --file FILE`) for the live connectors the program will
// declare: the same resource names the program gives them (one naming function, ./plan) and the
// provider's import id `<account_id>/<connector_id>`. Pure: data in, data out.
import { normaliseDomain } from '../core/domain';
import type { AccountInventory, DesiredState, ObservedConnector } from '../core/types';
import { planConnectors } from './plan';

export const SSO_CONNECTOR_TYPE = 'cloudflare:index/ssoConnector:SsoConnector';

export interface PulumiImportFile {
  resources: Array<{ type: string; name: string; id: string }>;
}

export interface PulumiImport {
  file: PulumiImportFile;
  /** Live connectors left out, and why (a second connector for one email domain). */
  skipped: string[];
}

/**
 * One entry per connector the desired state declares present that exists live in the given
 * inventories. With more than one live connector for a domain, the first in the inventory is
 * imported (the one `init` describes in the file) and the others are named in `skipped`: one
 * resource name can hold only one connector.
 * Throws PlanError when the desired state cannot be planned (two entries, one resource name).
 */
export function pulumiImportFor(desired: DesiredState, inventories: readonly AccountInventory[]): PulumiImport {
  const live = new Map<string, ObservedConnector[]>();
  for (const inventory of inventories) {
    for (const connector of inventory.connectors) {
      const key = `${inventory.accountId}\u0000${normaliseDomain(connector.emailDomain)}`;
      live.set(key, [...(live.get(key) ?? []), connector]);
    }
  }
  const resources: PulumiImportFile['resources'] = [];
  const skipped: string[] = [];
  for (const plan of planConnectors(desired)) {
    const found = live.get(`${plan.accountId}\u0000${plan.emailDomain}`) ?? [];
    if (found.length === 0) continue;
    resources.push({ type: SSO_CONNECTOR_TYPE, name: plan.resourceName, id: `${plan.accountId}/${found[0].id}` });
    for (const extra of found.slice(1)) {
      skipped.push(
        `account ${plan.accountId}: connector ${extra.id} is a second connector for email_domain ${plan.emailDomain}; ` +
          `only ${found[0].id} is imported as "${plan.resourceName}"`,
      );
    }
  }
  return { file: { resources }, skipped };
}
