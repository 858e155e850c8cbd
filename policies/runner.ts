// The steps every policy takes before it checks anything: its config must be valid and the
// desired-state file usable. Either problem is ONE mandatory violation (fail closed), never a pass.
import type { ReportViolation } from '@pulumi/policy';
import type { DesiredState } from '../src/types';
import { configProblems, loadDesired, type ConfiguredPolicy, type PolicySettings } from './context';
import { reportUnusableDesiredState, violate } from './wording';

export interface Prepared {
  settings: PolicySettings;
  desired: DesiredState;
}

export function prepare(
  policy: ConfiguredPolicy,
  args: { getConfig<T extends object>(): T },
  report: ReportViolation,
  urn?: string,
): Prepared | undefined {
  const config = args.getConfig<Record<string, unknown>>();
  const problem = configProblems(policy, config);
  if (problem !== undefined) {
    violate(report, problem, { urn, forceMandatory: true });
    return undefined;
  }
  // Valid against the policy's configSchema, whose keys PolicySettings describes.
  const settings = config as PolicySettings;
  const load = loadDesired(settings);
  if (!load.ok) {
    reportUnusableDesiredState(report, load, urn);
    return undefined;
  }
  return { settings, desired: load.desired };
}
