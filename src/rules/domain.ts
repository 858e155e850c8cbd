import { domainToASCII } from 'node:url';

const PLAIN_ASCII_DOMAIN = /^[a-z0-9._-]*$/;

/**
 * Normalises an email domain the way the desired-state file and the API must be compared:
 * trim, lowercase, drop one trailing dot, IDN to ASCII (punycode). Idempotent.
 * A string that is not a valid domain keeps its trimmed, lowercased form (it then simply
 * matches nothing else), so no input is lost or made to collide.
 */
export function normaliseDomain(raw: string): string {
  let domain = raw.trim().toLowerCase();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  // Fast path: already ASCII (the common case, and the engine's hot loop).
  if (PLAIN_ASCII_DOMAIN.test(domain)) return domain;
  const ascii = domainToASCII(domain);
  return ascii === '' ? domain : ascii;
}
