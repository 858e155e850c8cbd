import { describe, expect, it } from 'vitest';
import { waiverUnusedRule } from '../../src/rules/waiver-unused';
import type { WaiverUse } from '../../src/rules';
import { account, loc, waiver, waiverFindingsOf } from './fixtures';

function use(fields: Partial<WaiverUse>): WaiverUse {
  return { waiver: waiver({ location: loc(42, 5) }), account: account(), emailDomain: 'example.com', expired: false, matchedFindings: 0, today: '2027-01-01', ...fields };
}

describe('CFSSO009 waiver_unused', () => {
  it('fires as a note at the waiver entry when a waiver in force matched nothing', () => {
    const [finding] = waiverFindingsOf(waiverUnusedRule, use({}));
    expect(finding).toMatchObject({ ruleId: 'CFSSO009', kind: 'waiver_unused', severity: 'note', emailDomain: 'example.com', location: loc(42, 5) });
    expect(finding.message).toContain('matches no finding');
  });

  it('is silent when the waiver matched a finding, or has expired (CFSSO008 reports that)', () => {
    expect(waiverFindingsOf(waiverUnusedRule, use({ matchedFindings: 2 }))).toEqual([]);
    expect(waiverFindingsOf(waiverUnusedRule, use({ expired: true }))).toEqual([]);
  });
});
