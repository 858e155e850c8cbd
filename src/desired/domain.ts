import { normaliseDomain } from '../core/domain';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export type DomainResult = { ok: true; domain: string } | { ok: false; reason: string };

/**
 * Email domain as the desired state and the API are compared: trim, lowercase, drop one trailing
 * dot, IDN to ASCII (punycode). Anything that is then not a plain host name is refused.
 */
export function normaliseEmailDomain(raw: string): DomainResult {
  // One normalisation for the file and the API (the engine's); this adds the refusals.
  const ascii = normaliseDomain(raw);
  if (ascii === '') return { ok: false, reason: 'the domain is empty' };
  // normaliseDomain keeps what IDN conversion refused as it was; here that is an error.
  if (!/^[a-z0-9._-]*$/.test(ascii)) return { ok: false, reason: `"${raw.trim()}" is not a valid domain name` };
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
