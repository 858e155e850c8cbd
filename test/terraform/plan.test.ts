// The Terraform plan reader and judge, in process: each fixture's end state against the desired state.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesiredStateFile } from '../../src/desired';
import { buildReport } from '../../src/engine';
import { renderReport } from '../../src/report';
import { ALL_RULES } from '../../src/rules';
import { judgeTerraformPlan, parseTerraformPlan, planText as decodePlan, TerraformPlanError, type PlanJudgement } from '../../src/terraform';
import type { AccountInventory, DesiredState, Finding, Report } from '../../src/core/types';

const DIR = join(__dirname, '..', 'fixtures', 'terraform');
const PRODUCTION = '023e105f4ecef8ad9ca31a8372d0c353';
const TODAY = '2026-12-05';
const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit', 'html', 'csv', 'github', 'oscal'] as const;

const planText = (name: string): string => readFileSync(join(DIR, `${name}.plan.json`), 'utf8');
const desired = (file = 'sso-connectors.yaml'): DesiredState => loadDesiredStateFile(join(DIR, file));

function judge(name: string, options: { file?: string; live?: AccountInventory[] } = {}): PlanJudgement & { report: Report } {
  const state = desired(options.file);
  const judged = judgeTerraformPlan(state, parseTerraformPlan(planText(name)), {
    accountIds: [PRODUCTION],
    today: TODAY,
    readAt: '2026-12-05T10:00:00.000Z',
    ...(options.live ? { live: options.live } : {}),
  });
  const report = buildReport({ desired: state, inventories: judged.inventories, findings: judged.findings, connectors: judged.connectors, generatedAt: '2026-12-05T10:00:00.000Z', asOf: TODAY, toolVersion: '0.0.0', failOn: 'error' });
  return { ...judged, report };
}

const summary = (findings: Finding[]): string[] => findings.map((f) => `${f.ruleId} ${f.emailDomain} ${f.connectorId ?? '-'}`);

