// Reading an untrusted input file: a regular file only (a FIFO or device would block or never
// end), and never more than a size cap (the cap is checked before reading, and again while
// reading, for a file that grows).
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

export const MIB = 1024 * 1024;

export class InputFileError extends Error {
  constructor(
    message: string,
    readonly code: 'ENOENT' | 'NOT_REGULAR' | 'TOO_LARGE' | 'READ',
  ) {
    super(message);
  }
}

function kindOf(stat: import('node:fs').Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** `what` names the file in messages ("snapshot", "JSON report"). Throws InputFileError. */
export function readBoundedFile(path: string, maxBytes: number, what: string): string {
  let fd: number;
  try {
    // stat before open: opening a FIFO for reading blocks until a writer appears.
    const before = statSync(path);
    if (!before.isFile()) throw new InputFileError(`${path}: the ${what} is ${kindOf(before)}, expected a regular file`, 'NOT_REGULAR');
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputFileError(`${path}: ${what} file not found`, 'ENOENT');
    throw new InputFileError(`${path}: cannot read the ${what} (${code ?? (error as Error).message})`, 'READ');
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputFileError(`${path}: the ${what} is ${kindOf(stat)}, expected a regular file`, 'NOT_REGULAR');
    const tooLarge = (): InputFileError =>
      new InputFileError(`${path}: the ${what} is larger than the limit of ${Math.round(maxBytes / MIB)} MiB; refusing to read it`, 'TOO_LARGE');
    if (stat.size > maxBytes) throw tooLarge();
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw tooLarge();
        const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw tooLarge();
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(`${path}: cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'READ');
  } finally {
    closeSync(fd);
  }
}
