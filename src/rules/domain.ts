import { domainToASCII } from 'node:url';

const PLAIN_ASCII_DOMAIN = /^[a-z0-9._-]*$/;

/**
 * Normalises an email domain the way the desired-state file and the API must be compared:
 * trim, lowercase, drop one trailing dot, IDN to ASCII (punycode). Idempotent.
 * A string that is not a valid domain keeps its trimmed, lowercased form (it then simply
 * matches nothing else), so no input is lost or made to collide.
 */
export function normaliseDomain(raw: string): string {
  // Fastest path (the engine's hot loop, twice per connector): already normal, returned as is.
  if (isPlainNormal(raw)) return raw;
  let domain = raw.trim().toLowerCase();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  // Fast path: already ASCII (the common case, and the engine's hot loop).
  if (PLAIN_ASCII_DOMAIN.test(domain)) return domain;
  const ascii = domainToASCII(domain);
  return ascii === '' ? domain : ascii;
}

/** Only a-z, 0-9, '.', '_', '-' (so nothing to trim or lowercase) and no trailing dot: a char loop, no RegExp call. */
function isPlainNormal(domain: string): boolean {
  for (let i = 0; i < domain.length; i++) {
    const c = domain.charCodeAt(i);
    const plain = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x5f || c === 0x2d;
    if (!plain) return false;
  }
  return domain.length === 0 || domain.charCodeAt(domain.length - 1) !== 0x2e;
}
