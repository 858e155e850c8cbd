import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/desired';
import type { FindingKind, UnmanagedPolicy, VerificationStatus } from '../../src/core/types';

// An independent model of domain normalisation for the generated inputs: IDN labels come from a fixed
// table of known punycode forms, so the expectation does not reuse the code under test.
const IDN_LABELS: Record<string, string> = {
  bücher: 'xn--bcher-kva',
  münchen: 'xn--mnchen-3ya',
  例え: 'xn--r8jz45g',
  añejo: 'xn--aejo-gqa',
};

interface GeneratedDomain {
  written: string;
  normalised: string;
}

const asciiLabel = fc.stringMatching(/^[a-z0-9]{1,12}$/);
const label = fc.oneof(
  { weight: 4, arbitrary: asciiLabel.map((l) => ({ written: l, normalised: l })) },
  { weight: 1, arbitrary: fc.constantFrom(...Object.keys(IDN_LABELS)).map((l) => ({ written: l, normalised: IDN_LABELS[l] })) },
);
const domain: fc.Arbitrary<GeneratedDomain> = fc
  .record({
    labels: fc.array(label, { minLength: 1, maxLength: 3 }),
    tld: fc.constantFrom('com', 'example', 'org', 'io'),
    upper: fc.boolean(),
    trailingDot: fc.boolean(),
  })
  .map(({ labels, tld, upper, trailingDot }) => {
    const written = [...labels.map((l) => l.written), tld].join('.');
    const normalised = [...labels.map((l) => l.normalised), tld].join('.');
    return { written: (upper ? written.toUpperCase() : written) + (trailingDot ? '.' : ''), normalised };
  });

const accountId = fc.stringMatching(/^[0-9a-f]{32}$/);
const status = fc.constantFrom<VerificationStatus>('awaiting', 'pending', 'failed', 'verified');
const verification = fc.oneof(status, fc.uniqueArray(status, { minLength: 1, maxLength: 4 }));
const settings = fc.record(
  { enabled: fc.boolean(), verification, use_fedramp_language: fc.boolean() },
  { requiredKeys: [] },
);

const connector = fc.record({
  domain,
  absent: fc.boolean(),
  settings,
  explicitPresent: fc.boolean(),
  // email_domain is not always the first key, so its location must really be the key's own.
  domainFirst: fc.boolean(),
});

const account = fc.record({
  id: accountId,
  name: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
  unmanaged: fc.option(fc.constantFrom<UnmanagedPolicy>('error', 'warning', 'ignore'), { nil: undefined }),
  connectors: fc.uniqueArray(connector, { maxLength: 5, selector: (c) => c.domain.normalised }),
});

const waiverKind = fc.constantFrom<FindingKind>('missing', 'unexpected', 'forbidden', 'enabled_mismatch', 'verification_mismatch', 'fedramp_mismatch', 'duplicate');
const date = fc
  .record({ year: fc.integer({ min: 2020, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);

const model = fc
  .record({
    defaults: fc.option(settings, { nil: undefined }),
    accounts: fc.uniqueArray(account, { minLength: 1, maxLength: 4, selector: (a) => a.id }),
    waiverSeeds: fc.array(
      fc.record({ accountIndex: fc.nat(), domain, kind: waiverKind, reason: fc.string({ minLength: 1, maxLength: 40 }), expires: date, approvedBy: fc.emailAddress(), approvedOn: fc.option(date, { nil: undefined }) }),
      { maxLength: 4 },
    ),
  })
  .map(({ defaults, accounts, waiverSeeds }) => {
    const seen = new Set<string>();
    const waivers = waiverSeeds
      .map((seed) => ({ ...seed, account: accounts[seed.accountIndex % accounts.length].id }))
      .filter((w) => {
        const key = `${w.account} ${w.domain.normalised} ${w.kind}`;
        return seen.has(key) ? false : (seen.add(key), true);
      });
    return { defaults, accounts, waivers };
  });

type Model = typeof model extends fc.Arbitrary<infer T> ? T : never;

/** The YAML-ready document, keys in the order a person would write them. */
function toDocument(m: Model): Record<string, unknown> {
  const doc: Record<string, unknown> = { version: 1 };
  if (m.defaults) doc.defaults = m.defaults;
  doc.accounts = m.accounts.map((a) => ({
    id: a.id,
    ...(a.name !== undefined ? { name: a.name } : {}),
    ...(a.unmanaged !== undefined ? { unmanaged: a.unmanaged } : {}),
    connectors: a.connectors.map((c) => {
      const rest = c.absent ? { state: 'absent' } : { ...(c.explicitPresent ? { state: 'present' } : {}), ...c.settings };
      return c.domainFirst ? { email_domain: c.domain.written, ...rest } : { ...rest, email_domain: c.domain.written };
    }),
  }));
  if (m.waivers.length > 0) {
    doc.waivers = m.waivers.map((w) => ({
      account: w.account,
      email_domain: w.domain.written,
      kind: w.kind,
      reason: w.reason,
      approved_by: w.approvedBy,
      ...(w.approvedOn !== undefined && w.approvedOn <= w.expires ? { approved_on: w.approvedOn } : {}),
      expires: w.expires,
    }));
  }
  return doc;
}

const asList = (v: VerificationStatus | VerificationStatus[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

describe('desired-state round trip (property)', () => {
  it('parse(stringify(x)) keeps every field, normalises domains, and locations point at the right line', () => {
    fc.assert(
      fc.property(model, (m) => {
        const text = stringify(toDocument(m));
        const lines = text.split('\n');
        const state = parseDesiredState(text, 'generated.yaml');
        const textAt = (loc: { line: number; column: number }) => lines[loc.line - 1].slice(loc.column - 1);

        expect(state.accounts).toHaveLength(m.accounts.length);
        m.accounts.forEach((a, i) => {
          const parsed = state.accounts[i];
          expect(parsed.id).toBe(a.id);
          expect(parsed.name).toBe(a.name);
          expect(parsed.unmanaged).toBe(a.unmanaged ?? 'error');
          expect(textAt(parsed.location)).toMatch(new RegExp(`^id: "?${a.id}`));
          expect(parsed.connectors).toHaveLength(a.connectors.length);
          a.connectors.forEach((c, j) => {
            const pc = parsed.connectors[j];
            expect(pc.accountId).toBe(a.id);
            expect(pc.emailDomain).toBe(c.domain.normalised);
            expect(pc.state).toBe(c.absent ? 'absent' : 'present');
            const want = c.absent ? {} : { ...m.defaults, ...c.settings };
            expect(pc.enabled).toBe(want.enabled);
            expect(pc.useFedrampLanguage).toBe(want.use_fedramp_language);
            expect(pc.verification).toEqual(asList(want.verification));
            expect(textAt(pc.location).startsWith('email_domain:')).toBe(true);
            expect(lines[pc.location.line - 1]).toContain(c.domain.written);
          });
        });

        expect(state.waivers).toHaveLength(m.waivers.length);
        m.waivers.forEach((w, k) => {
          const pw = state.waivers[k];
          expect(pw).toMatchObject({ accountId: w.account, emailDomain: w.domain.normalised, kind: w.kind, reason: w.reason, expires: w.expires });
          expect(pw.approvedBy).toBe(w.approvedBy);
          expect(pw.approvedOn).toBe(w.approvedOn !== undefined && w.approvedOn <= w.expires ? w.approvedOn : undefined);
          expect(textAt(pw.location)).toMatch(new RegExp(`^account: "?${w.account}`));
        });
      }),
      { numRuns: 150 },
    );
  });
});
