// cf-sso-guard policy pack: Cloudflare SSO connectors in a Pulumi stack must match the
// desired-state file. Ships compiled (bin/index.js, built by scripts/build-policies.mjs) so the
// Pulumi engine loads plain JavaScript and nothing has to be compiled when a preview starts.
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

new PolicyPack('cf-sso-guard', {
  description: 'Cloudflare SSO connectors must match the desired-state file (sso-connectors.yaml): the same rules as the cf-sso-guard CLI.',
  displayName: 'cf-sso-guard: Cloudflare SSO connectors',
  readme,
  provider: 'cloudflare',
  tags: ['cloudflare', 'sso', 'compliance', 'nist-800-53'],
  repository: REPOSITORY_URL,
  enforcementLevel: 'mandatory',
  policies: POLICIES,
});
