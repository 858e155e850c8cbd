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
    if (error instanceof DesiredStateError) {
      const notFound = error.issues.length === 1 && error.issues[0].line === 0 && /not found/.test(error.issues[0].message);
      const hint = notFound
        ? '\nPass the file with -c FILE (or set CF_SSO_GUARD_CONFIG), or write one from the live state:\n  cf-sso-guard init --account ACCOUNT_ID -o sso-connectors.yaml\n'
        : '';
      throw new InvalidDesiredState(formatDesiredStateError(error, { color }) + hint);
    }
    throw error;
  }
}
