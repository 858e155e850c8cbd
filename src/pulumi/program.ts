// The body of the Pulumi program, separate from index.ts so tests can run it under mocks.
import * as pulumi from '@pulumi/pulumi';
import { loadDesiredStateFile } from '../desired';
import { declareConnectors, planConnectors, type DeclaredConnector } from './connectors';
import { DEFAULT_DESIRED_STATE_FILE, DESIRED_STATE_ENV, resolveDesiredStatePath, type ResolvedDesiredStatePath } from './desired-path';
import type { DesiredState } from '../core/types';

export interface ProgramResult {
  desiredStateFile: string;
  desiredStateSha256: string;
  declared: DeclaredConnector[];
}

/** Stack config `cf-sso-guard:desiredState`, else $CF_SSO_GUARD_CONFIG, else sso-connectors.yaml. */
export function runProgram(env: NodeJS.ProcessEnv = process.env): ProgramResult {
  const config = new pulumi.Config('cf-sso-guard');
  const fromStack = config.get('desiredState');
  const { where, desired } = loadForPulumi(fromStack, 'stack config cf-sso-guard:desiredState', env);
  return { desiredStateFile: where.display, desiredStateSha256: desired.sha256, declared: declareConnectors(planConnectors(desired)) };
}

/**
 * The desired-state file a Pulumi program reads: `given` (from `givenSource`), else $CF_SSO_GUARD_CONFIG,
 * else sso-connectors.yaml, relative to the Pulumi project directory. A file that cannot be used stops
 * the program with its file:line:column message (RunError: no stack trace for a user mistake).
 */
export function loadForPulumi(given: string | undefined, givenSource: string, env: NodeJS.ProcessEnv = process.env): { where: ResolvedDesiredStatePath; desired: DesiredState } {
  const fromEnv = env[DESIRED_STATE_ENV]?.trim();
  const path = given ?? (fromEnv ? fromEnv : DEFAULT_DESIRED_STATE_FILE);
  const source = given !== undefined ? givenSource : fromEnv ? DESIRED_STATE_ENV : 'default';
  const where = resolveDesiredStatePath(path, source, [process.cwd()]);
  try {
    return { where, desired: loadDesiredStateFile(where.absolute, where.display) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new pulumi.RunError(`cf-sso-guard: the desired-state file ${where.display} (${source}) is not usable:\n${detail}`);
  }
}
