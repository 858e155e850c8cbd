// cf-sso-guard policy pack: Cloudflare SSO connectors in a Pulumi stack must match the
// desired-state file. The same entry point as the npm package's `cf-sso-guard/policy` (./pack.ts),
// which every pack `cf-sso-guard policy-pack new DIR` writes calls. Ships compiled (bin/index.js,
// built by scripts/build-policies.mjs) so nothing has to be compiled when a preview starts.
import { createPolicyPack } from './pack';

export { POLICIES } from './pack';

createPolicyPack();
