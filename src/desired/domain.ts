import { domainToASCII } from 'node:url';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export type DomainResult = { ok: true; domain: string } | { ok: false; reason: string };

/**
 * Email domain as the desired state and the API are compared: trim, lowercase, drop one trailing
 * dot, IDN to ASCII (punycode). Anything that is then not a plain host name is refused.
 */
export function normaliseEmailDomain(raw: string): DomainResult {
  let domain = raw.trim().toLowerCase();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (domain === '') return { ok: false, reason: 'the domain is empty' };
  const ascii = domainToASCII(domain);
  if (ascii === '') return { ok: false, reason: `"${raw.trim()}" is not a valid domain name` };
  const labels = ascii.split('.');
  if (labels.length < 2) return { ok: false, reason: `"${ascii}" has no dot` };
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    const why = bad === '' ? 'an empty label (two dots in a row, or a leading dot)' : `the label "${bad}"`;
    return { ok: false, reason: `"${raw.trim()}" is not a valid domain name: ${why}` };
  }
  if (ascii.length > 253) return { ok: false, reason: 'the domain is longer than 253 characters' };
  return { ok: true, domain: ascii };
}
