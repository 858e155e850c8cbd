import { domainToASCII } from 'node:url';

const PLAIN_ASCII_DOMAIN = /^[a-z0-9._-]*$/;
/** Only a-z, 0-9, '.', '_', '-' (nothing to trim or lowercase) and no trailing dot. */
const NORMAL_PLAIN_DOMAIN = /^(?:[a-z0-9._-]*[a-z0-9_-])?$/;

/**
 * Normalises an email domain the way the desired-state file and the API must be compared:
 * trim, lowercase, drop one trailing dot, IDN to ASCII (punycode). Idempotent.
 * A string that is not a valid domain keeps its trimmed, lowercased form (it then simply
 * matches nothing else), so no input is lost or made to collide.
 */
export function normaliseDomain(raw: string): string {
  // Fastest path (the engine's hot loop, twice per connector): already normal, returned as is. A
  // RegExp, not a character loop: it runs as native code even before the loop's caller is optimised
  // (a CLI evaluates once, so the first run is the one that counts).
  if (NORMAL_PLAIN_DOMAIN.test(raw)) return raw;
  let domain = raw.trim().toLowerCase();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  // Fast path: already ASCII.
  if (PLAIN_ASCII_DOMAIN.test(domain)) return domain;
  const ascii = domainToASCII(domain);
  return ascii === '' ? domain : ascii;
}
