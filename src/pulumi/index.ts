// Pulumi program (Pulumi.yaml: main: src/pulumi/): one cloudflare.SsoConnector per connector
// declared present in the desired-state file. The stack outputs say what it manages.
import { runProgram } from './program';

const result = runProgram();

export const desiredStateFile = result.desiredStateFile;
export const desiredStateSha256 = result.desiredStateSha256;
export const managedConnectors = result.declared.map(({ plan, resource }) => ({
  resourceName: plan.resourceName,
  accountId: plan.accountId,
  account: plan.accountName ?? plan.accountId,
  emailDomain: plan.emailDomain,
  id: resource.id,
  verification: resource.verification,
}));
