import { cleanText } from '../core/text';
import { formatLocation } from '../core/location';
import { DesiredStateError, DesiredStateIssue } from './errors';

export interface FormatOptions {
  /** ANSI colours (the CLI decides: TTY and no NO_COLOR). */
  color: boolean;
}

const ANSI = { bold: '\u001b[1m', red: '\u001b[31m', cyan: '\u001b[36m', dim: '\u001b[2m', reset: '\u001b[0m' };

function paint(color: boolean, code: string, text: string): string {
  return color ? `${code}${text}${ANSI.reset}` : text;
}

/** The offending source line with a caret under the column, or nothing when it is not known. */
function excerpt(issue: DesiredStateIssue, lines: string[] | undefined, color: boolean): string[] {
  if (!lines || issue.line < 1 || issue.line > lines.length) return [];
  // The file's own text: shown inert (a raw ESC in the file must not drive the terminal).
  const text = cleanText(lines[issue.line - 1].replace(/\t/g, ' '));
  if (text.length > 200) return [];
  const gutter = `${issue.line} | `;
  const caret = ' '.repeat(gutter.length + Math.max(0, issue.column - 1)) + '^';
  return [paint(color, ANSI.dim, gutter) + text, paint(color, ANSI.red, caret)];
}

/** CLI text for an invalid desired-state file: a headline, then each issue with its source line. */
export function formatDesiredStateError(err: DesiredStateError, options: FormatOptions): string {
  const { color } = options;
  const lines = err.sourceText?.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const count = err.issues.length + err.omitted;
  const file = cleanText(err.issues[0]?.file ?? 'desired-state file');
  const out: string[] = [
    paint(color, ANSI.bold + ANSI.red, `${file} is not a valid desired-state file (${count} ${count === 1 ? 'problem' : 'problems'}):`),
  ];
  for (const issue of err.issues) {
    // Paths, messages and hints quote the file (keys, values): each is made inert before it is painted.
    const where = cleanText(formatLocation(issue));
    const path = issue.path ? `${paint(color, ANSI.bold, cleanText(issue.path))}: ` : '';
    const hint = issue.hint ? ` ${paint(color, ANSI.cyan, `(${cleanText(issue.hint)})`)}` : '';
    out.push('', `${paint(color, ANSI.dim, where)}: ${path}${cleanText(issue.message)}${hint}`);
    for (const line of excerpt(issue, lines, color)) out.push(`  ${line}`);
  }
  if (err.omitted > 0) out.push('', `…and ${err.omitted} more problem${err.omitted === 1 ? '' : 's'} (fix the ones above first).`);
  return out.join('\n') + '\n';
}
