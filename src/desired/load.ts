import type { DesiredState } from '../core/types';
import { InputFileError, readInput } from '../fs/input';
import { DesiredStateError } from './errors';
import { parseDesiredState } from './parse';
import { oversizeOf } from './source';

/**
 * Reads and parses a desired-state file: a regular file only, never more than the size limit plus
 * one byte (src/fs/input.ts, the one reader of input files). `displayPath` (default: `path`)
 * is what locations and messages show, e.g. the path relative to the repository.
 */
export function loadDesiredStateFile(path: string, displayPath: string = path): DesiredState {
  let content: Buffer;
  try {
    content = readInput(path, 'desiredState');
  } catch (err) {
    const oversize = oversizeOf(err, displayPath);
    if (oversize !== undefined) throw oversize;
    const reason = err instanceof InputFileError ? (err.problem === 'ENOENT' ? 'file not found' : err.reason) : String(err);
    const code = err instanceof InputFileError && err.problem === 'ENOENT' ? 'not_found' : 'unreadable';
    throw new DesiredStateError([{ file: displayPath, line: 0, column: 0, path: '', message: reason }], undefined, code);
  }
  return parseDesiredState(content, displayPath);
}
