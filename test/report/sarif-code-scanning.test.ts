// What GitHub code scanning makes of our SARIF: two results of one run never share a fingerprint (results
// with the same partialFingerprints are one alert, so the second problem would not be shown), and a plan's
// run has its own category (an upload replaces the alerts of its category: a plan must not close a live
// check's alerts, nor the other way round; upload-sarif's `category` input does not override ours).
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report';
import type { Finding } from '../../src/core/types';
import { sarifCategory } from '../../src/report/sarif';
import { context, driftRun, makeReport, PROD } from './fixtures';

const unverifiable = (field: string): Finding => ({
  ruleId: 'CFSSO010',
  kind: 'unverifiable',
  severity: 'error',
  accountId: PROD,
  emailDomain: 'example.com',
  connectorId: 'cloudflare_sso_connector.example',
  expected: 'true',
  actual: `${field} not reported`,
  message: `${field} could not be checked`,
  waived: false,
});

describe('SARIF fingerprints within one run', () => {
  it('two findings of one rule, account and domain (enabled and verification not reported) get distinct fingerprints, stable across runs', () => {
    const report = makeReport({ accounts: driftRun.accounts, findings: [unverifiable('enabled'), unverifiable('verification.status')] });
    const fingerprints = () =>
      (JSON.parse(renderReport('sarif', report, context())) as { runs: Array<{ results: Array<{ partialFingerprints: { primaryLocationLineHash: string } }> }> }).runs[0].results.map(
        (result) => result.partialFingerprints.primaryLocationLineHash,
      );
    const first = fingerprints();
    expect(first).toHaveLength(2);
    expect(new Set(first).size).toBe(2);
    expect(fingerprints()).toEqual(first);
  });
});

describe('SARIF category', () => {
  it('a Terraform plan check is its own category, apart from the live check of the same command', () => {
    const plan = { ...driftRun, provenance: { ...driftRun.provenance, terraformPlan: { path: 'plan.json', sha256: 'a'.repeat(64), formatVersion: '1.2', live: true } } };
    expect(sarifCategory(driftRun)).toBe('cf-sso-guard/');
    expect(sarifCategory(plan)).toBe('cf-sso-guard/terraform-plan/');
    expect((JSON.parse(renderReport('sarif', plan, context())) as { runs: Array<{ automationDetails: { id: string } }> }).runs[0].automationDetails.id).toBe('cf-sso-guard/terraform-plan/');
  });
});
