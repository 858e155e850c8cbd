// Fixtures for the formatter tests. ENGINE_RUNS: four runs (clean, drift of every kind, waivers, an
// account in error) that the engine makes from desired-state files and snapshots in test/fixtures/golden/,
// with the real rules: the golden files and the schema tests render these. The hand-built runs below
// (makeReport) put chosen or hostile strings where the engine's would sit, for the formatters' edge cases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountInventory, ConnectorCheck, DesiredAccount, DesiredState, Finding, ObservedConnector, PropertyCheck, Report, ReportSource, Waiver } from '../../src/core/types';
import type { RenderContext, RuleInfo } from '../../src/report/formatter';
import { buildReport, decide, evaluate, waiverStates, type UndecidedAccount } from '../../src/engine';
import { parseDesiredState } from '../../src/desired';
import { parseSnapshot } from '../../src/cloudflare/snapshot';
import { sha256Hex } from '../../src/core/digest';
import { ALL_RULES, propertyOfKind } from '../../src/rules';

export const PROD = '023e105f4ecef8ad9ca31a8372d0c353';
export const STAGING = '7f1c2b3a4d5e6f708192a3b4c5d6e7f8';
export const BROKEN = 'ffffffffffffffffffffffffffffffff';
const SHA = 'a3f1c0de9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817065f4e';
const FILE = 'sso-connectors.yaml';

/** The real rules' metadata (titles, rationale, remediation, controls), as the CLI renders with. */
export const RULES: readonly RuleInfo[] = ALL_RULES;

const at = (line: number, column = 9) => ({ file: FILE, line, column });

export const DESIRED_ACCOUNTS: DesiredAccount[] = [
  {
    id: PROD, name: 'production', unmanaged: 'error', location: at(6, 5),
    connectors: [
      { accountId: PROD, emailDomain: 'corp.example.com', state: 'present', enabled: true, location: at(14) },
      { accountId: PROD, emailDomain: 'missing.example.com', state: 'present', location: at(12) },
      { accountId: PROD, emailDomain: 'old.example.com', state: 'absent', location: at(20) },
    ],
  },
  {
    id: STAGING, name: 'staging', unmanaged: 'warning', location: at(26, 5),
    connectors: [
      { accountId: STAGING, emailDomain: 'staging.example.com', state: 'present', verification: ['verified'], location: at(31) },
      { accountId: STAGING, emailDomain: 'gov.example.com', state: 'present', useFedrampLanguage: true, location: at(34) },
      { accountId: STAGING, emailDomain: 'legacy.example.com', state: 'present', useFedrampLanguage: true, location: at(36) },
    ],
  },
];

export const WAIVERS: Waiver[] = [
  { accountId: STAGING, emailDomain: 'staging.example.com', kind: 'verification_mismatch', reason: 'DNS cut-over, change CHG-1234', approvedBy: 'security@example.com', expires: '2027-01-31', location: at(40, 5) },
  { accountId: STAGING, emailDomain: 'legacy.example.com', kind: 'fedramp_mismatch', reason: 'Legacy tenant, retiring', approvedBy: 'ciso@example.com', expires: '2026-10-01', location: at(44, 5) },
  { accountId: PROD, emailDomain: 'unused.example.com', kind: 'enabled_mismatch', reason: 'Pilot rollout', expires: '2027-06-30', location: at(50, 5) },
];

type AccountPart = Omit<UndecidedAccount, 'checks'> & Partial<Pick<UndecidedAccount, 'checks'>>;

/**
 * The live connectors a set of hand-written findings implies: each connector a finding names, and for each
 * declared-present domain without a finding a connector that matches the file. The engine's own
 * connectorChecks() then lists the checks, so the fixtures' verdicts are the engine's.
 */
