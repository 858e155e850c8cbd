import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { DesiredState } from '../types';
import { DesiredStateError, type DesiredStateErrorCode } from './errors';
import { parseDesiredState } from './parse';
import { MAX_DESIRED_STATE_BYTES, oversizeError } from './source';

function readProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, expected a file';
    case 'ENOTREGULAR':
      return `is ${(err as Error).message}, expected a regular file`;
    default:
      return `cannot read file: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Reads at most the size limit plus one byte, so an oversized file is refused without loading it.
 * The buffer starts at the file's size (not the limit: zero-filling 5 MiB costs more than parsing
 * a typical file) and grows only for files that grow while read, or pipes.
 */
function readBounded(path: string): Uint8Array | number {
  // Checked before open: opening a FIFO blocks until something writes to it, which may be never.
  const before = statSync(path);
  if (before.isFIFO() || before.isSocket() || before.isCharacterDevice() || before.isBlockDevice()) {
    const kind = before.isFIFO() ? 'a FIFO (named pipe)' : before.isSocket() ? 'a socket' : 'a device';
    throw Object.assign(new Error(kind), { code: 'ENOTREGULAR' });
  }
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (stat.size > MAX_DESIRED_STATE_BYTES) return stat.size;
    let buffer = Buffer.allocUnsafe(Math.min(MAX_DESIRED_STATE_BYTES + 1, Math.max(stat.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(MAX_DESIRED_STATE_BYTES + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_DESIRED_STATE_BYTES) return length; // grew while we read, or a pipe
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and parses a desired-state file. `displayPath` (default: `path`) is what locations and
 * messages show, e.g. the path relative to the repository.
 */
export function loadDesiredStateFile(path: string, displayPath: string = path): DesiredState {
  let content: Uint8Array | number;
  try {
    content = readBounded(path);
  } catch (err) {
    const code: DesiredStateErrorCode = (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? 'not_found' : 'unreadable';
    throw new DesiredStateError([{ file: displayPath, line: 0, column: 0, path: '', message: readProblem(err) }], undefined, code);
  }
  if (typeof content === 'number') throw oversizeError(displayPath, content);
  return parseDesiredState(content, displayPath);
}
