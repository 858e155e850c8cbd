// The Pulumi program's one job: one cloudflare.SsoConnector per connector the desired-state file
// declares present, with stable resource names, so the YAML is the single source of truth for
// creating connectors, for the policy pack in preview, and for the CLI's drift check.
import * as cloudflare from '@pulumi/cloudflare';
import * as pulumi from '@pulumi/pulumi';
import { normaliseDomain } from '../rules/domain';
import type { DesiredAccount, DesiredState, SourceLocation } from '../types';

export interface PlannedConnector {
  /** Stable Pulumi resource name: `sso-<account name or first 8 of id>-<domain, dots as dashes>`. */
  resourceName: string;
  accountId: string;
  accountName?: string;
  emailDomain: string;
  /** Only what the file declares; an omitted field is left to Cloudflare (and not checked). */
  enabled?: boolean;
  useFedrampLanguage?: boolean;
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

function at(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** Pure: what the program will declare. Throws a RunError when two entries would share a resource name. */
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
        ...(connector.enabled !== undefined ? { enabled: connector.enabled } : {}),
        ...(connector.useFedrampLanguage !== undefined ? { useFedrampLanguage: connector.useFedrampLanguage } : {}),
        location: connector.location,
      };
      const pairKey = `${account.id}\u0000${emailDomain}`;
      const samePair = byPair.get(pairKey);
      if (samePair !== undefined) {
        throw new pulumi.RunError(
          `${at(connector.location)}: email_domain ${emailDomain} is declared twice for account ${account.id} (first at ${at(samePair.location)}).`,
        );
      }
      const sameName = byName.get(plan.resourceName);
      if (sameName !== undefined) {
        throw new pulumi.RunError(
          `${at(connector.location)} and ${at(sameName.location)} would both become the Pulumi resource "${plan.resourceName}"; ` +
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

export interface DeclaredConnector {
  plan: PlannedConnector;
  resource: cloudflare.SsoConnector;
}

export function declareConnectors(desired: DesiredState, opts?: pulumi.CustomResourceOptions): DeclaredConnector[] {
  return planConnectors(desired).map((plan) => ({
    plan,
    resource: new cloudflare.SsoConnector(
      plan.resourceName,
      {
        accountId: plan.accountId,
        emailDomain: plan.emailDomain,
        ...(plan.enabled !== undefined ? { enabled: plan.enabled } : {}),
        ...(plan.useFedrampLanguage !== undefined ? { useFedrampLanguage: plan.useFedrampLanguage } : {}),
        // Start DNS verification on creation; the TXT value appears in the `verification.code` output.
        beginVerification: true,
      },
      opts,
    ),
  }));
}