function impliedConnectors(account: DesiredAccount, findings: Finding[]): ObservedConnector[] {
  const live = new Map<string, ObservedConnector>();
  const add = (id: string, emailDomain: string): void => {
    if (!live.has(id)) live.set(id, { accountId: account.id, id, emailDomain, enabled: true, useFedrampLanguage: false, verification: { status: 'verified' } });
  };
  for (const finding of findings) {
    if (finding.kind === 'missing' || finding.kind === 'waiver_expired' || finding.kind === 'waiver_unused') continue;
    if (finding.connectorId !== undefined) add(finding.connectorId, finding.emailDomain);
    if (finding.kind === 'duplicate') for (const id of (finding.actual ?? '').split(', ')) add(id, finding.emailDomain);
  }
  for (const desired of account.connectors) {
    if (desired.state !== 'present' || findings.some((f) => f.emailDomain === desired.emailDomain && f.kind === 'missing')) continue;
    if ([...live.values()].some((c) => c.emailDomain === desired.emailDomain)) continue;
    live.set(`live-${desired.emailDomain}`, {
      accountId: account.id,
      id: `live-${desired.emailDomain}`,
      emailDomain: desired.emailDomain,
      enabled: desired.enabled ?? true,
      useFedrampLanguage: desired.useFedrampLanguage ?? false,
      verification: { status: desired.verification?.[0] ?? 'verified' },
    });
  }
  return [...live.values()];
}

/**
 * The engine's listing of the implied connectors (which match the file), with the checks the hand-written
 * findings are about marked as those findings say: failed, waived or unverifiable.
 */
function listedChecks(account: DesiredAccount, observed: ObservedConnector[] | undefined, findings: Finding[]): ConnectorCheck[] {
  const state = { version: 1, file: FILE, sha256: SHA, accounts: [account], waivers: [] } as DesiredState;
  const inventories: AccountInventory[] =
    observed === undefined ? [] : [{ accountId: account.id, status: 'ok', connectors: observed, fetchedAt: '2026-11-28T12:00:00.000Z', pagesFetched: 1 }];
  const items = evaluate(state, inventories, { today: '2026-11-28' }).connectors.get(account.id) ?? [];
  // The hand-written findings decide what failed: the engine's own failures (say, an implied connector
  // for an undeclared domain) pass here.
  for (const item of items) item.checks = item.checks.map((check) => (check.result === 'fail' ? { ...check, result: 'pass' } : check));
  const errors = new Set<ConnectorCheck>();
  for (const finding of findings) {
    const property = propertyOfKind(finding.kind);
    const unverifiable = finding.kind === 'unverifiable';
    if (property === undefined && !unverifiable) continue;
    const result = unverifiable ? 'unverifiable' : finding.waived ? 'waived' : 'fail';
    for (const item of items) {
      if (item.emailDomain !== finding.emailDomain || (finding.connectorId !== undefined && item.connectorId !== finding.connectorId)) continue;
      const at = item.checks.findIndex((check) => check.property === property);
      const marked: PropertyCheck = { property: property ?? 'enabled', ruleId: finding.ruleId, expected: finding.expected ?? 'as declared', result };
      if (finding.actual !== undefined && !unverifiable) marked.actual = finding.actual;
      if (at < 0) item.checks.push(marked);
      else item.checks[at] = { ...item.checks[at], ...marked };
      if (result === 'fail' && finding.severity === 'error') errors.add(item);
    }
  }
  for (const item of items) {
    if (item.verdict === 'not_checked') continue;
    const results = item.checks.map((check) => check.result);
    item.verdict = results.includes('unverifiable')
      ? 'unverifiable'
      : results.includes('fail')
        ? errors.has(item) ? 'drift' : 'warning'
        : results.includes('waived') ? 'waived' : 'compliant';
  }
  return items;
}

