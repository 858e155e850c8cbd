// The one interface every report formatter implements (one formatter per file, as in conftest's output package).
import type { RuleMeta } from '../rules/rule';
import type { Report } from '../core/types';

export type FormatName = 'text' | 'json' | 'markdown' | 'sarif' | 'junit' | 'html' | 'csv' | 'github' | 'oscal' | 'oscal-poam';

export const FORMAT_NAMES: readonly FormatName[] = ['text', 'json', 'markdown', 'sarif', 'junit', 'html', 'csv', 'github', 'oscal', 'oscal-poam'];

/** What reports show of a rule (each rule module's own, src/rules): its metadata, not its words (those are in each finding). */
export type RuleInfo = Omit<RuleMeta, 'messages' | 'stackMessage'>;

export interface RenderContext {
  /** Text format only. Callers pass false when NO_COLOR is set or stdout is not a TTY. */
  color: boolean;
  /** Text format only: wrap lines to this many columns (the CLI passes the terminal's width on a TTY, never in pipes). */
  width?: number;
  /** Metadata of all rules (e.g. `ALL_RULES` from src/rules): titles, controls, rationale, remediation for every format. */
  rules: readonly RuleInfo[];
  /**
   * Absolute path of the repository root. SARIF and GitHub annotations give file paths relative to it.
   * Without it, the desired-state path is used as given (it is normally relative to the repository root already).
   */
  repoRoot?: string;
  /** Absolute directory that relative desired-state paths are relative to (the CLI's cwd). Defaults to repoRoot. */
  cwd?: string;
}

export interface Formatter {
  name: FormatName;
  /** File extension without the dot, e.g. `sarif`. */
  extension: string;
  mediaType: string;
  /** Pure: no I/O, no clock; the same input gives the same string. */
  render(report: Report, ctx: RenderContext): string;
}
