// The Pulumi program's one job: one cloudflare.SsoConnector per connector the desired-state file
// declares present, with stable resource names, so the YAML is the single source of truth for
// creating connectors, for the policy pack in preview, and for the CLI's drift check.
import * as cloudflare from '@pulumi/cloudflare';
import * as pulumi from '@pulumi/pulumi';
import type { DesiredState } from '../core/types';
import { PlanError, planConnectors as planPure, providerDefaultWarnings, pulumiInputs, type PlannedConnector } from './plan';

export { resourceNameFor, providerDefaultWarnings, type PlannedConnector } from './plan';

/** What the program will declare; a file that cannot be planned stops the program without a stack trace. */
export function planConnectors(desired: DesiredState): PlannedConnector[] {
  try {
    return planPure(desired);
  } catch (error) {
    if (error instanceof PlanError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

export interface DeclaredConnector {
  plan: PlannedConnector;
  resource: cloudflare.SsoConnector;
}

/**
 * One cloudflare.SsoConnector per planned connector (`planConnectors`). `importIds` (resource name -> provider import id
 * `<account_id>/<connector_id>`, as `cf-sso-guard init --pulumi-import` writes them) adopts existing
 * connectors instead of creating them.
 */
export function declareConnectors(plans: readonly PlannedConnector[], opts?: pulumi.CustomResourceOptions, importIds?: ReadonlyMap<string, string>): DeclaredConnector[] {
  return plans.map((plan) => {
    const importId = importIds?.get(plan.resourceName);
    const resource = new cloudflare.SsoConnector(
      plan.resourceName,
      {
        accountId: plan.accountId,
        emailDomain: plan.emailDomain,
        ...pulumiInputs(plan),
        // beginVerification is not set: the provider's default (true) starts DNS verification on
        // creation, and setting it replaces a connector brought in with `pulumi import`
        // (the provider plans a replacement when begin_verification is configured).
      },
      importId !== undefined ? { ...opts, import: importId } : opts,
    );
    // An omitted setting takes the provider's default, which would overwrite the live value of an
    // imported connector: say so on the resource, every time the program runs.
    for (const warning of providerDefaultWarnings(plan)) void pulumi.log.warn(warning, resource);
    return { plan, resource };
  });
}