export function makeReport(parts: { accounts: AccountPart[]; findings: Finding[] } & Partial<Omit<Report, 'accounts'>>, waivers: Waiver[] = WAIVERS): Report {
  // The checks always follow the findings given (accounts copied from another run bring stale ones).
  const accounts: UndecidedAccount[] = parts.accounts.map((account) => {
    const desired = DESIRED_ACCOUNTS.find((d) => d.id === account.id) ?? { id: account.id, unmanaged: 'error', connectors: [], location: at(1, 1) };
    const findings = parts.findings.filter((finding) => finding.accountId === account.id);
    const observed = account.status === 'ok' ? impliedConnectors(desired, findings) : undefined;
    return { ...account, checks: listedChecks(desired, observed, findings) };
  });
  const desiredState = { waivers } as DesiredState;
  const evaluated = new Set(accounts.filter((a) => a.status === 'ok').map((a) => a.id));
  // The decided fields come from the engine's one decision, whatever `parts` says.
  return decide({
    schemaVersion: 2,
    tool: { name: 'cf-sso-guard', version: '0.1.0' },
    generatedAt: '2026-11-28T12:00:00.000Z',
    desiredState: { path: FILE, sha256: SHA },
    source: { kind: 'api', location: 'https://api.cloudflare.com/client/v4' },
    failOn: 'error',
    asOf: '2026-11-28',
    provenance: { node: 'v22.0.0', commandLine: ['check', '--format', 'json'] },
    waivers: waiverStates(desiredState, evaluated, parts.findings, '2026-11-28'),
    ...parts,
    accounts,
  });
}

function finding(f: Omit<Finding, 'waived' | 'severity'> & Partial<Pick<Finding, 'waived' | 'severity'>>): Finding {
  return { severity: 'error', waived: false, ...f };
}

const prodAccount = { id: PROD, name: 'production', status: 'ok' as const, connectors: 4 };
const stagingAccount = { id: STAGING, name: 'staging', status: 'ok' as const, connectors: 2 };

export const cleanRun: Report = makeReport({ accounts: [prodAccount, stagingAccount], findings: [] });

export const DRIFT_FINDINGS: Finding[] = [
  finding({
    ruleId: 'CFSSO001', kind: 'missing', accountId: PROD, emailDomain: 'missing.example.com', expected: 'present', actual: 'absent',
    message: 'Account "production" (023e…): email_domain missing.example.com is declared but has no live connector.',
    remediation: 'Create an SSO connector for missing.example.com.', location: at(12),
  }),
  finding({
    ruleId: 'CFSSO002', kind: 'unexpected', accountId: PROD, emailDomain: 'rogue.example.net', connectorId: 'c0ffee01',
    message: 'Account "production": live connector for rogue.example.net is not declared.', remediation: 'Delete it or declare it.',
  }),
  finding({
    ruleId: 'CFSSO003', kind: 'forbidden', accountId: PROD, emailDomain: 'old.example.com', connectorId: 'c0ffee02', expected: 'absent', actual: 'present',
    message: 'Account "production": old.example.com is declared absent but exists.', remediation: 'Delete connector c0ffee02.', location: at(20),
  }),
  finding({
    ruleId: 'CFSSO004', kind: 'enabled_mismatch', accountId: PROD, emailDomain: 'corp.example.com', connectorId: 'c0ffee03', expected: 'true', actual: 'false',
    message: 'Account "production": email_domain corp.example.com: enabled is false, expected true (connector c0ffee03).',
    remediation: 'Enable the connector (dashboard or PATCH /accounts/…/sso_connectors/c0ffee03 with {"enabled": true}).', location: at(14),
  }),
  finding({
    ruleId: 'CFSSO005', kind: 'verification_mismatch', accountId: STAGING, emailDomain: 'staging.example.com', connectorId: 'c0ffee04', expected: 'verified', actual: 'pending',
    message: 'Account "staging": email_domain staging.example.com: verification is pending, expected verified (connector c0ffee04).',
    remediation: 'Add a TXT record at staging.example.com with the value "cloudflare_dashboard_sso=1234567", then start verification.', location: at(31),
  }),
  finding({
    ruleId: 'CFSSO006', kind: 'fedramp_mismatch', accountId: STAGING, emailDomain: 'gov.example.com', connectorId: 'c0ffee05', expected: 'true', actual: 'false',
    message: 'Account "staging": email_domain gov.example.com: use_fedramp_language is false, expected true.', remediation: 'Set use_fedramp_language to true.', location: at(34),
  }),
  finding({
    ruleId: 'CFSSO007', kind: 'duplicate', accountId: PROD, emailDomain: 'corp.example.com', actual: 'c0ffee03, c0ffee06',
    message: 'Account "production": 2 live connectors for corp.example.com (c0ffee03, c0ffee06).', remediation: 'Delete all but one.', location: at(14),
  }),
  finding({
    ruleId: 'CFSSO008', kind: 'waiver_expired', severity: 'warning', accountId: STAGING, emailDomain: 'legacy.example.com', expected: '2026-10-01',
    message: 'Waiver for legacy.example.com (fedramp_mismatch) expired on 2026-10-01 and no longer applies.', remediation: 'Renew or remove the waiver.', location: at(44, 5),
  }),
  finding({
    ruleId: 'CFSSO009', kind: 'waiver_unused', severity: 'note', accountId: PROD, emailDomain: 'unused.example.com',
    message: 'Waiver for unused.example.com (enabled_mismatch) matches no finding.', remediation: 'Remove the waiver.', location: at(50, 5),
  }),
];

