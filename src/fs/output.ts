// The one output writer of every command (reports, history, snapshots, init's files, policy-pack new):
// - stdout (`-`, `/dev/stdout`, or any path that is this process's own stdout);
// - a device or pipe (`/dev/null`, a FIFO, a link to the terminal) written in place, never replaced by a
//   regular file;
// - a regular file written atomically: readers see the old content or the new, never a partial file (a
//   temp file in the same directory, fsync, rename over the target, fsync the directory; on any error the
//   temp file is removed). A temp file a killed writer left behind is removed by the next write of the target.
// And the paths checked before any work, and the one append (the GitHub step summary).
// A write that fails is an OutputFileError (a UsageError: exit 2) naming the path and the reason in words.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanText } from '../core/text';
import { randomHex } from '../core/digest';
import { UsageError } from '../core/errors';

/** What a failed write's errno means, for the message (the code stays in it, for a search). */
const REASONS: Readonly<Record<string, string>> = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is larger than the system allows',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'its directory does not exist',
  EEXIST: 'it already exists',
  EPIPE: 'the reader of the pipe has gone',
};

export function writeFailureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return (error as Error)?.message ?? String(error);
  return REASONS[code] === undefined ? code : `${REASONS[code]} (${code})`;
}

/** An output that cannot be written: exit 2, whatever the report said. */
export class OutputFileError extends UsageError {
  readonly reason: string;
  /** The system's error code (EROFS, ENOSPC…), when there is one. */
  readonly errno: string | undefined;

  constructor(
    readonly path: string,
    error: unknown,
    what: string,
  ) {
    const reason = writeFailureReason(error);
    super(`cannot write ${what} to ${cleanText(path)}: ${reason}`, 'output_path');
    this.reason = reason;
    this.errno = (error as NodeJS.ErrnoException).code;
    this.name = 'OutputFileError';
  }
}

export interface WriteOptions {
  /** Refuse to replace an existing file (policy-pack new): the target is created, never overwritten. */
  exclusive?: boolean;
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** `-`, `/dev/stdout`, and any path (e.g. a link) that is this process's own stdout mean stdout. */
export function isStdoutPath(target: string | undefined): boolean {
  if (target === undefined || target === '-' || target === '/dev/stdout') return true;
  try {
    const stat = fs.statSync(target);
    if (stat.isFile() || stat.isDirectory()) return false;
    const stdout = fs.fstatSync(1);
    return stat.dev === stdout.dev && stat.ino === stdout.ino;
  } catch {
    return false;
  }
}

/**
 * Writes `data` to stdout (`file` undefined, `-`, /dev/stdout), a device or pipe in place, or a regular
 * file atomically. `what` names the output in an error ("sarif report", "snapshot").
 */
export function writeOutput(file: string | undefined, data: string, what: string, options: WriteOptions = {}): void {
  if (isStdoutPath(file)) {
    process.stdout.write(data.endsWith('\n') || data.length === 0 ? data : `${data}\n`);
    return;
  }
  const target = file!;
  try {
    const stat = statOrUndefined(target);
    if (stat !== undefined && options.exclusive) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    if (stat !== undefined && !stat.isFile() && !stat.isDirectory()) fs.writeFileSync(target, data);
    else writeFileAtomic(target, data, options);
  } catch (error) {
    throw new OutputFileError(target, error, what);
  }
}

/**
 * Appends `text` (a newline added if missing). A failed append (a full disk, a file size limit) is cut back
 * to the file's size before it, so the file never ends in half an append; then OutputFileError.
 */
export function appendOutput(file: string, text: string, what: string): void {
  let fd: number | undefined;
  let sizeBefore: number | undefined;
  try {
    fd = fs.openSync(file, 'a');
    const stat = fs.fstatSync(fd);
    if (stat.isFile()) sizeBefore = stat.size;
    fs.writeFileSync(fd, text.endsWith('\n') ? text : `${text}\n`);
  } catch (error) {
    if (fd !== undefined && sizeBefore !== undefined) {
      try {
        fs.ftruncateSync(fd, sizeBefore);
      } catch {
        // The error below is all that can be said.
      }
    }
    throw new OutputFileError(file, error, what);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The same file however it is spelled: the real path when it exists, else the resolved one. */
function identity(file: string): string {
  try {
    return fs.realpathSync(file);
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
    fs.mkdirSync(directory, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let missing = directory;
    while (path.dirname(missing) !== missing && statOrUndefined(path.dirname(missing)) === undefined) missing = path.dirname(missing);
    fs.mkdirSync(missing);
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
    const toStdout = isStdoutPath(target.path);
    const key = toStdout ? '<stdout>' : identity(target.path!);
    const shown = target.path ?? 'stdout';
    if (seen.has(key)) throw new UsageError(`${flag}: ${shown} is given as an output more than once (${seen.get(key)} and ${shown}); each output needs its own path`, 'output_path');
    seen.set(key, shown);
    if (toStdout) continue;
    const file = target.path!;
    const stat = statOrUndefined(file);
    const input = inputIds.get(key) ?? (stat === undefined ? undefined : inputIds.get(`${stat.dev}:${stat.ino}`));
    if (input !== undefined) throw new UsageError(`${flag}: ${file} is also an input (${input}); writing it would destroy it`, 'output_path');
    if (stat?.isDirectory()) throw new UsageError(`${flag}: ${file} is a directory; give a file path`, 'output_path');
    if (stat?.isSocket()) throw new UsageError(`${flag}: ${file} is a socket; give a file path`, 'output_path');
    const parent = path.dirname(path.resolve(file));
    try {
      makeParents(parent);
      fs.accessSync(parent, fs.constants.W_OK);
    } catch (error) {
      throw new UsageError(`${flag}: cannot write ${file}: its directory ${parent} cannot be created or written: ${writeFailureReason(error)}`, 'output_path');
    }
  }
}

function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomHex(6)}.tmp`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Best effort: the temp files of this target whose writer process no longer exists (kill -9, power loss). */
function removeStaleTemps(target: string): void {
  const directory = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (match === null || isAlive(Number(match[1]))) continue;
    try {
      fs.rmSync(path.join(directory, name), { force: true });
    } catch {
      // Best effort only.
    }
  }
}

/**
 * A regular file replaced atomically (synchronous: the CLI writes its reports before it exits with the
 * verdict's code). A new file gets 0o666 less the umask; an existing file keeps its mode. With `exclusive`,
 * the temp file is linked to the target (which fails if the target exists) instead of renamed over it.
 * Throws the system error; writeOutput words it.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  const temp = tempPathFor(target);
  let existing: number | undefined;
  try {
    existing = fs.statSync(target).mode & 0o7777;
  } catch {
    existing = undefined;
  }
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', existing ?? 0o666);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    // open() applies the umask; an existing file's mode is restored exactly.
    if (existing !== undefined) fs.chmodSync(temp, existing);
    if (options.exclusive) {
      fs.linkSync(temp, target);
      fs.rmSync(temp, { force: true });
    } else {
      fs.renameSync(temp, target);
    }
  } catch (error) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already failing; the original error matters.
      }
    }
    fs.rmSync(temp, { force: true });
    throw error;
  }
  try {
    const dirFd = fs.openSync(path.dirname(target), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Best effort only: some platforms and filesystems refuse a directory fsync.
  }
  removeStaleTemps(target);
}
