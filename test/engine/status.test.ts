// The one run-status decision: fail closed on unread or zero accounts; drift from unwaived errors whatever --fail-on
// says; the gate (exit code) apart, from --fail-on.
import { describe, expect, it } from 'vitest';
import { gateOf, runStatus, summarise, undecidedReasons } from '../../src/engine';
import type { Finding } from '../../src/core/types';

const ok = { id: 'a'.repeat(32), status: 'ok' as const };
const unread = { id: 'b'.repeat(32), status: 'error' as const, error: 'HTTP 500' };
const finding = (severity: Finding['severity'], waived = false, kind: Finding['kind'] = 'enabled_mismatch'): Pick<Finding, 'severity' | 'waived' | 'kind' | 'accountId'> => ({
  severity,
  waived,
  kind,
  accountId: ok.id,
});

describe('runStatus', () => {
  it('a run over zero accounts could not decide, never compliant', () => {
    expect(runStatus({ accounts: [], findings: [] })).toBe('error');
    expect(gateOf({ accounts: [], findings: [] }).exitCode).toBe(2);
    expect(undecidedReasons({ accounts: [], findings: [] })[0]).toMatch(/no accounts were checked/);
  });

  it('any unread account could not decide, even with drift (2 wins over 1)', () => {
    expect(runStatus({ accounts: [ok, unread], findings: [finding('error')] })).toBe('error');
    expect(undecidedReasons({ accounts: [ok, unread], findings: [] })).toEqual([`${unread.id} could not be read completely: HTTP 500`]);
  });

  it('the status is observed: drift from unwaived errors, whatever --fail-on says', () => {
    expect(runStatus({ accounts: [ok], findings: [finding('error', true)] })).toBe('compliant');
    expect(runStatus({ accounts: [ok], findings: [finding('warning')] })).toBe('compliant');
    expect(runStatus({ accounts: [ok], findings: [finding('warning')], failOn: 'warning' })).toBe('compliant');
    for (const failOn of ['error', 'warning', 'note', 'never'] as const) {
      expect(runStatus({ accounts: [ok], findings: [finding('error')], failOn })).toBe('drift');
    }
    expect(gateOf({ accounts: [ok], findings: [finding('error')] }).exitCode).toBe(1);
  });

  it('the gate is --fail-on alone: drift under fail-on never passes with exit 0 and stays drift', () => {
    const drift = { accounts: [ok], findings: [finding('error')] };
    expect(gateOf({ ...drift, failOn: 'never' })).toEqual({ failOn: 'never', exitCode: 0, result: 'passed' });
    expect(runStatus({ ...drift, failOn: 'never' })).toBe('drift');
    expect(gateOf(drift)).toEqual({ failOn: 'error', exitCode: 1, result: 'failed' });
    // A warning fails a stricter gate while the status stays compliant (with one warning).
    expect(gateOf({ accounts: [ok], findings: [finding('warning')], failOn: 'warning' })).toEqual({ failOn: 'warning', exitCode: 1, result: 'failed' });
    expect(gateOf({ accounts: [ok], findings: [finding('warning')] })).toEqual({ failOn: 'error', exitCode: 0, result: 'passed' });
    // Could not decide is exit 2 at every threshold.
    expect(gateOf({ accounts: [ok, unread], findings: [], failOn: 'never' })).toEqual({ failOn: 'never', exitCode: 2, result: 'failed' });
  });

  it('a check that could not be made (CFSSO010) could not decide, whatever --fail-on says', () => {
    expect(runStatus({ accounts: [ok], findings: [finding('error', false, 'unverifiable')], failOn: 'never' })).toBe('error');
    expect(undecidedReasons({ accounts: [ok], findings: [finding('error', false, 'unverifiable'), finding('error', false, 'unverifiable')] })).toEqual([
      '2 checks could not be made because the API did not report the field (CFSSO010)',
    ]);
    const plan = { accounts: [ok], findings: [finding('error', false, 'unverifiable')], provenance: { terraformPlan: {} } };
    expect(undecidedReasons(plan)).toEqual(['1 check could not be made because the Terraform plan does not decide the value (CFSSO010)']);
  });

  it('a connector the report calls unchecked with no CFSSO010 finding still leaves the run undecided', () => {
    const named = { ...ok, name: 'production', checks: [{ verdict: 'compliant' as const }, { verdict: 'unverifiable' as const }] };
    expect(undecidedReasons({ accounts: [named], findings: [] })).toEqual([`production (${ok.id}): 1 connector could not be checked`]);
    expect(runStatus({ accounts: [named], findings: [] })).toBe('error');
  });

  it('summarises by severity with waived apart', () => {
    expect(summarise([finding('error'), finding('note'), finding('warning', true)])).toEqual({ findings: 3, error: 1, warning: 0, note: 1, waived: 1 });
  });
});
