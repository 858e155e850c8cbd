import { describe, expect, it } from 'vitest';
import { unverifiableRule } from '../../src/rules';
import { account, declared, live, pairOf } from './fixtures';

describe('CFSSO010 unverifiable', () => {
  const acct = account({ name: 'production' });

  it('one finding per declared field the API did not report, naming account, domain, connector and field', () => {
    const desired = declared('example.com', { enabled: true, useFedrampLanguage: false, verification: ['verified'] });
    const bare = live('example.com', { enabled: undefined, useFedrampLanguage: undefined, verification: undefined });
    const findings = unverifiableRule.check(pairOf(acct, 'example.com', desired, [bare]));
    expect(findings.map((f) => f.actual)).toEqual([
      'enabled not reported',
      'verification.status not reported',
      'use_fedramp_language not reported',
    ]);
    for (const finding of findings) {
      expect(finding).toMatchObject({ ruleId: 'CFSSO010', kind: 'unverifiable', severity: 'error', connectorId: 'conn-example.com' });
      expect(finding.message).toContain('Account "production"');
      expect(finding.message).toContain('example.com');
      expect(finding.message).toContain('conn-example.com');
    }
    expect(findings[1]?.expected).toBe('verified');
  });

  it('a verification object without a status is unverifiable for a declared verification', () => {
    const desired = declared('example.com', { verification: ['pending', 'verified'] });
    const findings = unverifiableRule.check(pairOf(acct, 'example.com', desired, [live('example.com', { verification: { code: 'x' } })]));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.expected).toBe('pending or verified');
  });

  it('nothing when the field is reported, or when the file does not declare it', () => {
    const reported = declared('example.com', { enabled: true, useFedrampLanguage: true, verification: ['verified'] });
    expect(unverifiableRule.check(pairOf(acct, 'example.com', reported, [live('example.com', { useFedrampLanguage: false })]))).toEqual([]);
    const silent = declared('example.com');
    const bare = live('example.com', { enabled: undefined, useFedrampLanguage: undefined, verification: undefined });
    expect(unverifiableRule.check(pairOf(acct, 'example.com', silent, [bare]))).toEqual([]);
  });

  it('nothing for undeclared, absent or missing connectors (other rules speak for them)', () => {
    const bare = live('example.com', { enabled: undefined });
    expect(unverifiableRule.check(pairOf(acct, 'example.com', undefined, [bare]))).toEqual([]);
    expect(unverifiableRule.check(pairOf(acct, 'example.com', declared('example.com', { state: 'absent', enabled: true }), [bare]))).toEqual([]);
    expect(unverifiableRule.check(pairOf(acct, 'example.com', declared('example.com', { enabled: true }), []))).toEqual([]);
  });
});
