// Types of `cf-sso-guard/pulumi` (dist/pulumi.js, built from src/pulumi/component.ts). Written by
// hand so the package ships a few small declarations instead of the whole source tree's; the
// type-check (test/pulumi/public-types.ts) fails when they and the source disagree.
import * as pulumi from '@pulumi/pulumi';
import type * as cloudflare from '@pulumi/cloudflare';

export declare const SSO_CONNECTORS_TYPE = 'cf-sso-guard:index:SsoConnectors';
export declare const SSO_CONNECTOR_TYPE = 'cloudflare:index/ssoConnector:SsoConnector';
export declare const DEFAULT_DESIRED_STATE_FILE = 'sso-connectors.yaml';
export declare const DESIRED_STATE_CONFIG_KEY = 'cf-sso-guard:desiredState';
export declare const DESIRED_STATE_ENV = 'CF_SSO_GUARD_CONFIG';

/** What `cf-sso-guard init --pulumi-import FILE` writes (Pulumi's bulk-import file). */
export interface PulumiImportFile {
  resources: Array<{ type: string; name: string; id: string }>;
}

/** One connector the component declares, as planned from the file. */
export interface PlannedConnector {
  /** Stable Pulumi resource name: `sso-<account name or first 8 of id>-<domain, dots as dashes>`. */
  resourceName: string;
  accountId: string;
  accountName?: string;
  emailDomain: string;
  /** The connector settings the file declares, as the cloudflare.SsoConnector inputs of the same name. */
  enabled?: boolean;
  useFedrampLanguage?: boolean;
  location: { file: string; line: number; column: number };
}

export interface SsoConnectorsArgs {
  /** The desired-state file: absolute, or relative to the Pulumi project directory. Default $CF_SSO_GUARD_CONFIG, else sso-connectors.yaml. */
  desiredState?: string;
  /** Existing connectors to adopt instead of create: `init --pulumi-import`'s file, or resource name -> `<account_id>/<connector_id>`. */
  import?: PulumiImportFile | Record<string, string>;
}

export interface ManagedConnector {
  resourceName: string;
  accountId: string;
  account: string;
  emailDomain: string;
  connector: cloudflare.SsoConnector;
}

/** One cloudflare.SsoConnector per connector the desired-state file declares present, as children. */
export declare class SsoConnectors extends pulumi.ComponentResource {
  readonly desiredStateFile: string;
  readonly desiredStateSha256: string;
  readonly connectors: ManagedConnector[];
  readonly plans: PlannedConnector[];
  constructor(name: string, args?: SsoConnectorsArgs, opts?: pulumi.ComponentResourceOptions);
}

/** The warnings the component logs for a connector whose entry omits a setting (`enabled`, …): the provider's default then applies. */
export declare function providerDefaultWarnings(plan: PlannedConnector): string[];
/** The resource name the component (and `init --pulumi-import`) gives a connector. */
export declare function resourceNameFor(account: { id: string; name?: string }, emailDomain: string): string;
