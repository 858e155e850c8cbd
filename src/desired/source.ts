import { isUtf8 } from 'node:buffer';
import { INPUT_KINDS, InputFileError, MIB } from '../fs/input';
import { DesiredStateError } from './errors';

/** Larger files are refused before parsing: a desired-state file is hand-written and small. */
export const MAX_DESIRED_STATE_BYTES = INPUT_KINDS.desiredState.maxBytes;

export interface DecodedSource {
  /** The text without a leading byte-order mark. */
  text: string;
  /** The exact bytes, BOM included: what the SHA-256 in reports is of. */
  bytes: Uint8Array;
}


/** The desired-state error for a read the input reader refused as too large (file or stdin); undefined for any other error. */
export function oversizeOf(error: unknown, file: string): DesiredStateError | undefined {
  return error instanceof InputFileError && error.problem === 'TOO_LARGE' ? oversizeError(file, error.size ?? MAX_DESIRED_STATE_BYTES + 1) : undefined;
}

export function oversizeError(file: string, bytes: number): DesiredStateError {
  const mib = (bytes / MIB).toFixed(1);
  return new DesiredStateError([
    {
      file,
      line: 0,
      column: 0,
      path: '',
      message: `file is too large (${mib} MiB); a desired-state file may be at most ${MAX_DESIRED_STATE_BYTES / MIB} MiB`,
    },
  ], undefined, 'too_large');
}

/** Byte offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let codePoint = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (codePoint < min || (codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

function invalidUtf8Error(file: string, bytes: Uint8Array, offset: number): DesiredStateError {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Everything before the bad byte is valid UTF-8, so the column can be counted in characters.
  const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length + 1;
  const hex = bytes[offset].toString(16).toUpperCase().padStart(2, '0');
  return new DesiredStateError([
    {
      file,
      line,
      column,
      path: '',
      message: `file is not valid UTF-8: byte 0x${hex} at byte offset ${offset} does not start a valid UTF-8 sequence`,
      hint: 'save the file as UTF-8',
    },
  ]);
}

/** Size check and strict UTF-8 decoding (a BOM is fine). */
export function decodeSource(input: string | Uint8Array, file: string): DecodedSource {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (bytes.byteLength > MAX_DESIRED_STATE_BYTES) throw oversizeError(file, bytes.byteLength);
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    // isUtf8 is as strict as a fatal TextDecoder, and cheaper on a cold start.
    if (!isUtf8(input)) {
      const offset = firstInvalidUtf8Offset(input);
      throw invalidUtf8Error(file, input, offset < 0 ? 0 : offset);
    }
    text = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  }
  return { text: text.replace(/^\uFEFF/, ''), bytes };
}
