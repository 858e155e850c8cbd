// Issue 8's field-absence matrix: each optional connector field absent, declared or not (directly
// or through `defaults`), gives the documented answer. Desired state from real YAML.
import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/desired';
import { buildReport, evaluate, gateOf } from '../../src/engine';
import type { ObservedConnector, Waiver } from '../../src/core/types';
import { ACCOUNT_A, inventory } from '../rules/fixtures';

const FULL: ObservedConnector = {
  accountId: ACCOUNT_A,
  id: 'c'.repeat(32),
  emailDomain: 'example.com',
  enabled: true,
  useFedrampLanguage: false,
  verification: { status: 'verified', code: 'cloudflare_dashboard_sso=1' },
};

type Field = 'enabled' | 'useFedrampLanguage' | 'verification' | 'verification.status';
const YAML_DECLARATION: Record<Field, string> = {
  enabled: 'enabled: true',
  useFedrampLanguage: 'use_fedramp_language: false',
  verification: 'verification: verified',
  'verification.status': 'verification: [pending, verified]',
};
const REPORTED_NAME: Record<Field, string> = {
  enabled: 'enabled',
  useFedrampLanguage: 'use_fedramp_language',
  verification: 'verification.status',
  'verification.status': 'verification.status',
};

function without(field: Field): ObservedConnector {
  const copy = structuredClone(FULL);
  if (field === 'verification.status') delete copy.verification?.status;
  else delete copy[field];
  return copy;
}

function run(yaml: string, connectors: ObservedConnector[], waivers: Waiver[] = []) {
  const desired = parseDesiredState(yaml, 'sso-connectors.yaml');
  desired.waivers.push(...waivers);
  const evaluation = evaluate(desired, [inventory(ACCOUNT_A, connectors)], { today: '2026-11-28' });
        const { findings } = evaluation;
  const report = buildReport({ desired, inventories: [inventory(ACCOUNT_A, connectors)], ...evaluation, generatedAt: '2026-11-28T00:00:00Z', asOf: '2026-11-28', toolVersion: '0', failOn: 'error' });
  return { findings, report, exit: gateOf(report).exitCode };
}

const file = (connector: string, defaults = '') =>
  `version: 1\n${defaults}accounts:\n  - id: ${ACCOUNT_A}\n    connectors:\n      - email_domain: example.com\n${connector}`;

describe('field absence × declaration', () => {
  for (const field of Object.keys(YAML_DECLARATION) as Field[]) {
    describe(`live connector without ${field}`, () => {
      it('declared directly: one unverifiable finding for that field, run undecided (exit 2)', () => {
        const { findings, report, exit } = run(file(`        ${YAML_DECLARATION[field]}\n`), [without(field)]);
        expect(findings.map((f) => [f.kind, f.actual])).toEqual([['unverifiable', `${REPORTED_NAME[field]} not reported`]]);
        expect(report.status).toBe('error');
        expect(report.accounts[0]?.status).toBe('ok');
        expect(exit).toBe(2);
      });

      it('declared through defaults: the same', () => {
        const { findings, exit } = run(file('', `defaults:\n  ${YAML_DECLARATION[field]}\n`), [without(field)]);
        expect(findings.map((f) => f.kind)).toEqual(['unverifiable']);
        expect(exit).toBe(2);
      });

      it('not declared: read fine and compliant (exit 0)', () => {
        const { findings, report, exit } = run(file(''), [without(field)]);
        expect(findings).toEqual([]);
        expect(report.status).toBe('compliant');
        expect(exit).toBe(0);
      });
    });
  }

  it('every other finding of the account is still evaluated and reported', () => {
    const drifting = { ...without('useFedrampLanguage'), enabled: false };
    const other = { ...FULL, id: 'd'.repeat(32), emailDomain: 'other.example.com' };
    const yaml = file('        enabled: true\n        use_fedramp_language: true\n');
    const { findings, exit } = run(yaml, [drifting, other]);
    expect(findings.map((f) => f.kind).sort()).toEqual(['enabled_mismatch', 'unexpected', 'unverifiable']);
    expect(exit).toBe(2);
  });

  it('an unverifiable check cannot be waived', () => {
    const waiver: Waiver = {
      accountId: ACCOUNT_A,
      emailDomain: 'example.com',
      kind: 'unverifiable',
      reason: 'try to hide a blind spot',
      expires: '2099-01-01',
      location: { file: 'sso-connectors.yaml', line: 1, column: 1 },
    };
    const { findings, exit } = run(file('        enabled: true\n'), [without('enabled')], [waiver]);
    expect(findings.find((f) => f.kind === 'unverifiable')?.waived).toBe(false);
    expect(exit).toBe(2);
  });

  it('the desired-state schema offers no waiver for unverifiable checks', () => {
    const yaml = `${file('')}waivers:\n  - account: ${ACCOUNT_A}\n    email_domain: example.com\n    kind: unverifiable\n    reason: r\n    approved_by: sec@example.com\n    expires: 2099-01-01\n`;
    expect(() => parseDesiredState(yaml, 'sso-connectors.yaml')).toThrow(/kind/);
  });
});

describe('verification status as Cloudflare serves it', () => {
  it('is compared case-insensitively', () => {
    const { findings, exit } = run(file('        verification: verified\n'), [{ ...FULL, verification: { status: 'VERIFIED' } }]);
    expect(findings).toEqual([]);
    expect(exit).toBe(0);
  });

  it('a status Cloudflare adds later is a verification_mismatch, not an unreadable account', () => {
    const { findings, report, exit } = run(file('        verification: verified\n'), [{ ...FULL, verification: { status: 'expired' } }]);
    expect(findings.map((f) => [f.kind, f.actual])).toEqual([['verification_mismatch', 'expired']]);
    expect(report.accounts[0]?.status).toBe('ok');
    expect(exit).toBe(1);
  });
});