describe('the end state of a plan, judged by the engine', () => {
  it('create: two connectors created with the declared settings are compliant', () => {
    const { findings, report } = judge('create');
    expect(findings).toEqual([]);
    expect(report.status).toBe('compliant');
    expect(report.accounts[0].checks.map((c) => c.connectorId)).toEqual(['cloudflare_sso_connector.corp', 'cloudflare_sso_connector.example', undefined]);
  });

  it('no-op: existing connectors kept; verification from the prior state', () => {
    const { findings, report } = judge('noop', { file: 'verified.yaml' });
    expect(findings).toEqual([]);
    expect(report.status).toBe('compliant');
    const example = report.accounts[0].checks.find((c) => c.emailDomain === 'example.com');
    expect(example?.checks.find((c) => c.property === 'verification')).toMatchObject({ actual: 'verified', result: 'pass' });
  });

  it('update in place: the planned value is judged (use_fedramp_language true, expected false)', () => {
    const { findings, report } = judge('update');
    expect(summary(findings)).toEqual(['CFSSO006 example.com cloudflare_sso_connector.example']);
    expect(findings[0].message).toContain('cloudflare_sso_connector.example');
    expect(report.status).toBe('drift');
  });

  it('delete: a declared connector the plan destroys is missing, and the message names the resource', () => {
    const { findings, report } = judge('delete');
    expect(summary(findings)).toEqual(['CFSSO001 corp.example.com -']);
    expect(findings[0].message).toContain('The plan destroys cloudflare_sso_connector.corp.');
    expect(report.status).toBe('drift');
  });

  it('replace, delete then create, to another domain: the declared one is missing, the new one unexpected', () => {
    const { findings } = judge('replace-delete-create');
    expect(summary(findings)).toEqual(['CFSSO001 example.com -', 'CFSSO002 example.net cloudflare_sso_connector.example']);
  });

  it('replace, create before destroy, same domain: the new object is judged; its verification is not decided by a plan', () => {
    expect(judge('replace-create-delete').findings).toEqual([]);
    const { findings, report } = judge('replace-create-delete', { file: 'verified.yaml' });
    expect(summary(findings)).toEqual(['CFSSO010 example.com cloudflare_sso_connector.example']);
    expect(findings[0].message).toContain('not decided by a plan');
    expect(findings[0].actual).toBe('verification.status not decided by a plan');
    expect(report.status).toBe('error');
  });

  it('unknown values: decided at apply and not set by the plan are never compliant nor drift: could not decide', () => {
    const { findings, report } = judge('unknown');
    expect(summary(findings)).toEqual(['CFSSO010 corp.example.com cloudflare_sso_connector.corp', 'CFSSO010 example.com cloudflare_sso_connector.example']);
    expect(findings[0].message).toMatch(/enabled of cloudflare_sso_connector\.corp: not set by the plan \(null: Terraform does not manage it/);
    expect(findings[1].message).toMatch(/use_fedramp_language of cloudflare_sso_connector\.example: decided at apply/);
    expect(findings.every((f) => !f.message.includes('API did not report'))).toBe(true);
    expect(report.status).toBe('error');
    expect(report.summary.checks.unverifiable).toBe(2);
  });

  it('an account_id spelled in upper case is still its account (a forbidden connector cannot slip past)', () => {
    const plan = JSON.parse(planText('modules-for-each'));
    for (const change of plan.resource_changes) if (change.type === 'cloudflare_sso_connector') change.change.after.account_id = ` ${PRODUCTION.toUpperCase()}`;
    const judged = judgeTerraformPlan(desired(), parseTerraformPlan(JSON.stringify(plan)), { accountIds: [PRODUCTION], today: TODAY, readAt: '2026-12-05T10:00:00.000Z' });
    expect(summary(judged.findings)).toEqual(['CFSSO003 old.example.com module.legacy.module.inner.cloudflare_sso_connector.old[0]']);
  });

  it('modules with for_each and count: findings name the full instance address', () => {
    const { findings } = judge('modules-for-each');
    expect(summary(findings)).toEqual(['CFSSO003 old.example.com module.legacy.module.inner.cloudflare_sso_connector.old[0]']);
    // The fix is in the configuration, not an API call with a connector id the plan does not have.
    expect(findings[0].remediation).toBe('Remove module.legacy.module.inner.cloudflare_sso_connector.old[0] from the Terraform configuration (Terraform then destroys it), or change the entry in ' + join(DIR, 'sso-connectors.yaml') + '.');
  });

  it('two resources for one (account, domain) are a duplicate, however the domain is spelled', () => {
    const { findings } = judge('duplicate');
    expect(findings.map((f) => f.ruleId)).toContain('CFSSO007');
    const duplicate = findings.find((f) => f.ruleId === 'CFSSO007');
    expect(duplicate?.message).toContain('cloudflare_sso_connector.example,');
    expect(duplicate?.message).toContain('cloudflare_sso_connector.example_again');
  });

  it('resource_drift: a change made outside Terraform is reported as live drift, though the plan reverts it', () => {
    const { findings, report } = judge('drift');
    expect(summary(findings)).toEqual(['CFSSO004 example.com cloudflare_sso_connector.example']);
    expect(findings[0].message).toContain('changed outside Terraform (resource_drift, found on refresh)');
    expect(findings[0].remediation).toMatch(/^Changed outside Terraform \(found on refresh\): applying the plan sets cloudflare_sso_connector\.example back as configured/);
    expect(findings[0].actual).toBe('false');
    expect(report.status).toBe('drift');
  });

  it('resource_drift: the connector carries the check its rule made, failed, or waived with its finding', () => {
    const checkOf = (report: Report) => {
      const item = report.accounts[0].checks.find((entry) => entry.connectorId === 'cloudflare_sso_connector.example');
      return { verdict: item?.verdict, check: item?.checks.find((entry) => entry.ruleId === 'CFSSO004') };
    };
    expect(checkOf(judge('drift').report)).toEqual({ verdict: 'drift', check: { property: 'enabled', ruleId: 'CFSSO004', expected: 'true', actual: 'false', result: 'fail' } });
    const state = desired();
    const location = state.accounts[0].location;
    state.waivers.push({ accountId: PRODUCTION, emailDomain: 'example.com', kind: 'enabled_mismatch', reason: 'drift accepted', expires: '2099-01-01', location });
    const judged = judgeTerraformPlan(state, parseTerraformPlan(planText('drift')), { accountIds: [PRODUCTION], today: TODAY, readAt: '2026-12-05T10:00:00.000Z' });
    const report = buildReport({ desired: state, inventories: judged.inventories, findings: judged.findings, connectors: judged.connectors, generatedAt: '2026-12-05T10:00:00.000Z', asOf: TODAY, toolVersion: '0.0.0', failOn: 'error' });
    expect(judged.findings.find((finding) => finding.ruleId === 'CFSSO004')?.waived).toBe(true);
    expect(checkOf(report)).toEqual({ verdict: 'waived', check: { property: 'enabled', ruleId: 'CFSSO004', expected: 'true', actual: 'false', result: 'waived' } });
  });

  it('resource_drift: a connector deleted outside Terraform is missing live now, though the plan creates it again', () => {
    const plan = JSON.parse(planText('drift'));
    const [drift] = plan.resource_drift;
    drift.change = { ...drift.change, actions: ['delete'], after: null, after_sensitive: false };
    const example = plan.resource_changes.find((c: { address: string }) => c.address === 'cloudflare_sso_connector.example');
    example.change = { ...example.change, actions: ['create'], before: null, before_sensitive: false, after: { ...example.change.after, id: null, verification: null }, after_unknown: { id: true, verification: true } };
    plan.prior_state.values.root_module.resources = plan.prior_state.values.root_module.resources.filter((r: { address: string }) => r.address !== 'cloudflare_sso_connector.example');
    const judged = judgeTerraformPlan(desired(), parseTerraformPlan(JSON.stringify(plan)), { accountIds: [PRODUCTION], today: TODAY, readAt: '2026-12-05T10:00:00.000Z' });
    expect(summary(judged.findings)).toEqual(['CFSSO001 example.com -']);
    expect(judged.findings[0].message).toContain('changed outside Terraform (resource_drift, found on refresh): email_domain example.com is declared state: present, but no SSO connector exists for it.');
  });

  it('with the live API: unmanaged connectors (CFSSO002), verification and values the plan leaves alone', () => {
    const live: AccountInventory[] = [
      {
        accountId: PRODUCTION,
        status: 'ok',
        fetchedAt: '2026-12-05T10:01:00.000Z',
        pagesFetched: 1,
        connectors: [
          { accountId: PRODUCTION, id: '944152aae117a87896c2b25f10a1bc99', emailDomain: 'corp.example.com', enabled: true, useFedrampLanguage: false, verification: { status: 'pending' } },
          { accountId: PRODUCTION, id: 'c782e97d74af97ff02ca483541b62c00', emailDomain: 'shadow-it.example.net', enabled: true, useFedrampLanguage: false, verification: { status: 'verified' } },
        ],
      },
    ];
    const { findings } = judge('unknown', { file: 'verified.yaml', live });
    // corp: enabled null in the plan -> the live value (true) is kept; its verification is the live one (pending).
    expect(summary(findings)).toEqual([
      'CFSSO005 corp.example.com cloudflare_sso_connector.corp',
      'CFSSO010 example.com cloudflare_sso_connector.example',
      'CFSSO010 example.com cloudflare_sso_connector.example',
      'CFSSO002 shadow-it.example.net c782e97d74af97ff02ca483541b62c00',
    ]);
    // An import block: the object is not in the prior state yet, but the plan adopts it (not unmanaged).
    const imported = JSON.parse(planText('create'));
    const adopt = imported.resource_changes.find((c: { address: string }) => c.address === 'cloudflare_sso_connector.corp');
    const corp = { account_id: PRODUCTION, email_domain: 'corp.example.com', enabled: true, use_fedramp_language: false, id: '944152aae117a87896c2b25f10a1bc99', verification: { status: 'pending', code: 'TF-SECRET-code' } };
    adopt.change = { actions: ['no-op'], before: corp, after: corp, after_unknown: {}, before_sensitive: { verification: { code: true } }, after_sensitive: { verification: { code: true } }, importing: { id: `${PRODUCTION}/944152aae117a87896c2b25f10a1bc99` } };
    const view = parseTerraformPlan(JSON.stringify(imported));
    expect([...view.managedIds]).toEqual(['944152aae117a87896c2b25f10a1bc99']);
    const adopted = judgeTerraformPlan(desired(), view, { accountIds: [PRODUCTION], today: TODAY, readAt: '2026-12-05T10:00:00.000Z', live });
    expect(summary(adopted.findings)).toEqual(['CFSSO002 shadow-it.example.net c782e97d74af97ff02ca483541b62c00']);
    // forget (a `removed` block with destroy = false): corp stays in Cloudflare, unmanaged; read live, it is counted once.
    const forget = JSON.parse(planText('noop'));
    forget.resource_changes.find((c: { address: string }) => c.address === 'cloudflare_sso_connector.corp').change.actions = ['forget'];
    const forgotten = parseTerraformPlan(JSON.stringify(forget));
    expect(forgotten.managedIds.has('944152aae117a87896c2b25f10a1bc99')).toBe(false);
    const options = { accountIds: [PRODUCTION], today: TODAY, readAt: '2026-12-05T10:00:00.000Z' };
    expect(judgeTerraformPlan(desired(), forgotten, options).findings).toEqual([]);
    const example = { accountId: PRODUCTION, id: 'acade23a639dbf4bec9b765339c9c326', emailDomain: 'example.com', enabled: true, useFedrampLanguage: false, verification: { status: 'verified' } };
    const withExample = [{ ...live[0], connectors: [example, ...live[0].connectors] }];
    const forgottenLive = judgeTerraformPlan(desired(), forgotten, { ...options, live: withExample });
    expect(summary(forgottenLive.findings)).toEqual(['CFSSO002 shadow-it.example.net c782e97d74af97ff02ca483541b62c00']);
    expect(forgottenLive.inventories[0].connectors.map((c) => c.id)).toEqual(['cloudflare_sso_connector.example', '944152aae117a87896c2b25f10a1bc99', 'c782e97d74af97ff02ca483541b62c00']);
    // Planned with -refresh=false after example.com was deleted in the dashboard: the plan keeps an object the API no longer has.
    expect(summary(judge('noop', { live }).findings)).toEqual(['CFSSO001 example.com -', 'CFSSO002 shadow-it.example.net c782e97d74af97ff02ca483541b62c00']);
    const failed = judge('noop', { live: [{ ...live[0], status: 'error', error: 'HTTP 403', connectors: [] }] });
    expect(failed.report.status).toBe('error');
    expect(failed.inventories[0].error).toBe('HTTP 403');
  });

  it('with the live API: a setting the plan does not change (no-op, or an update of another setting; planned with -refresh=false) keeps its live value', () => {
    // Disabled and switched to FedRAMP wording in the dashboard; the plan, not refreshed, sees the old state
    // and changes nothing, so after apply Cloudflare still has the live values.
    const live: AccountInventory[] = [
      {
        accountId: PRODUCTION,
        status: 'ok',
        fetchedAt: '2026-12-05T10:01:00.000Z',
        pagesFetched: 1,
        connectors: [
          { accountId: PRODUCTION, id: 'acade23a639dbf4bec9b765339c9c326', emailDomain: 'example.com', enabled: true, useFedrampLanguage: false, verification: { status: 'verified' } },
          { accountId: PRODUCTION, id: '944152aae117a87896c2b25f10a1bc99', emailDomain: 'corp.example.com', enabled: false, useFedrampLanguage: true, verification: { status: 'verified' } },
        ],
      },
    ];
    const { findings, report } = judge('noop', { file: 'verified.yaml', live });
    expect(summary(findings)).toEqual(['CFSSO004 corp.example.com cloudflare_sso_connector.corp', 'CFSSO006 corp.example.com cloudflare_sso_connector.corp']);
    expect(report.status).toBe('drift');
    // An update changes what it changes: example's use_fedramp_language is set (true, against the file), its
    // enabled is not touched, so the live false stands.
    const disabledExample = [{ ...live[0], connectors: [{ ...live[0].connectors[0], enabled: false }, live[0].connectors[1]] }];
    expect(summary(judge('update', { file: 'verified.yaml', live: disabledExample }).findings)).toEqual([
      'CFSSO004 corp.example.com cloudflare_sso_connector.corp',
      'CFSSO006 corp.example.com cloudflare_sso_connector.corp',
      'CFSSO004 example.com cloudflare_sso_connector.example',
      'CFSSO006 example.com cloudflare_sso_connector.example',
    ]);
  });

  it('CSV: every row says its evidence is a planned end state (the plan file and its SHA-256), not a live read', () => {
    const { report } = judge('create');
    report.provenance.terraformPlan = { path: 'plan.json', sha256: 'b'.repeat(64), formatVersion: '1.2', terraformVersion: '1.9.8', live: false };
    const [header, ...rows] = renderReport('csv', report, { color: false, rules: ALL_RULES, repoRoot: process.cwd(), cwd: process.cwd() }).trimEnd().split('\r\n');
    expect(header).toContain(',source,source_sha256,source_read_at,');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(`,terraform plan plan.json,${'b'.repeat(64)},`);
  });

  it('every report format renders a plan report; none carries a secret of the plan', () => {
    for (const name of ['create', 'noop', 'update', 'delete', 'replace-delete-create', 'replace-create-delete', 'unknown', 'modules-for-each', 'duplicate', 'drift']) {
      const { report } = judge(name, { file: 'verified.yaml' });
      report.provenance.terraformPlan = { path: `${name}.plan.json`, sha256: 'a'.repeat(64), formatVersion: '1.2', terraformVersion: '1.9.8', live: false };
      expect(JSON.stringify(report)).not.toContain('TF-SECRET');
      for (const format of FORMATS) {
        const out = renderReport(format, report, { color: false, rules: ALL_RULES, repoRoot: process.cwd(), cwd: process.cwd() });
        expect(out, `${name} ${format}`).not.toContain('TF-SECRET');
        // GitHub annotations: one per finding, so none for a plan without findings.
        if (format !== 'github' || report.findings.length > 0) expect(out.length, `${name} ${format}`).toBeGreaterThan(0);
      }
      if (name === 'create') {
        const text = renderReport('markdown', report, { color: false, rules: ALL_RULES, repoRoot: process.cwd(), cwd: process.cwd() });
        expect(text).toContain('not visible in a plan');
      }
    }
  });
});

describe('reading plans', () => {
  it('refuses format_version 2.0 with a clear message', () => {
    expect(() => parseTerraformPlan(planText('format-2'))).toThrow(/format_version 2\.0 is not supported: this version reads format 1\.x/);
  });

  it('refuses what is not a plan, naming the position but never quoting the input', () => {
    expect(() => parseTerraformPlan('{"format_version": "1.2", "x": TF-SECRET-in-broken-json}')).toThrow(TerraformPlanError);
    try {
      parseTerraformPlan('{\n "format_version": "1.2",\n "x": TF-SECRET}');
    } catch (error) {
      expect((error as Error).message).toMatch(/^not valid JSON( at line 3, column \d+)?; expected the output of `terraform show -json PLANFILE`$/);
      expect((error as Error).message).not.toContain('TF-SECRET');
    }
    expect(() => parseTerraformPlan('[]')).toThrow(/expected a JSON object/);
    expect(() => parseTerraformPlan('{"terraform_version":"1.9.8"}')).toThrow(/no "format_version"/);
    expect(() => parseTerraformPlan('{"format_version":"1.0","values":{"root_module":{}}}')).toThrow(/this is a state/);
  });

  it('refuses other `terraform ... -json` outputs that carry a format_version 1.x: a state without resources, validate, providers schema', () => {
    // None of them says what a plan does; read as an empty plan, a file of only `state: absent` entries would pass.
    for (const text of ['{"format_version":"1.0"}', '{"format_version":"1.0","valid":true,"error_count":0,"warning_count":0,"diagnostics":[]}', '{"format_version":"1.0","provider_schemas":{}}']) {
      expect(() => parseTerraformPlan(text), text).toThrow(/not a plan: no "planned_values" nor "resource_changes"/);
    }
    // A plan of a configuration without resources has planned_values and no resource_changes (Terraform omits the empty list).
    expect(parseTerraformPlan('{"format_version":"1.2","planned_values":{"root_module":{}}}').connectors).toEqual([]);
  });

  it('a connector entry whose mode is neither managed nor data is an error, not skipped (a forbidden connector would slip past)', () => {
    const plan = JSON.parse(planText('create'));
    const connector = plan.resource_changes.find((c: { type: string }) => c.type === 'cloudflare_sso_connector');
    delete connector.mode;
    expect(() => parseTerraformPlan(JSON.stringify(plan))).toThrow(/^cloudflare_sso_connector\.\w+: "mode" is not "managed" nor "data"$/);
    connector.mode = 'data';
    expect(parseTerraformPlan(JSON.stringify(plan)).connectors.map((c) => c.address)).not.toContain(connector.address);
  });

  it('a deposed object the plan does not delete cannot be decided (only delete is read as the end of a deposed object)', () => {
    const plan = JSON.parse(planText('create'));
    const connector = plan.resource_changes.find((c: { type: string }) => c.type === 'cloudflare_sso_connector');
    connector.deposed = '00000001';
    const view = parseTerraformPlan(JSON.stringify(plan));
    expect(view.undecided).toEqual([`${connector.address} (deposed object 00000001): the plan's action for it is create, not delete`]);
    connector.change.actions = ['delete'];
    expect(parseTerraformPlan(JSON.stringify(plan)).undecided).toEqual([]);
    // The deposed object the plan deletes is still live: read with --live it is Terraform's, not unmanaged.
    connector.change.before = { ...connector.change.after, id: 'de9051ed0bec7000000000000000000a' };
    expect(parseTerraformPlan(JSON.stringify(plan)).managedIds.has('de9051ed0bec7000000000000000000a')).toBe(true);
  });

  it('an attribute of the wrong type is an error naming the address and attribute, not the value', () => {
    const plan = JSON.parse(planText('create'));
    const connector = plan.resource_changes.find((c: { type: string }) => c.type === 'cloudflare_sso_connector');
    connector.change.after.enabled = 'TF-SECRET-not-a-boolean';
    expect(() => parseTerraformPlan(JSON.stringify(plan))).toThrow(/^cloudflare_sso_connector\.\w+: attribute "enabled" is not a boolean$/);
  });

  it('reads only connectors: other resources may be any shape', () => {
    const plan = JSON.parse(planText('noop'));
    plan.resource_changes.push({ address: 'x.y', type: 'x', mode: 'managed', change: 'TF-SECRET-garbage' });
    const view = parseTerraformPlan(JSON.stringify(plan));
    expect(view.connectors.map((c) => c.address)).toEqual(['cloudflare_sso_connector.example', 'cloudflare_sso_connector.corp']);
    expect(JSON.stringify([...view.connectors, ...view.managedIds])).not.toContain('TF-SECRET');
  });

  it('fails closed on an errored or incomplete plan, a state object the plan skips, and an unknown account_id', () => {
    const state = desired();
    const options = { accountIds: [PRODUCTION], today: TODAY, readAt: '2026-12-05T10:00:00.000Z' };
    const errored = JSON.parse(planText('noop'));
    errored.errored = true;
    expect(judgeTerraformPlan(state, parseTerraformPlan(JSON.stringify(errored)), options).inventories[0]).toMatchObject({ status: 'error', error: expect.stringContaining('errored: true') });
    const targeted = JSON.parse(planText('noop'));
    targeted.complete = false;
    targeted.resource_changes = targeted.resource_changes.filter((c: { address: string }) => c.address !== 'cloudflare_sso_connector.corp');
    const view = parseTerraformPlan(JSON.stringify(targeted));
    expect(view.undecided).toEqual([expect.stringContaining('complete: false'), 'cloudflare_sso_connector.corp is in the state, but the plan does not say what becomes of it']);
    const unknownAccount = JSON.parse(planText('create'));
    const first = unknownAccount.resource_changes.find((c: { type: string }) => c.type === 'cloudflare_sso_connector');
    first.change.after.account_id = null;
    first.change.after_unknown.account_id = true;
    const judged = judgeTerraformPlan(state, parseTerraformPlan(JSON.stringify(unknownAccount)), options);
    expect(judged.inventories[0]).toMatchObject({ status: 'error', error: expect.stringContaining('its account_id is decided at apply') });
  });

  it('a checked attribute marked sensitive is never read: the check (or the account) cannot be decided', () => {
    const state = desired();
    const options = { accountIds: [PRODUCTION], today: TODAY, readAt: '2026-12-05T10:00:00.000Z' };
    const plan = JSON.parse(planText('create'));
    const [first, second] = plan.resource_changes.filter((c: { type: string }) => c.type === 'cloudflare_sso_connector');
    first.change.after.enabled = 'TF-SECRET-marked-sensitive';
    first.change.after_sensitive = { enabled: true };
    const judged = judgeTerraformPlan(state, parseTerraformPlan(JSON.stringify(plan)), options);
    expect(judged.findings.map((f) => [f.ruleId, f.actual])).toEqual([['CFSSO010', 'enabled marked sensitive in the plan']]);
    second.change.after.email_domain = 'TF-SECRET-domain.example.com';
    second.change.after_sensitive = { email_domain: true };
    const hidden = judgeTerraformPlan(state, parseTerraformPlan(JSON.stringify(plan)), options);
    expect(hidden.inventories[0]).toMatchObject({ status: 'error', error: 'cannot tell which email_domain cloudflare_sso_connector.corp has: it is marked sensitive in the plan, so it is not read' });
    expect(JSON.stringify(hidden)).not.toContain('TF-SECRET');
  });

  it('reads an OpenTofu plan the same (its registry, its version in terraform_version)', () => {
    const tofu = planText('update').replace(/registry\.terraform\.io\/cloudflare\/cloudflare/g, 'registry.opentofu.org/cloudflare/cloudflare').replace(/"terraform_version": "1\.9\.8"/g, '"terraform_version": "1.8.5"');
    expect(tofu).toContain('registry.opentofu.org/cloudflare/cloudflare');
    const view = parseTerraformPlan(tofu);
    expect(view.terraformVersion).toBe('1.8.5');
    const judged = judgeTerraformPlan(desired(), view, { accountIds: [PRODUCTION], today: TODAY, readAt: '2026-12-05T10:00:00.000Z' });
    expect(summary(judged.findings)).toEqual(['CFSSO006 example.com cloudflare_sso_connector.example']);
  });

  it('reads the plan as PowerShell writes it (UTF-16 with a BOM) and with a UTF-8 BOM', () => {
    const text = planText('update');
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    const utf8bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    for (const bytes of [utf16le, utf16be, utf8bom, Buffer.from(text, 'utf8')]) expect(decodePlan(bytes)).toBe(text);
    expect(parseTerraformPlan(decodePlan(utf16le)).connectors.map((c) => c.address)).toEqual(['cloudflare_sso_connector.example', 'cloudflare_sso_connector.corp']);
  });

  it('records the plan versions', () => {
    expect(parseTerraformPlan(planText('create'))).toMatchObject({ formatVersion: '1.2', terraformVersion: '1.9.8', timestamp: '2026-12-05T10:00:00Z' });
    // Copied into every report: a string that is no version (a megabyte, control characters) is not recorded.
    const plan = JSON.parse(planText('create'));
    for (const odd of ['x'.repeat(1_000_000), '1.9.8\n::error::x', '']) {
      plan.terraform_version = odd;
      expect(parseTerraformPlan(JSON.stringify(plan)).terraformVersion).toBeUndefined();
    }
    plan.terraform_version = '1.10.0-beta1+ent';
    expect(parseTerraformPlan(JSON.stringify(plan)).terraformVersion).toBe('1.10.0-beta1+ent');
  });
});