export const driftRun: Report = makeReport({ accounts: [prodAccount, stagingAccount], findings: DRIFT_FINDINGS });


export const waiversRun: Report = makeReport({
  accounts: [prodAccount, stagingAccount],
  findings: [
    finding({
      ruleId: 'CFSSO005', kind: 'verification_mismatch', accountId: STAGING, emailDomain: 'staging.example.com', connectorId: 'c0ffee04', expected: 'verified', actual: 'pending',
      message: 'Account "staging": email_domain staging.example.com: verification is pending, expected verified (connector c0ffee04).',
      remediation: 'Add a TXT record at staging.example.com with the value "cloudflare_dashboard_sso=1234567", then start verification.', location: at(31),
      waived: true, waiver: { reason: 'DNS cut-over, change CHG-1234', expires: '2027-01-31', by: 'security@example.com' },
    }),
    finding({
      ruleId: 'CFSSO006', kind: 'fedramp_mismatch', accountId: STAGING, emailDomain: 'legacy.example.com', connectorId: 'c0ffee07', expected: 'true', actual: 'false',
      message: 'Account "staging": email_domain legacy.example.com: use_fedramp_language is false, expected true.', remediation: 'Set use_fedramp_language to true.', location: at(36),
    }),
    DRIFT_FINDINGS[7],
    DRIFT_FINDINGS[8],
  ],
});

export const errorRun: Report = makeReport({
  accounts: [prodAccount, { id: BROKEN, name: 'broken', status: 'error', error: 'HTTP 403: Cloudflare error 10000: Authentication error', connectors: 0 }],
  findings: [DRIFT_FINDINGS[3]],
});


const GOLDEN_INPUTS = join(__dirname, '..', 'fixtures', 'golden');
export const AS_OF = '2026-11-28';

/** What `check` makes of these inventories with the real rules, judged as of `day` at noon UTC (a fixed clock). */
export function engineReport(desired: DesiredState, inventories: AccountInventory[], run: { day: string; source: ReportSource; commandLine: string[] }): Report {
  return buildReport({
    desired,
    inventories,
    ...evaluate(desired, inventories, { today: run.day }),
    generatedAt: `${run.day}T12:00:00.000Z`,
    asOf: run.day,
    toolVersion: '0.1.0',
    failOn: 'error',
    source: run.source,
    runtime: { node: 'v22.0.0', commandLine: run.commandLine },
  });
}

