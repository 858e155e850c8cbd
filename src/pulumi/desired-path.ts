// Where the desired-state file is, for the Pulumi program and the policy pack alike.
// Both resolve a relative path against the Pulumi project directory (the one holding
// Pulumi.yaml), because that is where users keep sso-connectors.yaml and where they run
// `pulumi`. The policy pack runs with its own directory as cwd, so it looks upwards from there.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEFAULT_DESIRED_STATE_FILE = 'sso-connectors.yaml';
/** The stack config key the program reads; the pack sees it through PULUMI_CONFIG. */
export const DESIRED_STATE_CONFIG_KEY = 'cf-sso-guard:desiredState';
export const DESIRED_STATE_ENV = 'CF_SSO_GUARD_CONFIG';

/** The nearest directory at or above `start` that holds Pulumi.yaml (or Pulumi.yml). */
export function findProjectDir(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'Pulumi.yaml')) || fs.existsSync(path.join(dir, 'Pulumi.yml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface ResolvedDesiredStatePath {
  /** Absolute path to read. */
  absolute: string;
  /** The path as the user wrote it (used in messages and file:line locations). */
  display: string;
  /** Where the setting came from, for messages. */
  source: string;
}

/**
 * Resolves the path as given (absolute stays; relative joins the base directory).
 * `baseCandidates` are tried in order: the first that is a Pulumi project directory wins,
 * otherwise the first candidate is used.
 */
export function resolveDesiredStatePath(given: string, source: string, baseCandidates: readonly string[]): ResolvedDesiredStatePath {
  if (path.isAbsolute(given)) return { absolute: given, display: given, source };
  let base = baseCandidates[0] ?? process.cwd();
  for (const candidate of baseCandidates) {
    const project = findProjectDir(candidate);
    if (project !== undefined) {
      base = project;
      break;
    }
  }
  return { absolute: path.resolve(base, given), display: given, source };
}

/** The stack config the Pulumi CLI hands to plugins and programs as JSON in PULUMI_CONFIG. */
export function stackConfigValue(key: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.PULUMI_CONFIG;
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && typeof parsed === 'object') {
      const value = (parsed as Record<string, unknown>)[key];
      if (typeof value === 'string' && value !== '') return value;
    }
  } catch {
    // Not JSON: the CLI did not set it; fall through to the other sources.
  }
  return undefined;
}
