// Where output goes: stdout or files (written atomically), the paths checked before any work.
// Rendering reports is in report-output.ts, so commands that write no report never load the formatters.
import { accessSync, closeSync, constants, fstatSync, ftruncateSync, mkdirSync, openSync, realpathSync, statSync, writeFileSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import type { FormatName } from '../report';
import { writeFileAtomic } from '../fs/atomic-write';
import type { ParsedValues } from './args';
import { UsageError } from './errors';

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

/** `-`, `/dev/stdout`, and any path (e.g. a link) that is this process's own stdout mean stdout. */
export function isStdoutPath(target: string | undefined): boolean {
  if (target === undefined || target === '-' || target === '/dev/stdout') return true;
  try {
    const stat = statSync(target);
    if (stat.isFile() || stat.isDirectory()) return false;
    const stdout = fstatSync(1);
    return stat.dev === stdout.dev && stat.ino === stdout.ino;
  } catch {
    return false;
  }
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** The same file however it is spelled: the real path when it exists, else the resolved one. */
function identity(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * `mkdir -p` that names the real reason: Node's recursive mkdir says ENOENT when a missing folder cannot
 * be made (a read-only filesystem, no permission), so the first missing one is made alone to learn why.
 */
function makeParents(directory: string): void {
  try {
    mkdirSync(directory, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let missing = directory;
    while (path.dirname(missing) !== missing && statOrUndefined(path.dirname(missing)) === undefined) missing = path.dirname(missing);
    mkdirSync(missing);
    throw error;
  }
}

/**
 * Checked before any work (and before any network call): no two outputs to one place, no output onto an
 * input (it would be destroyed), no output onto a directory or socket, and every parent directory exists
 * (created like `mkdir -p`) and is writable. A problem stops the run with exit 2 and the path.
 */
export function checkOutputPaths(targets: ReadonlyArray<{ path?: string }>, inputs: readonly string[], flag = '-o/--report'): void {
  const inputIds = new Map<string, string>();
  for (const input of inputs) {
    if (input === '-') continue;
    inputIds.set(identity(input), input);
    const stat = statOrUndefined(input);
    if (stat !== undefined) inputIds.set(`${stat.dev}:${stat.ino}`, input);
  }
  const seen = new Map<string, string>();
  for (const target of targets) {
    const key = isStdoutPath(target.path) ? '<stdout>' : identity(target.path!);
    const shown = target.path ?? 'stdout';
    if (seen.has(key)) throw new UsageError(`${flag}: ${shown} is given as an output more than once (${seen.get(key)} and ${shown}); each output needs its own path`, 'output_path');
    seen.set(key, shown);
    if (isStdoutPath(target.path)) continue;
    const file = target.path!;
    const stat = statOrUndefined(file);
    const input = inputIds.get(key) ?? (stat === undefined ? undefined : inputIds.get(`${stat.dev}:${stat.ino}`));
    if (input !== undefined) throw new UsageError(`${flag}: ${file} is also an input (${input}); writing it would destroy it`, 'output_path');
    if (stat?.isDirectory()) throw new UsageError(`${flag}: ${file} is a directory; give a file path`, 'output_path');
    if (stat?.isSocket()) throw new UsageError(`${flag}: ${file} is a socket; give a file path`, 'output_path');
    const parent = path.dirname(path.resolve(file));
    try {
      makeParents(parent);
      accessSync(parent, constants.W_OK);
    } catch (error) {
      throw new UsageError(`${flag}: cannot write ${file}: its directory ${parent} cannot be created or written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'output_path');
    }
  }
}

/**
 * The one output writer of every command (reports, history, snapshots, init): stdout; a device or pipe
 * (`/dev/null`, a FIFO, a link to the terminal) written in place, never replaced by a regular file; or a
 * regular file replaced atomically. `what` names the output in an error ("sarif report", "snapshot").
 */
export function writeOutput(file: string | undefined, text: string, what: string): void {
  if (isStdoutPath(file)) {
    process.stdout.write(text.endsWith('\n') || text.length === 0 ? text : `${text}\n`);
    return;
  }
  try {
    const stat = statOrUndefined(file!);
    if (stat !== undefined && !stat.isFile()) writeFileSync(file!, text);
    else writeFileAtomic(file!, text);
  } catch (error) {
    throw new UsageError(`cannot write ${what} to ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'output_path');
  }
}

/** One report target (see writeOutput). */
export function writeText(target: OutputTarget, text: string): void {
  writeOutput(target.path, text, `${target.format} report`);
}

/**
 * Appends the markdown summary. A failed append (a full disk, a file size limit) is cut back to the
 * file's size before it, so the summary never ends in half a report; the run goes on with a warning.
 */
export function appendStepSummary(file: string, markdown: string): void {
  let fd: number | undefined;
  let sizeBefore: number | undefined;
  try {
    fd = openSync(file, 'a');
    const stat = fstatSync(fd);
    if (stat.isFile()) sizeBefore = stat.size;
    writeFileSync(fd, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  } catch (error) {
    if (fd !== undefined && sizeBefore !== undefined) {
      try {
        ftruncateSync(fd, sizeBefore);
      } catch {
        // The warning below is all that can be done.
      }
    }
    process.stderr.write(`warning: could not append to GITHUB_STEP_SUMMARY (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
