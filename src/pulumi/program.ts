// The body of the Pulumi program, separate from index.ts so tests can run it under mocks.
import * as pulumi from '@pulumi/pulumi';
import { loadDesiredStateFile } from '../desired';
import { declareConnectors, type DeclaredConnector } from './connectors';
import { DEFAULT_DESIRED_STATE_FILE, DESIRED_STATE_ENV, resolveDesiredStatePath } from './desired-path';

export interface ProgramResult {
  desiredStateFile: string;
  desiredStateSha256: string;
  declared: DeclaredConnector[];
}

/**
 * Stack config `cf-sso-guard:desiredState`, else $CF_SSO_GUARD_CONFIG, else sso-connectors.yaml;
 * a relative path is relative to the Pulumi project directory (where Pulumi.yaml is).
 */
export function runProgram(env: NodeJS.ProcessEnv = process.env): ProgramResult {
  const config = new pulumi.Config('cf-sso-guard');
  const fromStack = config.get('desiredState');
  const fromEnv = env[DESIRED_STATE_ENV]?.trim();
  const given = fromStack ?? (fromEnv ? fromEnv : DEFAULT_DESIRED_STATE_FILE);
  const source = fromStack !== undefined ? 'stack config cf-sso-guard:desiredState' : fromEnv ? DESIRED_STATE_ENV : 'default';
  const where = resolveDesiredStatePath(given, source, [process.cwd()]);
  let desired;
  try {
    desired = loadDesiredStateFile(where.absolute, where.display);
  } catch (error) {
    // A user mistake: say what and where, no stack trace (RunError hides it).
    const detail = error instanceof Error ? error.message : String(error);
    throw new pulumi.RunError(`cf-sso-guard: the desired-state file ${where.display} (${source}) is not usable:\n${detail}`);
  }
  return { desiredStateFile: where.display, desiredStateSha256: desired.sha256, declared: declareConnectors(desired) };
}
