// What every policy needs before it can check anything: its settings and the desired state.
// The desired-state file is read once per (path, mtime, size) for the life of the pack process.
import * as fs from 'node:fs';
import type { PolicyConfigSchema } from '@pulumi/policy';
import type { PolicyConfigJSONSchema } from '@pulumi/policy/schema';
import type AjvClass from 'ajv';
import type { ValidateFunction } from 'ajv';
import { DesiredStateError, loadDesiredStateFile, problemLines } from '../src/desired';
import { nearest } from '../src/core/suggest';
import { selectAccount } from '../src/core/account-selector';
import { utcDay } from '../src/core/day';
import {
  DEFAULT_DESIRED_STATE_FILE,
  DESIRED_STATE_CONFIG_KEY,
  DESIRED_STATE_ENV,
  resolveDesiredStatePath,
  stackConfigValue,
  type ResolvedDesiredStatePath,
} from '../src/pulumi/desired-path';
import type { DesiredState } from '../src/core/types';

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
  /** `lines`: a summary, then the loader's problems, one per line (a line break inside one stays in its line). */
  | { ok: false; lines: string[]; path: ResolvedDesiredStatePath };

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
    // One line per problem: a path or value with a line break stays on its problem's line (each line is
    // cleaned on its way out, so the break shows as \u000a and cannot start a workflow command).
    const detail = error instanceof DesiredStateError ? problemLines(error.issues, error.omitted) : [error instanceof Error ? error.message : String(error)];
    const resolvedNote = where.absolute === where.display ? '' : ` (resolved to ${where.absolute})`;
    result = {
      ok: false,
      path: where,
      lines: [
        `cf-sso-guard cannot check anything: the desired-state file ${where.display}${resolvedNote}, ` +
          `set by ${where.source}, is not usable, so every policy fails closed.`,
        ...detail,
      ],
    };
  }
  cache.set(key, result);
  return result;
}

/** `YYYY-MM-DD` in UTC: the day waivers are judged against. */
export function todayUtc(now: Date = new Date()): string {
  return utcDay(now);
}

/** The part of a policy that says which config it takes. */
export interface ConfiguredPolicy {
  name: string;
  configSchema?: PolicyConfigSchema;
}

let ajv: AjvClass | undefined;
const validators = new Map<string, ValidateFunction>();

function validatorFor(policy: ConfiguredPolicy): ValidateFunction {
  let validate = validators.get(policy.name);
  if (validate === undefined) {
    // Loaded on first use, not when the engine starts the pack: it is a tenth of the start-up time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ajv ??= new (require('ajv') as { default: typeof AjvClass }).default({ allErrors: true, strict: false });
    validate = ajv.compile({
      type: 'object',
      properties: policy.configSchema?.properties ?? {},
      required: policy.configSchema?.required ?? [],
      additionalProperties: false,
    });
    validators.set(policy.name, validate);
  }
  return validate;
}

/**
 * Checks a policy's config (`--policy-pack-config`, without enforcementLevel) against its
 * configSchema, strictly: the Pulumi CLI accepts keys the schema does not name, and a misspelt
 * `desiredState` would otherwise silently check the default file. Returns what is wrong, one
 * sentence per key, or undefined when the config is valid.
 */
export function configProblems(policy: ConfiguredPolicy, config: Record<string, unknown>): string | undefined {
  const validate = validatorFor(policy);
  if (validate(config)) return undefined;
  const known = Object.keys(policy.configSchema?.properties ?? {});
  const problems = (validate.errors ?? []).map((error) => {
    if (error.keyword === 'additionalProperty' || error.keyword === 'additionalProperties') {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const suggestion = nearest(key, known);
      return `unknown key ${JSON.stringify(key)}${suggestion !== undefined ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''}; ` +
        `it takes ${known.length > 0 ? known.map((name) => JSON.stringify(name)).join(', ') : 'no keys'} besides enforcementLevel`;
    }
    const key = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(config)';
    return `${JSON.stringify(key)} ${error.message ?? 'is not valid'}`;
  });
  return `Policy config of ${policy.name} is not valid, so the policy fails closed: ${[...new Set(problems)].join('; ')}.`;
}

/** The accounts a policy config names (by id or name, case-insensitive, as `check --account`), resolved against the file; unknown names are a config error. */
export function resolveAccounts(desired: DesiredState, wanted: readonly string[] | undefined): { accountIds: string[] } | { problem: string } {
  if (wanted === undefined || wanted.length === 0) return { accountIds: desired.accounts.map((account) => account.id) };
  const accountIds: string[] = [];
  const problems: string[] = [];
  for (const entry of wanted) {
    const choice = selectAccount(desired.accounts, entry, desired.file);
    if ('problem' in choice) problems.push(choice.problem);
    else accountIds.push(choice.accountId);
  }
  if (problems.length === 0) return { accountIds: [...new Set(accountIds)] };
  return { problem: `Policy config "accounts": ${problems.join('; ')}. The policy fails closed.` };
}
