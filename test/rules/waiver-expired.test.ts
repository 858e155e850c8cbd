import { describe, expect, it } from 'vitest';
import { waiverExpiredRule } from '../../src/rules/waiver-expired';
import type { WaiverUse } from '../../src/rules';
import { account, loc, waiver, waiverFindingsOf } from './fixtures';

function use(fields: Partial<WaiverUse>): WaiverUse {
  return { waiver: waiver({ location: loc(41, 5) }), account: account(), emailDomain: 'example.com', expired: false, matchedFindings: 0, today: '2027-02-01', ...fields };
}

describe('CFSSO008 waiver_expired', () => {
  it('fires as a warning at the waiver entry when the waiver has expired', () => {
    const [finding] = waiverFindingsOf(waiverExpiredRule, use({ expired: true }));
    expect(finding).toMatchObject({ ruleId: 'CFSSO008', kind: 'waiver_expired', severity: 'warning', emailDomain: 'example.com', actual: '2027-01-31', location: loc(41, 5) });
    expect(finding.message).toContain('expired on 2027-01-31');
    expect(finding.message).toContain('enabled_mismatch');
  });

  it('is silent while the waiver is in force', () => {
    expect(waiverFindingsOf(waiverExpiredRule, use({ expired: false, matchedFindings: 1 }))).toEqual([]);
    expect(waiverFindingsOf(waiverExpiredRule, use({ expired: false, matchedFindings: 0 }))).toEqual([]);
  });
});
