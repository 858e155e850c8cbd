// Reading an untrusted input file: a regular file only (a FIFO or device would block or never
// end), and never more than a size cap (the cap is checked before reading, and again while
// reading, for a file that grows).
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

export const MIB = 1024 * 1024;

export class InputFileError extends Error {
  constructor(
    readonly path: string,
    /** What is wrong, without the path: callers that show the path their own way use this. */
    readonly reason: string,
    readonly code: 'ENOENT' | 'NOT_REGULAR' | 'TOO_LARGE' | 'READ',
    /** For TOO_LARGE: the size seen (bytes), at least the cap plus one. */
    readonly size?: number,
  ) {
    super(`${path}: ${reason}`);
  }
}

function kindOf(stat: import('node:fs').Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * The file's bytes; `what` names it in messages ("snapshot", "JSON report"). Throws InputFileError.
 * The buffer starts at the file's size and grows only for a file that grows while it is read.
 */
export function readBoundedBytes(path: string, maxBytes: number, what: string): Buffer {
  let fd: number;
  try {
    // stat before open: opening a FIFO for reading blocks until a writer appears.
    const before = statSync(path);
    if (!before.isFile()) throw new InputFileError(path, `the ${what} is ${kindOf(before)}, expected a regular file`, 'NOT_REGULAR');
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputFileError(path, `${what} file not found`, 'ENOENT');
    throw new InputFileError(path, `cannot read the ${what} (${code ?? (error as Error).message})`, 'READ');
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputFileError(path, `the ${what} is ${kindOf(stat)}, expected a regular file`, 'NOT_REGULAR');
    const tooLarge = (size: number): InputFileError =>
      new InputFileError(path, `the ${what} is larger than the limit of ${Math.round(maxBytes / MIB)} MiB; refusing to read it`, 'TOO_LARGE', size);
    if (stat.size > maxBytes) throw tooLarge(stat.size);
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw tooLarge(length);
        const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw tooLarge(length);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(path, `cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'READ');
  } finally {
    closeSync(fd);
  }
}

/** The file as UTF-8 text; see readBoundedBytes. */
export function readBoundedFile(path: string, maxBytes: number, what: string): string {
  return readBoundedBytes(path, maxBytes, what).toString('utf8');
}
