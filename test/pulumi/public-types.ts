// Compile-time only (`npm run typecheck`): the hand-written declarations the package ships
// (types/pulumi.d.ts, types/policy.d.ts) say exactly what the built entry points export. A name, a
// parameter or a type that differs fails the type-check.
import type * as PublicPulumi from '../../types/pulumi';
import type * as SourcePulumi from '../../src/pulumi/component';
import type * as PublicPolicy from '../../types/policy';
import type * as SourcePolicy from '../../policies/pack';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function same<T extends true>(): T | undefined {
  return undefined;
}

same<Same<keyof typeof PublicPulumi, keyof typeof SourcePulumi>>();
same<Same<typeof PublicPulumi.SsoConnectors, typeof SourcePulumi.SsoConnectors>>();
same<Same<PublicPulumi.SsoConnectors, SourcePulumi.SsoConnectors>>();
same<Same<PublicPulumi.SsoConnectorsArgs, SourcePulumi.SsoConnectorsArgs>>();
same<Same<PublicPulumi.ManagedConnector, SourcePulumi.ManagedConnector>>();
same<Same<PublicPulumi.PlannedConnector, SourcePulumi.PlannedConnector>>();
same<Same<PublicPulumi.PulumiImportFile, SourcePulumi.PulumiImportFile>>();
same<Same<typeof PublicPulumi.providerDefaultWarnings, typeof SourcePulumi.providerDefaultWarnings>>();
same<Same<typeof PublicPulumi.resourceNameFor, typeof SourcePulumi.resourceNameFor>>();
same<Same<typeof PublicPulumi.SSO_CONNECTORS_TYPE, typeof SourcePulumi.SSO_CONNECTORS_TYPE>>();
same<Same<typeof PublicPulumi.SSO_CONNECTOR_TYPE, typeof SourcePulumi.SSO_CONNECTOR_TYPE>>();
same<Same<typeof PublicPulumi.DEFAULT_DESIRED_STATE_FILE, typeof SourcePulumi.DEFAULT_DESIRED_STATE_FILE>>();
same<Same<typeof PublicPulumi.DESIRED_STATE_CONFIG_KEY, typeof SourcePulumi.DESIRED_STATE_CONFIG_KEY>>();
same<Same<typeof PublicPulumi.DESIRED_STATE_ENV, typeof SourcePulumi.DESIRED_STATE_ENV>>();

same<Same<keyof typeof PublicPolicy, keyof typeof SourcePolicy>>();
same<Same<typeof PublicPolicy.createPolicyPack, typeof SourcePolicy.createPolicyPack>>();
same<Same<typeof PublicPolicy.POLICY_PACK_NAME, typeof SourcePolicy.POLICY_PACK_NAME>>();
// The pack's own list is narrower (resource and stack policies); users see Policy[].
same<[typeof SourcePolicy.POLICIES] extends [typeof PublicPolicy.POLICIES] ? true : false>();
