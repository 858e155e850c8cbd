// A file from the command line read at the edge (bounded, a regular file): a file that cannot be read is
// the user's mistake, so it is a usage error (exit 2) that names the file and why, never a stack trace.
import { InputFileError, readBoundedBytes } from '../fs/read-bounded';
import { UsageError } from './errors';

export function readInputFile(path: string, maxBytes: number, what: string): Buffer {
  try {
    return readBoundedBytes(path, maxBytes, what);
  } catch (error) {
    if (error instanceof InputFileError) throw new UsageError(error.message, 'bad_input_file');
    throw error;
  }
}
