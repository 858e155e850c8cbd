// CFSSO010: the engine turns every unverifiable check of the setting rules into this finding.
import { describe, expect, it } from 'vitest';
import { enabledMismatchRule, fedrampMismatchRule, verificationMismatchRule, type ConnectorRule } from '../../src/rules';
import type { ObservedConnector } from '../../src/core/types';
import { account, declared, live, pairOf, findingsOf } from './fixtures';

const SETTING_RULES: readonly ConnectorRule[] = [enabledMismatchRule, verificationMismatchRule, fedrampMismatchRule];
const acct = account({ name: 'production' });
const all = (pair: ReturnType<typeof pairOf>) => SETTING_RULES.flatMap((rule) => findingsOf(rule, pair));

describe('CFSSO010 unverifiable', () => {
  it('one finding per declared field the API did not report, naming domain, connector and field', () => {
    const desired = declared('example.com', { enabled: true, useFedrampLanguage: false, verification: ['verified'] });
    const bare = live('example.com', { enabled: undefined, useFedrampLanguage: undefined, verification: undefined });
    const findings = all(pairOf(acct, 'example.com', desired, [bare]));
    expect(findings.map((f) => f.actual)).toEqual(['enabled not reported', 'verification.status not reported', 'use_fedramp_language not reported']);
    for (const finding of findings) {
      expect(finding).toMatchObject({ ruleId: 'CFSSO010', kind: 'unverifiable', severity: 'error', connectorId: 'conn-example.com', messageId: 'notReported' });
      expect(finding.message).not.toContain('production');
      expect(finding.message).toContain('example.com');
      expect(finding.message).toContain('conn-example.com');
      expect(finding.message).toContain('the API did not report it');
    }
    expect(findings[1]?.expected).toBe('verified');
  });

  it('says the reason the observation gives for an unknown value', () => {
    const desired = declared('example.com', { enabled: true });
    const planned: ObservedConnector = {
      ...live('example.com', { enabled: undefined }),
      unknown: { enabled: { why: 'decided at apply (unknown until Terraform applies the plan)', short: 'decided at apply', fix: 'Check again after apply' } },
    };
    const [finding, ...rest] = all(pairOf(acct, 'example.com', desired, [planned]));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: 'unverifiable', actual: 'enabled decided at apply', messageId: 'notKnown' });
    expect(finding.message).toContain('decided at apply (unknown until Terraform applies the plan)');
    expect(finding.remediation).toBe('Check again after apply; until then the run cannot decide.');
  });

  it('a verification object without a status is unverifiable for a declared verification', () => {
    const desired = declared('example.com', { verification: ['pending', 'verified'] });
    const findings = all(pairOf(acct, 'example.com', desired, [live('example.com', { verification: { code: 'x' } })]));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.expected).toBe('pending or verified');
  });

  it('nothing when the field is reported, or when the file does not declare it', () => {
    const reported = declared('example.com', { enabled: true, useFedrampLanguage: true, verification: ['verified'] });
    expect(all(pairOf(acct, 'example.com', reported, [live('example.com', { useFedrampLanguage: true })]))).toEqual([]);
    const silent = declared('example.com');
    const bare = live('example.com', { enabled: undefined, useFedrampLanguage: undefined, verification: undefined });
    expect(all(pairOf(acct, 'example.com', silent, [bare]))).toEqual([]);
  });

  it('nothing for undeclared, absent or missing connectors (other rules speak for them)', () => {
    const bare = live('example.com', { enabled: undefined });
    expect(all(pairOf(acct, 'example.com', undefined, [bare]))).toEqual([]);
    expect(all(pairOf(acct, 'example.com', declared('example.com', { state: 'absent', enabled: true }), [bare]))).toEqual([]);
    expect(all(pairOf(acct, 'example.com', declared('example.com', { enabled: true }), []))).toEqual([]);
  });
});
