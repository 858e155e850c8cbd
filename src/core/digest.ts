// SHA-256 digests and random names, with node:crypto loaded on first use: loading it is ~8 ms of a
// cold start, and many runs (validate, most outputs) never hash anything.
import type * as Crypto from 'node:crypto';

let loaded: typeof Crypto | undefined;

function nodeCrypto(): typeof Crypto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('node:crypto') as typeof Crypto);
}

export function sha256(data: string | Uint8Array): Buffer {
  return nodeCrypto().createHash('sha256').update(data).digest();
}

export function sha256Hex(data: string | Uint8Array): string {
  return sha256(data).toString('hex');
}

/** `bytes` random bytes as hex (temporary file names, demo tokens). */
export function randomHex(bytes: number): string {
  return nodeCrypto().randomBytes(bytes).toString('hex');
}
