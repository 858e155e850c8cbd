// Where a command's output goes: the report targets (stdout or files) and the flags about them. Every write
// goes through the one output writer (src/fs/output.ts); rendering reports is in report-output.ts, so
// commands that write no report never load the formatters.
import type { FormatName } from '../report';
import { appendOutput, isStdoutPath, OutputFileError, writeOutput } from '../fs/output';
import type { ParsedValues } from './args';

export { checkOutputPaths, isStdoutPath, writeOutput } from '../fs/output';

export interface OutputTarget {
  format: FormatName;
  /** undefined = stdout */
  path?: string;
}

/** -q/--quiet: targets on stdout are dropped; files are still written. */
export function isQuiet(values: ParsedValues): boolean {
  return values.quiet === true;
}

export function isStdout(target: Pick<OutputTarget, 'path'>): boolean {
  return isStdoutPath(target.path);
}

/**
 * Under GitHub Actions annotations are added to stdout by themselves, unless stdout carries data
 * (json, sarif…: mixing would break it) or already carries them (--format github).
 */
export function annotationsFit(targets: readonly OutputTarget[]): boolean {
  return targets.filter(isStdout).every((t) => t.format === 'text' || t.format === 'markdown');
}

/** One report target (see writeOutput). */
export function writeText(target: OutputTarget, text: string): void {
  writeOutput(target.path, text, `${target.format} report`);
}

/** Appends the markdown summary; a failed append is cut back whole and the run goes on with a warning. */
export function appendStepSummary(file: string, markdown: string): void {
  try {
    appendOutput(file, markdown, 'the step summary');
  } catch (error) {
    if (!(error instanceof OutputFileError)) throw error;
    process.stderr.write(`warning: could not append to GITHUB_STEP_SUMMARY (${error.errno ?? 'error'})\n`);
  }
}
