// `cf-sso-guard/pulumi`: the connectors of a desired-state file as one Pulumi component, for any
// Pulumi TypeScript/JavaScript program (`npm install cf-sso-guard @pulumi/pulumi @pulumi/cloudflare`).
// The same planning, names, provider-default warnings and import file as the repository's program.
import * as pulumi from '@pulumi/pulumi';
import type * as cloudflare from '@pulumi/cloudflare';
import { declareConnectors, planConnectors } from './connectors';
import { loadForPulumi } from './program';
import type { PulumiImportFile } from './import-file';
import type { PlannedConnector } from './plan';

// The public surface: what types/pulumi.d.ts declares (test/pulumi/public-types.ts keeps them equal).
export { providerDefaultWarnings, resourceNameFor, type PlannedConnector } from './plan';
export { SSO_CONNECTOR_TYPE, type PulumiImportFile } from './import-file';
export { DEFAULT_DESIRED_STATE_FILE, DESIRED_STATE_CONFIG_KEY, DESIRED_STATE_ENV } from './desired-path';

export const SSO_CONNECTORS_TYPE = 'cf-sso-guard:index:SsoConnectors';

export interface SsoConnectorsArgs {
  /**
   * The desired-state file: absolute, or relative to the Pulumi project directory (the one with
   * Pulumi.yaml). Default: $CF_SSO_GUARD_CONFIG, else sso-connectors.yaml.
   */
  desiredState?: string;
  /**
   * Existing connectors to adopt instead of create: the file `cf-sso-guard init --pulumi-import FILE`
   * writes (resource names and `<account_id>/<connector_id>` ids), or a map from resource name to id.
   * Adopted on the next `pulumi up`; remove it afterwards, as with Pulumi's `import` resource option.
   */
  import?: PulumiImportFile | Record<string, string>;
}

export interface ManagedConnector {
  resourceName: string;
  accountId: string;
  account: string;
  emailDomain: string;
  connector: cloudflare.SsoConnector;
}

function importIds(given: SsoConnectorsArgs['import']): Map<string, string> {
  if (given === undefined) return new Map();
  if (Array.isArray((given as PulumiImportFile).resources)) {
    return new Map((given as PulumiImportFile).resources.map((resource) => [resource.name, resource.id]));
  }
  return new Map(Object.entries(given as Record<string, string>));
}

/**
 * One cloudflare.SsoConnector per connector the desired-state file declares present (children of
 * this component, named `sso-<account>-<domain>`). A file that cannot be read or planned stops the
 * program with its file:line:column message, no stack trace. Every connector whose entry omits a
 * setting a program can set (src/core/settings.ts) gets a warning: the provider's default then applies.
 */
export class SsoConnectors extends pulumi.ComponentResource {
  /** The desired-state file as given (or the default). */
  readonly desiredStateFile: string;
  /** SHA-256 of the file's bytes, as the CLI's reports record it. */
  readonly desiredStateSha256: string;
  readonly connectors: ManagedConnector[];
  /** What was planned, with each connector's source location. */
  readonly plans: PlannedConnector[];

  constructor(name: string, args: SsoConnectorsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(SSO_CONNECTORS_TYPE, name, {}, opts);
    const { where, desired } = loadForPulumi(args.desiredState, 'SsoConnectors desiredState');
    const ids = importIds(args.import);
    // An id for a name the file does not declare would be dropped silently: say so instead.
    const planned = planConnectors(desired);
    const names = new Set(planned.map((plan) => plan.resourceName));
    const unknown = [...ids.keys()].filter((resourceName) => !names.has(resourceName));
    if (unknown.length > 0) {
      throw new pulumi.RunError(
        `cf-sso-guard: SsoConnectors import names ${unknown.map((n) => JSON.stringify(n)).join(', ')}, which ${where.display} does not declare present ` +
          `(its connectors: ${[...names].join(', ') || 'none'}). Write the import file from this desired-state file (cf-sso-guard init --pulumi-import).`,
      );
    }
    const declared = declareConnectors(planned, { parent: this }, ids);
    this.desiredStateFile = where.display;
    this.desiredStateSha256 = desired.sha256;
    this.plans = planned;
    this.connectors = declared.map(({ plan, resource }) => ({
      resourceName: plan.resourceName,
      accountId: plan.accountId,
      account: plan.accountName ?? plan.accountId,
      emailDomain: plan.emailDomain,
      connector: resource,
    }));
    this.registerOutputs({
      desiredStateFile: this.desiredStateFile,
      desiredStateSha256: this.desiredStateSha256,
      managedConnectors: this.connectors.map(({ connector, ...rest }) => ({ ...rest, id: connector.id })),
    });
  }
}
