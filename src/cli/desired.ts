// Loading the desired-state file for a command: where to look, stdin, and clear errors.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DesiredStateError, formatDesiredStateError, loadDesiredStateFile, parseDesiredState } from '../desired';
import { readInputStream } from '../fs/input';
import { oversizeOf } from '../desired/source';
import { cleanText } from '../core/text';
import type { DesiredState } from '../core/types';
import { colorEnabled, type Terminal } from './environment';
import { UsageError } from './errors';

/** Looked for in this order in the current directory when neither -c nor CF_SSO_GUARD_CONFIG says. */
export const DEFAULT_DESIRED_STATE_NAMES = ['sso-connectors.yaml', 'sso-connectors.yml'] as const;
export const DEFAULT_DESIRED_STATE = DEFAULT_DESIRED_STATE_NAMES[0];
/** `-c -`: the file comes on standard input; messages call it this. */
export const STDIN_PATH = '-';
export const STDIN_LABEL = '<stdin>';

export interface DesiredStateChoice {
  path: string;
  /** How the path was chosen, for a "where it looked" message. */
  from: 'flag' | 'env' | 'default' | 'argument';
}

/** -c FILE, else $CF_SSO_GUARD_CONFIG (shared with the policy pack and the Pulumi program), else ./sso-connectors.yaml or .yml */
export function chooseDesiredState(flag: string | undefined, env: NodeJS.ProcessEnv, cwd = process.cwd()): DesiredStateChoice {
  if (flag !== undefined) return { path: flag, from: 'flag' };
  if (env.CF_SSO_GUARD_CONFIG) return { path: env.CF_SSO_GUARD_CONFIG, from: 'env' };
  const found = DEFAULT_DESIRED_STATE_NAMES.find((name) => existsSync(resolve(cwd, name)));
  return { path: found ?? DEFAULT_DESIRED_STATE, from: 'default' };
}

/** The path a command reads, as `chooseDesiredState` picks it. */
export function desiredStatePath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return chooseDesiredState(flag, env).path;
}

const FROM_WHERE = { flag: '-c', env: 'CF_SSO_GUARD_CONFIG', argument: 'the command line' } as const;

/** Several lines of ours; the path (from -c or the environment, so from outside) is cleaned before it goes in. */
function missingFileMessage(choice: DesiredStateChoice): string {
  const looked =
    choice.from === 'default'
      ? DEFAULT_DESIRED_STATE_NAMES.map((name) => cleanText(resolve(name))).join(' and ')
      : `${cleanText(resolve(choice.path))} (from ${FROM_WHERE[choice.from]})`;
  const target = cleanText(choice.from === 'default' ? DEFAULT_DESIRED_STATE : choice.path);
  return [
    `${cleanText(choice.path)}: desired-state file is missing.`,
    `Looked for ${looked}.`,
    choice.from === 'default' ? 'Pass another file with -c FILE (or set CF_SSO_GUARD_CONFIG), or create one from the live state:' : 'Create it from the live state:',
    `  cf-sso-guard init --account ACCOUNT_ID -o ${target}`,
    "or write it by hand (the format: README, or 'cf-sso-guard schema').",
  ].join('\n');
}

/** The error a command shows for a desired-state file it cannot use (exit 2). */
export function explainDesiredStateError(error: DesiredStateError, choice: DesiredStateChoice, color: boolean): UsageError {
  if (error.code === 'not_found') return new UsageError(missingFileMessage(choice), 'file_not_found');
  return new UsageError(formatDesiredStateError(error, { color }), 'invalid_desired_state');
}

/**
 * Reads and parses the desired-state file the flags and environment point at (`-c -` reads it from
 * stdin). Throws DesiredStateError for a missing or invalid file.
 */
export async function readDesired(choice: DesiredStateChoice): Promise<DesiredState> {
  if (choice.path !== STDIN_PATH) return loadDesiredStateFile(choice.path);
  // process.stdin is touched only here: creating it costs a few ms of every start.
  let content: Buffer;
  try {
    content = await readInputStream(process.stdin, 'desiredState', STDIN_LABEL);
  } catch (error) {
    throw oversizeOf(error, STDIN_LABEL) ?? error;
  }
  return parseDesiredState(content, STDIN_LABEL);
}

/** readDesired, with a missing or invalid file as the UsageError the command exits 2 with. */
export async function loadDesired(flag: string | undefined, terminal: Terminal): Promise<DesiredState> {
  const choice = chooseDesiredState(flag, terminal.env);
  try {
    return await readDesired(choice);
  } catch (error) {
    if (error instanceof DesiredStateError) throw explainDesiredStateError(error, choice, colorEnabled(terminal, 'stderr'));
    throw error;
  }
}