export interface EngineRun {
  name: string;
  report: Report;
  desired: DesiredState;
  /** The render context `check` would give this run (real rules, the file's waivers and accounts). */
  context(overrides?: Partial<RenderContext>): RenderContext;
}

/**
 * What `check --snapshot` makes of test/fixtures/golden/<file>.yaml and <file>.snapshot.json: the desired
 * state parsed as the CLI parses it, the snapshot read as the CLI reads it, then the engine with the real
 * rules. Only the clock and the runtime are fixed, so that the output is the same on every run.
 */
export function engineRun(name: string): EngineRun {
  const file = name.replace(/\s+/g, '-');
  const desired = parseDesiredState(readFileSync(join(GOLDEN_INPUTS, `${file}.yaml`)), FILE);
  const snapshotFile = `${file}.snapshot.json`;
  const snapshotBytes = readFileSync(join(GOLDEN_INPUTS, snapshotFile));
  const snapshot = parseSnapshot(snapshotBytes.toString('utf8'), snapshotFile);
  const report = engineReport(desired, snapshot.accounts, {
    day: AS_OF,
    source: { kind: 'snapshot', location: snapshotFile, sha256: sha256Hex(snapshotBytes), recordedAt: snapshot.recordedAt, api: snapshot.source },
    commandLine: ['check', '--snapshot', snapshotFile, '--format', 'json'],
  });
  return {
    name,
    report,
    desired,
    context: (overrides = {}) => ({ color: false, rules: ALL_RULES, ...overrides }),
  };
}

export const ENGINE_RUNS: EngineRun[] = ['clean', 'drift', 'waivers', 'account error'].map(engineRun);

export const FIXTURE_RUNS: Array<{ name: string; report: Report }> = [
  { name: 'clean', report: cleanRun },
  { name: 'drift', report: driftRun },
  { name: 'waivers', report: waiversRun },
  { name: 'account error', report: errorRun },
];

export function context(overrides: Partial<RenderContext> = {}): RenderContext {
  return { color: false, rules: RULES, ...overrides };
}

export const SCRIPT_PAYLOAD = '<script>window.__pwned=1</script>';
export const IMG_PAYLOAD = '<img src=x onerror="window.__pwned=2">';

/** Drift of every kind plus waivers, with attacker-controlled strings in a domain, a message and a waiver reason. */
export function hostileRun(): { report: Report; waivers: Waiver[] } {
  const evilDomain = `evil${SCRIPT_PAYLOAD}.example.com`;
  const evilReason = `Approved ${SCRIPT_PAYLOAD} ${IMG_PAYLOAD} & "quoted"`;
  const findings: Finding[] = [
    ...DRIFT_FINDINGS,
    ...waiversRun.findings.slice(0, 2),
    finding({
      ruleId: 'CFSSO004', kind: 'enabled_mismatch', accountId: PROD, emailDomain: evilDomain, connectorId: 'c0ffee09', expected: 'true', actual: `false ${IMG_PAYLOAD}`,
      message: `Account "production": email_domain ${evilDomain}: enabled is false ${IMG_PAYLOAD}`, remediation: `Enable it ${SCRIPT_PAYLOAD}`, location: at(60),
      waived: true, waiver: { reason: evilReason, expires: '2027-03-01', by: `mallory ${IMG_PAYLOAD}` },
    }),
  ];
  const waivers: Waiver[] = [
    ...WAIVERS,
    { accountId: PROD, emailDomain: evilDomain, kind: 'enabled_mismatch', reason: evilReason, approvedBy: `mallory ${IMG_PAYLOAD}`, expires: '2027-03-01', location: at(60, 5) },
  ];
  const report = makeReport(
    {
      accounts: [{ ...prodAccount, name: `production ${IMG_PAYLOAD}` }, stagingAccount],
      findings,
      desiredState: { path: `sso-connectors${SCRIPT_PAYLOAD}.yaml`, sha256: SHA },
    },
    waivers,
  );
  return { report, waivers };
}
