// `cf-sso-guard/policy`: the policy pack as a function, the one entry point of the repository's pack
// (policies/index.ts) and of every pack `cf-sso-guard policy-pack new DIR` writes. Its policies,
// metadata, config schema and remediation are defined here once; a user's pack only calls it.
import { PolicyPack } from '@pulumi/policy';
import { connectorDeclaredPolicy } from './checks/connector-declared';
import { connectorSettingsPolicy } from './checks/connector-settings';
import { connectorsCompletePolicy } from './checks/connectors-complete';
import { connectorsUniquePolicy } from './checks/connectors-unique';
import { connectorsVerifiedPolicy } from './checks/connectors-verified';
import { liveDriftPolicy } from './checks/live-drift';
import { REPOSITORY_URL } from './metadata';
// The pack's README, embedded at build time (esbuild text loader): Pulumi Cloud shows it.
import readme from './README.md';

export const POLICIES = [
  connectorDeclaredPolicy,
  connectorSettingsPolicy,
  connectorsCompletePolicy,
  connectorsUniquePolicy,
  connectorsVerifiedPolicy,
  liveDriftPolicy,
];

/** The pack's name as Pulumi Cloud knows it (`pulumi policy enable <org>/cf-sso-guard`). */
export const POLICY_PACK_NAME = 'cf-sso-guard';

/**
 * Starts the policy pack (a PolicyPack serves the Pulumi engine as soon as it is made): call it once,
 * from the pack's entry file. `name` renames it, e.g. to publish two packs to one organisation.
 */
export function createPolicyPack(name: string = POLICY_PACK_NAME): PolicyPack {
  return new PolicyPack(name, {
    description: 'Cloudflare SSO connectors must match the desired-state file (sso-connectors.yaml): the same rules as the cf-sso-guard CLI.',
    displayName: 'cf-sso-guard: Cloudflare SSO connectors',
    readme,
    provider: 'cloudflare',
    tags: ['cloudflare', 'sso', 'compliance', 'nist-800-53'],
    repository: REPOSITORY_URL,
    enforcementLevel: 'mandatory',
    policies: POLICIES,
  });
}
