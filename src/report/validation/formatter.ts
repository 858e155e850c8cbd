// `validate --format F`: the result of checking a desired-state file on its own, one formatter per file.
import type { DesiredStateIssue } from '../../desired/errors';

export type ValidationFormatName = 'text' | 'json' | 'sarif' | 'github';
export const VALIDATION_FORMAT_NAMES: readonly ValidationFormatName[] = ['text', 'json', 'sarif', 'github'];

export interface ValidationResult {
  tool: { name: string; version: string };
  /** The file as the user named it (`<stdin>` for `-c -`). */
  file: string;
  /** False when the file came on standard input: annotations then name no file. */
  onDisk: boolean;
  valid: boolean;
  /** Sorted by position; empty when valid. */
  issues: readonly DesiredStateIssue[];
  /** Present when valid. */
  sha256?: string;
  counts?: { accounts: number; connectors: number; waivers: number };
}

export interface ValidationRenderContext {
  /** Absolute repository root and cwd: SARIF and annotations give paths relative to the root. */
  repoRoot?: string;
  cwd?: string;
}

export interface ValidationFormatter {
  name: ValidationFormatName;
  /** Pure: the same input gives the same string. */
  render(result: ValidationResult, ctx: ValidationRenderContext): string;
}

/** The rule id SARIF and annotations give a desired-state problem (the drift rules are CFSSO001…). */
export const VALIDATION_RULE_ID = 'CFSSO000';
