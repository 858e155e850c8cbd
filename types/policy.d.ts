// Types of `cf-sso-guard/policy` (dist/policy.js, built from policies/pack.ts). Written by hand;
// the type-check (test/pulumi/public-types.ts) fails when they and the source disagree.
import type { PolicyPack, Policy } from '@pulumi/policy';

/** The pack's name as Pulumi Cloud knows it. */
export declare const POLICY_PACK_NAME = 'cf-sso-guard';
/** The pack's policies (resource and stack policies), with their metadata and config schemas. */
export declare const POLICIES: Policy[];
/** Starts the policy pack (it serves the Pulumi engine once made): call it once, from the pack's entry file. */
export declare function createPolicyPack(name?: string): PolicyPack;
