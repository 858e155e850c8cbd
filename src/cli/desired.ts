// Loading the desired-state file for a command: default path, clear errors.
import { loadDesiredStateFile, DesiredStateError, formatDesiredStateError } from '../desired';
import type { DesiredState } from '../types';
import { UsageError } from './errors';

export const DEFAULT_DESIRED_STATE = 'sso-connectors.yaml';

/** -c FILE, else $CF_SSO_GUARD_CONFIG (shared with the policy pack and the Pulumi program), else ./sso-connectors.yaml */
export function desiredStatePath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? (env.CF_SSO_GUARD_CONFIG || DEFAULT_DESIRED_STATE);
}

/** A desired-state problem: already formatted for the terminal (file:line:col lines). */
export class InvalidDesiredState extends UsageError {}

export function loadDesired(path: string, color: boolean): DesiredState {
  try {
    return loadDesiredStateFile(path);
  } catch (error) {
    if (error instanceof DesiredStateError) throw new InvalidDesiredState(formatDesiredStateError(error, { color }));
    throw error;
  }
}
