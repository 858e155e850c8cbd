import { describe, expect, it } from 'vitest';
import { verificationMismatchRule } from '../../src/rules/verification-mismatch';
import { account, declared, live, loc, pairOf, ACCOUNT_A, findingsOf } from './fixtures';

describe('CFSSO005 verification_mismatch', () => {
  it('fires when the status is not accepted and quotes the exact DNS TXT record', () => {
    const desired = declared('example.com', { verification: ['verified'], location: loc(9) });
    const observed = live('example.com', { id: 'v1', verification: { status: 'pending', code: 'cloudflare_dashboard_sso=abc123' } });
    const [finding] = findingsOf(verificationMismatchRule, pairOf(account(), 'example.com', desired, [observed]));
    expect(finding).toMatchObject({
      ruleId: 'CFSSO005', kind: 'verification_mismatch', severity: 'error', connectorId: 'v1', expected: 'verified', actual: 'pending', location: loc(9),
    });
    expect(finding.message).toContain('verification is pending, expected verified');
    expect(finding.remediation).toBe(
      'Add a TXT record at example.com with the value "cloudflare_dashboard_sso=abc123", then start verification ' +
        `(POST /accounts/${ACCOUNT_A}/sso_connectors/v1/begin_verification or the dashboard).`,
    );
  });

  it('lists all accepted statuses and says what to do without a code', () => {
    const desired = declared('example.com', { verification: ['pending', 'verified'] });
    const [finding] = findingsOf(verificationMismatchRule, 
      pairOf(account(), 'example.com', desired, [live('example.com', { verification: { status: 'failed' } })]),
    );
    expect(finding.expected).toBe('pending or verified');
    expect(finding.actual).toBe('failed');
    expect(finding.remediation).toContain('no verification code');
    expect(finding.remediation).toContain('TXT record at example.com');
  });

  it('points at the declaration when verified is live but not accepted', () => {
    const desired = declared('example.com', { verification: ['pending'] });
    const [finding] = findingsOf(verificationMismatchRule, pairOf(account(), 'example.com', desired, [live('example.com')]));
    expect(finding.actual).toBe('verified');
    expect(finding.remediation).not.toContain('TXT');
    expect(finding.remediation).toContain('sso-connectors.yaml');
  });

  it('is silent when the status is accepted or verification is not declared', () => {
    const observed = [live('example.com', { verification: { status: 'pending', code: 'x' } })];
    expect(findingsOf(verificationMismatchRule, pairOf(account(), 'example.com', declared('example.com', { verification: ['pending', 'verified'] }), observed))).toEqual([]);
    expect(findingsOf(verificationMismatchRule, pairOf(account(), 'example.com', declared('example.com'), observed))).toEqual([]);
  });
});
