// Two results of one run never share a fingerprint: GitHub code scanning takes results with the same
// partialFingerprints for one alert, so the second problem would not be shown.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report';
import type { Finding } from '../../src/types';
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
