import { describe, expect, it } from 'vitest';
import { fedrampMismatchRule } from '../../src/rules/fedramp-mismatch';
import { account, declared, live, loc, pairOf, findingsOf } from './fixtures';

describe('CFSSO006 fedramp_mismatch', () => {
  it('fires when use_fedramp_language differs', () => {
    const desired = declared('gov.example', { useFedrampLanguage: true, location: loc(16) });
    const [finding, ...rest] = findingsOf(fedrampMismatchRule, pairOf(account(), 'gov.example', desired, [live('gov.example', { id: 'g1', useFedrampLanguage: false })]));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'CFSSO006', kind: 'fedramp_mismatch', severity: 'error', connectorId: 'g1', expected: 'true', actual: 'false', location: loc(16),
    });
    expect(finding.message).toContain('use_fedramp_language is false, expected true');
  });

  it('is silent when equal or not declared', () => {
    const observed = [live('gov.example', { useFedrampLanguage: true })];
    expect(findingsOf(fedrampMismatchRule, pairOf(account(), 'gov.example', declared('gov.example', { useFedrampLanguage: true }), observed))).toEqual([]);
    expect(findingsOf(fedrampMismatchRule, pairOf(account(), 'gov.example', declared('gov.example'), observed))).toEqual([]);
  });
});
