import { formatLocation } from '../core/location';

/** One problem in a desired-state file. `line` and `column` are 1-based; 0 means "the file as a whole". */
export interface DesiredStateIssue {
  file: string;
  line: number;
  column: number;
  /** Key path such as `accounts[0].connectors[2].enabled`; empty for the document itself. */
  path: string;
  /** What was expected, e.g. `expected boolean, got string "yes"`. */
  message: string;
  /** e.g. `did you mean "email_domain"?` */
  hint?: string;
}

export function compareIssues(a: DesiredStateIssue, b: DesiredStateIssue): number {
  return a.line - b.line || a.column - b.column || a.path.localeCompare(b.path) || a.message.localeCompare(b.message);
}

/** `file:line:column: path: message (hint)`, leaving out the parts that are not known. */
export function renderIssue(issue: DesiredStateIssue): string {
  const where = formatLocation(issue);
  const path = issue.path ? `${issue.path}: ` : '';
  const hint = issue.hint ? ` (${issue.hint})` : '';
  return `${where}: ${path}${issue.message}${hint}`;
}

/** At most this many problems are kept and shown; the rest are counted ("…and N more"). */
export const MAX_REPORTED_ISSUES = 100;

/** The problems as lines, one each, then "…and N more" when some were not kept. */
export function problemLines(issues: readonly DesiredStateIssue[], omitted: number): string[] {
  return [...issues.map(renderIssue), ...(omitted > 0 ? [`…and ${omitted} more problem${omitted === 1 ? '' : 's'}`] : [])];
}

/** Why a desired-state file was refused: callers branch on this, never on the message text. */
export type DesiredStateErrorCode = 'not_found' | 'unreadable' | 'too_large' | 'invalid';

/**
 * Thrown for every problem with a desired-state file; `issues` holds the first MAX_REPORTED_ISSUES of them
 * by position, `omitted` how many more there were (a hostile file must not make output or time explode).
 */
export class DesiredStateError extends Error {
  readonly issues: DesiredStateIssue[];
  /** Problems found beyond the ones kept in `issues`. */
  readonly omitted: number;
  /** The decoded file text when it could be read, so a formatter can quote the offending line. */
  readonly sourceText?: string;
  readonly code: DesiredStateErrorCode;

  constructor(issues: DesiredStateIssue[], sourceText?: string, code: DesiredStateErrorCode = 'invalid') {
    const sorted = [...issues].sort(compareIssues).slice(0, MAX_REPORTED_ISSUES);
    const omitted = issues.length - sorted.length;
    super(problemLines(sorted, omitted).join('\n'));
    this.name = 'DesiredStateError';
    this.issues = sorted;
    this.omitted = omitted;
    this.code = code;
    if (sourceText !== undefined) this.sourceText = sourceText;
  }
}
