// What every policy needs before it can check anything: its settings and the desired state.
// The desired-state file is read once per (path, mtime, size) for the life of the pack process.
import * as fs from 'node:fs';
import type { PolicyConfigJSONSchema } from '@pulumi/policy/schema';
import { loadDesiredStateFile } from '../src/desired';
import {
  DEFAULT_DESIRED_STATE_FILE,
  DESIRED_STATE_CONFIG_KEY,
  DESIRED_STATE_ENV,
  resolveDesiredStatePath,
  stackConfigValue,
  type ResolvedDesiredStatePath,
} from '../src/pulumi/desired-path';
import type { DesiredState } from '../src/types';

/** Per-policy config (`--policy-pack-config`); enforcementLevel is handled by @pulumi/policy. */
export interface PolicySettings {
  desiredState?: string;
  liveCheck?: boolean;
  accounts?: string[];
}

export const DESIRED_STATE_SCHEMA: PolicyConfigJSONSchema = {
  type: 'string',
  description:
    'Path of the desired-state YAML file: absolute, or relative to the Pulumi project directory. ' +
    `Default: the stack config ${DESIRED_STATE_CONFIG_KEY}, then $${DESIRED_STATE_ENV}, then ${DEFAULT_DESIRED_STATE_FILE}.`,
};

export type DesiredLoad =
  | { ok: true; desired: DesiredState; path: ResolvedDesiredStatePath }
  | { ok: false; message: string; path: ResolvedDesiredStatePath };

/**
 * Which file to read. The pack process runs in the pack directory (the Pulumi engine starts it
 * there), so a relative path is joined to the nearest Pulumi project directory above the pack,
 * else above $PWD (where `pulumi` was run), else the pack directory itself.
 */
export function desiredStatePath(settings: PolicySettings, env: NodeJS.ProcessEnv = process.env, packDir = process.cwd()): ResolvedDesiredStatePath {
  const bases = [packDir, ...(env.PWD ? [env.PWD] : [])];
  if (typeof settings.desiredState === 'string' && settings.desiredState.trim() !== '') {
    return resolveDesiredStatePath(settings.desiredState.trim(), 'policy config "desiredState"', bases);
  }
  // The stack config before the environment: the program reads the same key first, so the pack
  // checks the very file the program declared its resources from.
  const fromStack = stackConfigValue(DESIRED_STATE_CONFIG_KEY, env);
  if (fromStack !== undefined) return resolveDesiredStatePath(fromStack, `stack config ${DESIRED_STATE_CONFIG_KEY}`, bases);
  const fromEnv = env[DESIRED_STATE_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return resolveDesiredStatePath(fromEnv.trim(), `environment variable ${DESIRED_STATE_ENV}`, bases);
  }
  return resolveDesiredStatePath(DEFAULT_DESIRED_STATE_FILE, 'default', bases);
}

const cache = new Map<string, DesiredLoad>();

export function loadDesired(settings: PolicySettings, env: NodeJS.ProcessEnv = process.env): DesiredLoad {
  const where = desiredStatePath(settings, env);
  let stamp = 'missing';
  try {
    const stat = fs.statSync(where.absolute);
    stamp = `${stat.mtimeMs}:${stat.size}`;
  } catch {
    // Not there: loadDesiredStateFile says so in its own words below.
  }
  const key = `${where.absolute}\u0000${where.display}\u0000${stamp}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let result: DesiredLoad;
  try {
    result = { ok: true, desired: loadDesiredStateFile(where.absolute, where.display), path: where };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const resolvedNote = where.absolute === where.display ? '' : ` (resolved to ${where.absolute})`;
    result = {
      ok: false,
      path: where,
      message:
        `cf-sso-guard cannot check anything: the desired-state file ${where.display}${resolvedNote}, ` +
        `set by ${where.source}, is not usable, so every policy fails closed.\n${detail}`,
    };
  }
  cache.set(key, result);
  return result;
}

/** `YYYY-MM-DD` in UTC: the day waivers are judged against. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
