import { describe, expect, it } from 'vitest';
import { compileSchema } from '../support/common';
import reportSchema from '../../schemas/report.schema.json';
import { buildReport, evaluate, gateOf, severityAtLeast } from '../../src/engine';
import type { BuildReportInput } from '../../src/engine';
import type { AccountInventory, DesiredState, Finding, Report, Severity } from '../../src/core/types';
import { ACCOUNT_A, ACCOUNT_B, SHA, account, declared, desiredState, inventory, live, waiver } from '../rules/fixtures';

const validateReport = compileSchema(reportSchema, { strict: true });

function expectValid(report: Report): void {
  const ok = validateReport(report);
  expect(validateReport.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

// Account A (production): enabled drift (error), verification drift waived, unexpected connector (warning).
const desired: DesiredState = desiredState(
  [
    account({
      name: 'production',
      unmanaged: 'warning',
      connectors: [declared('example.com', { enabled: true }), declared('staging.example.com', { verification: ['verified'] })],
    }),
    account({ id: ACCOUNT_B, connectors: [] }),
  ],
  [waiver({ emailDomain: 'staging.example.com', kind: 'verification_mismatch' })],
);
const okInventories: AccountInventory[] = [
  inventory(ACCOUNT_A, [
    live('example.com', { enabled: false }),
    live('staging.example.com', { verification: { status: 'pending', code: 'cloudflare_dashboard_sso=1' } }),
    live('shadow.example.com'),
  ]),
  inventory(ACCOUNT_B, []),
];

function input(fields: Partial<BuildReportInput> = {}): BuildReportInput {
  const inventories = fields.inventories ?? okInventories;
  return {
    desired,
    inventories,
    ...evaluate(desired, inventories, { today: '2026-11-28' }),
    generatedAt: '2026-11-28T12:00:00.000Z',
    asOf: '2026-11-28',
    toolVersion: '0.1.0',
    failOn: 'error',
    ...fields,
  };
}

describe('buildReport', () => {
  it('builds a schema-valid report with accounts, findings and summary counts', () => {
    const report = buildReport(input({ source: { kind: 'api', location: 'https://api.cloudflare.com/client/v4' } }));
    expectValid(report);
    expect(report).toMatchObject({
      schemaVersion: 2,
      tool: { name: 'cf-sso-guard', version: '0.1.0' },
      status: 'drift',
      desiredState: { path: 'sso-connectors.yaml', sha256: SHA },
      failOn: 'error',
      source: { kind: 'api' },
      accounts: [
        { id: ACCOUNT_A, name: 'production', status: 'ok', connectors: 3 },
        { id: ACCOUNT_B, status: 'ok', connectors: 0 },
      ],
      asOf: '2026-11-28',
      summary: { findings: 3, error: 1, warning: 1, note: 0, waived: 1, checks: { compliant: 0, drift: 1, warning: 1, waived: 1, unverifiable: 0, not_checked: 0 } },
    });
    // Every connector considered, with what was compared and the verdict.
    expect(report.accounts[0].checks.map((c) => [c.emailDomain, c.declared, c.verdict, c.checks.map((p) => `${p.property}:${p.expected}/${p.actual}:${p.result}`)])).toEqual([
      ['example.com', 'present', 'drift', ['state:present/present:pass', 'unique:1/1:pass', 'enabled:true/false:fail']],
      ['shadow.example.com', 'undeclared', 'warning', ['declared:declared/not declared:fail']],
      ['staging.example.com', 'present', 'waived', ['state:present/present:pass', 'unique:1/1:pass', 'verification:verified/pending:waived']],
    ]);
    expect(report.accounts[0].checks[0].observed).toMatchObject({ enabled: false });
    expect(report.waivers).toEqual([expect.objectContaining({ emailDomain: 'staging.example.com', state: 'in_force', covers: 1 })]);
    expect(report.findings.map((f) => [f.kind, f.waived])).toEqual([
      ['enabled_mismatch', false],
      ['unexpected', false],
      ['verification_mismatch', true],
    ]);
    expect(gateOf(report).exitCode).toBe(1);
  });

  it('derives the status from the findings alone; failOn decides only the exit code', () => {
    const expectations: Array<[Severity | 'never', 0 | 1]> = [
      ['error', 1],
      ['warning', 1],
      ['note', 1],
      ['never', 0],
    ];
    for (const [failOn, exitCode] of expectations) {
      const report = buildReport(input({ failOn }));
      expect(report.status).toBe('drift');
      expect(gateOf(report).exitCode).toBe(exitCode);
    }

    const onlyWarning = input().findings.filter((f) => f.severity !== 'error');
    expect(buildReport(input({ findings: onlyWarning, failOn: 'error' })).status).toBe('compliant');
    const strict = buildReport(input({ findings: onlyWarning, failOn: 'warning' }));
    expect(strict.status).toBe('compliant');
    expect(gateOf(strict).exitCode).toBe(1);
    const allWaived: Finding[] = input().findings.map((f) => ({ ...f, waived: true, waiver: { reason: 'r', expires: '2027-01-01' } }));
    const waivedReport = buildReport(input({ findings: allWaived, failOn: 'note' }));
    expect(waivedReport.status).toBe('compliant');
    // The status and counts follow the findings given; the connectors' checks are the evaluation's.
    expect(waivedReport.summary).toEqual({ findings: 3, error: 0, warning: 0, note: 0, waived: 3, checks: buildReport(input()).summary.checks });
    expectValid(waivedReport);
  });

  it('is error when a checked account failed or was not read, with the reason listed (exit 2 wins over drift)', () => {
    const failed = buildReport(input({ inventories: [okInventories[0], { ...inventory(ACCOUNT_B, [], 'error'), error: 'HTTP 403: code 10000 Authentication error' }] }));
    expectValid(failed);
    expect(failed.status).toBe('error');
    expect(failed.accounts[1]).toMatchObject({ id: ACCOUNT_B, status: 'error', error: 'HTTP 403: code 10000 Authentication error', connectors: 0, checks: [] });
    expect(gateOf(failed).exitCode).toBe(2);

    const missing = buildReport(input({ inventories: [okInventories[0]] }));
    expect(missing.status).toBe('error');
    expect(missing.accounts[1]).toMatchObject({ id: ACCOUNT_B, status: 'error' });
    expect(missing.accounts[1].error).toMatch(/not read/);
  });

  it('limits the checked accounts to accountFilter; an undeclared filtered id is an error', () => {
    const onlyA = buildReport(input({ inventories: [okInventories[0]], accountFilter: [ACCOUNT_A] }));
    expect(onlyA.accounts.map((a) => a.id)).toEqual([ACCOUNT_A]);
    expect(onlyA.status).toBe('drift');
    const stranger = 'ffffffffffffffffffffffffffffffff';
    const withStranger = buildReport(input({ inventories: [okInventories[0]], accountFilter: [ACCOUNT_A, stranger] }));
    expectValid(withStranger);
    expect(withStranger.accounts.map((a) => [a.id, a.status])).toEqual([
      [ACCOUNT_A, 'ok'],
      [stranger, 'error'],
    ]);
    expect(withStranger.status).toBe('error');
  });

  it('is compliant and exits 0 when nothing drifted', () => {
    const clean = desiredState([account({ connectors: [declared('example.com')] })]);
    const inventories = [inventory(ACCOUNT_A, [live('example.com')])];
    const report = buildReport({ ...input(), desired: clean, inventories, findings: evaluate(clean, inventories, { today: '2026-11-28' }).findings });
    expectValid(report);
    expect(report.status).toBe('compliant');
    expect(report.summary.findings).toBe(0);
    expect(report.source).toBeUndefined();
    expect(gateOf(report).exitCode).toBe(0);
  });
});

describe('gateOf and severityAtLeast', () => {
  it('recomputes the exit code from accounts and findings; the status field is never read', () => {
    const base = buildReport(input());
    expect(base.status).toBe('drift');
    const saysCompliant: Report = { ...base, status: 'compliant' };
    const saysError: Report = { ...base, status: 'error' };
    expect(gateOf(saysCompliant).exitCode).toBe(1);
    expect(gateOf(saysError).exitCode).toBe(1);
    const unread: Report = { ...base, status: 'drift', accounts: base.accounts.map((a) => ({ ...a, status: 'error' as const, error: 'x' })) };
    expect(gateOf(unread).exitCode).toBe(2);
    const clean: Report = { ...base, findings: [], status: 'drift' };
    expect(gateOf(clean).exitCode).toBe(0);
  });

  it('orders error > warning > note, and nothing reaches never', () => {
    expect(severityAtLeast('error', 'warning')).toBe(true);
    expect(severityAtLeast('warning', 'warning')).toBe(true);
    expect(severityAtLeast('note', 'warning')).toBe(false);
    expect(severityAtLeast('warning', 'error')).toBe(false);
    expect(severityAtLeast('note', 'note')).toBe(true);
    expect(severityAtLeast('error', 'never')).toBe(false);
  });
});
