// The one reader of untrusted input files, for every command and the policy pack: a regular file only (a
// FIFO or device would block or never end), and never more than the limit of its kind (checked before
// reading, and again while reading, for a file that grows). One table says what each kind is and its limit.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { cleanText } from '../core/text';
import { UsageError } from '../core/errors';

export const MIB = 1024 * 1024;

/** Every kind of input file, what messages call it, and the most bytes read of it. */
export const INPUT_KINDS = {
  /** Hand-written YAML: small. */
  desiredState: { what: 'desired-state file', maxBytes: 5 * MIB },
  /** Thousands of accounts are a few MiB; far over this is not a snapshot. */
  snapshot: { what: 'snapshot', maxBytes: 256 * MIB },
  /** A JSON report (merge, history); a shard's carries its observations, as large as a snapshot. */
  report: { what: 'JSON report', maxBytes: 256 * MIB },
  /** `terraform show -json` of a large workspace runs to tens of MiB. */
  terraformPlan: { what: 'Terraform plan', maxBytes: 512 * MIB },
  /** The emulator's seed: an inventory, as large as a snapshot. */
  emulatorSeed: { what: 'emulator seed file', maxBytes: 256 * MIB },
  /** The emulator's faults: a hand-written list. */
  emulatorFaults: { what: 'faults file', maxBytes: 5 * MIB },
  /** GitHub's event payload ($GITHUB_EVENT_PATH); GitHub caps webhook payloads at 25 MB. */
  githubEvent: { what: 'event payload', maxBytes: 64 * MIB },
  /** The markdown report the Action's comment step posts (GitHub takes 65,536 characters of it). */
  markdownReport: { what: 'markdown report', maxBytes: 16 * MIB },
} as const satisfies Record<string, { what: string; maxBytes: number }>;

export type InputKind = keyof typeof INPUT_KINDS;

/**
 * An input file that cannot be used: the user's mistake, so a UsageError (exit 2, no stack) whose message
 * names the file (cleaned: the path comes from outside) and why.
 */
export class InputFileError extends UsageError {
  constructor(
    readonly path: string,
    /** What is wrong, without the path: callers that show the path their own way use this. */
    readonly reason: string,
    readonly problem: 'ENOENT' | 'NOT_REGULAR' | 'TOO_LARGE' | 'READ',
    /** For TOO_LARGE: the size seen (bytes), at least the limit plus one. */
    readonly size?: number,
  ) {
    super(`${cleanText(path)}: ${reason}`, 'bad_input_file');
    this.name = 'InputFileError';
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function tooLarge(path: string, kind: InputKind, size: number): InputFileError {
  const { what, maxBytes } = INPUT_KINDS[kind];
  return new InputFileError(path, `the ${what} is larger than the limit of ${maxBytes / MIB} MiB; refusing to read it`, 'TOO_LARGE', size);
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/**
 * The file's bytes; throws InputFileError. The buffer starts at the file's size and grows only for a file
 * that grows while it is read.
 */
export function readInput(path: string, kind: InputKind): Buffer {
  const { what, maxBytes } = INPUT_KINDS[kind];
  let fd: number;
  try {
    // stat before open: opening a FIFO for reading blocks until a writer appears.
    const before = statSync(path);
    if (!before.isFile()) throw new InputFileError(path, `the ${what} is ${kindOf(before)}, expected a regular file`, 'NOT_REGULAR');
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputFileError(path, `${what.endsWith(' file') ? what : `${what} file`} not found`, 'ENOENT');
    throw new InputFileError(path, `cannot read the ${what} (${errorCode(error)})`, 'READ');
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputFileError(path, `the ${what} is ${kindOf(stat)}, expected a regular file`, 'NOT_REGULAR');
    if (stat.size > maxBytes) throw tooLarge(path, kind, stat.size);
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw tooLarge(path, kind, length);
        const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw tooLarge(path, kind, length);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(path, `cannot read the ${what} (${errorCode(error)})`, 'READ');
  } finally {
    closeSync(fd);
  }
}

/** The file as UTF-8 text; see readInput. */
export function readInputText(path: string, kind: InputKind): string {
  return readInput(path, kind).toString('utf8');
}

/** All of a stream (standard input), refusing more than the kind's limit; `label` names it in messages. */
export async function readInputStream(stream: NodeJS.ReadableStream, kind: InputKind, label: string): Promise<Buffer> {
  const { maxBytes } = INPUT_KINDS[kind];
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    length += buffer.length;
    if (length > maxBytes) throw tooLarge(label, kind, length);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, length);
}
