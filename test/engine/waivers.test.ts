import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine';
import type { Waiver } from '../../src/core/types';
import { ACCOUNT_A, ACCOUNT_B, account, declared, desiredState, inventory, live, loc, waiver } from '../rules/fixtures';

// One enabled_mismatch on example.com in account A.
function run(waivers: Waiver[], today: string) {
  const desired = desiredState([account({ connectors: [declared('example.com', { enabled: true, location: loc(8) })] })], waivers);
  return evaluate(desired, [inventory(ACCOUNT_A, [live('example.com', { id: 'c1', enabled: false })])], { today }).findings;
}

describe('waivers', () => {
  it('apply on their expiry day (inclusive), recording reason, expiry and approver', () => {
    const findings = run([waiver({ expires: '2027-01-31' })], '2027-01-31');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'enabled_mismatch',
      waived: true,
      waiver: { reason: 'change CHG-1234', expires: '2027-01-31', by: 'security@example.com' },
    });
  });

  it('stop applying the day after: the finding is unwaived and waiver_expired is raised at the waiver', () => {
    const findings = run([waiver({ expires: '2027-01-31', location: loc(30, 5) })], '2027-02-01');
    expect(findings.map((f) => [f.kind, f.waived])).toEqual([
      ['enabled_mismatch', false],
      ['waiver_expired', false],
    ]);
    expect(findings[0].waiver).toBeUndefined();
    expect(findings[1]).toMatchObject({ ruleId: 'CFSSO008', severity: 'warning', accountId: ACCOUNT_A, emailDomain: 'example.com', location: loc(30, 5) });
  });

  it('that match no finding raise waiver_unused (other kind, other domain, normalised domain still matches)', () => {
    const findings = run(
      [
        waiver({ kind: 'fedramp_mismatch', location: loc(31, 5) }),
        waiver({ emailDomain: 'other.example', location: loc(32, 5) }),
        waiver({ emailDomain: 'EXAMPLE.com.', location: loc(33, 5) }),
      ],
      '2026-11-28',
    );
    expect(findings.map((f) => [f.kind, f.waived, f.location?.line])).toEqual([
      ['enabled_mismatch', true, 8],
      ['waiver_unused', false, 31],
      ['waiver_unused', false, 32],
    ]);
    expect(findings[1]).toMatchObject({ ruleId: 'CFSSO009', severity: 'note' });
    expect(findings[2].emailDomain).toBe('other.example');
  });

  it('omit `by` when the waiver names no approver', () => {
    const [finding] = run([waiver({ approvedBy: undefined })], '2026-11-28');
    expect(finding.waived).toBe(true);
    expect(finding.waiver).toEqual({ reason: 'change CHG-1234', expires: '2027-01-31' });
  });

  it('of accounts that were not evaluated are neither applied nor reported', () => {
    const desired = desiredState(
      [account(), account({ id: ACCOUNT_B })],
      [waiver({ accountId: ACCOUNT_B, expires: '2020-01-01' }), waiver({ accountId: ACCOUNT_B, emailDomain: 'b.example' })],
    );
    expect(evaluate(desired, [inventory(ACCOUNT_A, []), inventory(ACCOUNT_B, [], 'error')], { today: '2026-11-28' }).findings).toEqual([]);
  });
});
