// OSCAL Assessment Results against NIST's own schema (OSCAL 1.2.1, draft-07, compiled with ajv as published),
// and what an assessor reads in it: observations per connector check, findings per failed control, satisfied
// targets, waivers as accepted risks, stable UUIDs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../support/common';
import { buildReport, evaluate } from '../../src/engine';
import { FORMATTERS } from '../../src/report';
import type { AccountInventory, DesiredState, Report } from '../../src/core/types';
import { ACCOUNT_A, account, declared, desiredState, inventory, live, waiver } from '../rules/fixtures';
import { context, ENGINE_RUNS, hostileRun, SCRIPT_PAYLOAD } from './fixtures';
import { markupFieldValues } from '../support/oscal-markup';
import { withoutTimestamps } from '../support/timestamps';

const NIST_SCHEMA = path.resolve(__dirname, '../schemas/oscal_assessment-results_schema-1.2.1.json');

const validate = (() => {
  return compileSchema(fs.readFileSync(NIST_SCHEMA, 'utf8'));
})();

interface OscalFinding {
  uuid: string;
  title: string;
  target: { 'target-id': string; status: { state: string } };
  'related-observations': Array<{ 'observation-uuid': string }>;
  'related-risks'?: Array<{ 'risk-uuid': string }>;
}
interface OscalResult {
  observations?: Array<{ uuid: string; props: Array<{ name: string; value: string }>; collected: string; 'relevant-evidence': Array<{ href: string }> }>;
  findings?: OscalFinding[];
  risks?: Array<{ uuid: string; status: string; deadline: string; props: Array<{ name: string; value: string }>; 'risk-log'?: { entries: Array<{ 'logged-by': Array<{ 'party-uuid': string }> }> } }>;
}

function render(report: Report): { doc: { 'assessment-results': { uuid: string; metadata: { parties?: Array<{ uuid: string; name: string }> }; results: OscalResult[]; 'back-matter': { resources: Array<{ uuid: string; rlinks?: Array<{ hashes?: Array<{ value: string }> }> }> } } }; result: OscalResult } {
  const doc = JSON.parse(FORMATTERS.oscal.render(report, context()));
  const valid = validate(doc);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  expect(doc['assessment-results'].results).toHaveLength(1);
  return { doc, result: doc['assessment-results'].results[0] };
}

function run(desired: DesiredState, inventories: AccountInventory[], generatedAt = '2026-11-28T12:00:00.000Z'): Report {
  return buildReport({
    desired,
    inventories,
    ...evaluate(desired, inventories, { today: '2026-11-28' }),
    generatedAt,
    asOf: '2026-11-28',
    toolVersion: '0.1.0',
    failOn: 'error',
    source: { kind: 'api', location: 'https://api.cloudflare.com/client/v4' },
    runtime: { node: 'v22.0.0', commandLine: ['check', '--format', 'oscal'] },
  });
}

const desired = desiredState(
  [
    account({
      name: 'production',
      connectors: [
        declared('example.com', { enabled: true, verification: ['verified'], useFedrampLanguage: true }),
        declared('corp.example.com', { enabled: true }),
      ],
    }),
  ],
  [waiver({ emailDomain: 'corp.example.com', kind: 'enabled_mismatch', approvedBy: 'ciso@example.com', expires: '2027-01-31' })],
);
const compliantLive = [live('example.com', { useFedrampLanguage: true }), live('corp.example.com')];
const RUNS = {
  clean: run(desired, [inventory(ACCOUNT_A, compliantLive)]),
  drift: run(desired, [inventory(ACCOUNT_A, [live('example.com', { useFedrampLanguage: false }), live('corp.example.com')])]),
  waivers: run(desired, [inventory(ACCOUNT_A, [live('example.com', { useFedrampLanguage: true }), live('corp.example.com', { enabled: false })])]),
  undecided: run(desired, [inventory(ACCOUNT_A, [live('example.com', { useFedrampLanguage: undefined }), live('corp.example.com')])]),
};

const findingState = (result: OscalResult) => (result.findings ?? []).map((f) => `${f.target['target-id']} ${f.target.status.state}`).sort();

describe('OSCAL assessment results validate against NIST\'s schema', () => {
  it('the validator rejects a document that is not OSCAL (the check can fail)', () => {
    expect(validate({ 'assessment-results': { uuid: 'x', metadata: {}, results: [] } })).toBe(false);
  });

  for (const { name, report } of ENGINE_RUNS) it(`engine run: ${name}`, () => void render(report));
  it('hostile strings stay inert: Markdown fields escape markup, plain strings stay one line', () => {
    const text = FORMATTERS.oscal.render(hostileRun().report, context());
    const doc = JSON.parse(text);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const markupValues = markupFieldValues(doc);
    const hostile = markupValues.filter((value) => value.includes('script'));
    expect(hostile.length).toBeGreaterThan(0);
    for (const value of hostile) expect(value, value).not.toMatch(/(^|[^\\])</);
    expect(markupValues.join('\n')).not.toContain(SCRIPT_PAYLOAD);
  });
});

describe('OSCAL content', () => {
  it('clean run: an observation per connector check, every reviewed control that was checked is satisfied', () => {
    const { result, doc } = render(RUNS.clean);
    expect(result.observations).toHaveLength(2);
    expect(findingState(result)).toEqual(['ac-8_obj satisfied', 'cm-6_obj satisfied', 'ia-2_obj satisfied']);
    const satisfiedIa2 = (result.findings ?? []).find((f) => f.target['target-id'] === 'ia-2_obj');
    expect(satisfiedIa2?.['related-observations']).toHaveLength(2);
    // Evidence: where the values came from, when, what was observed.
    const observation = result.observations?.find((o) => o.props.some((p) => p.name === 'email-domain' && p.value === 'example.com'));
    expect(observation?.collected).toBe('2026-11-28T12:00:00.000Z');
    expect(observation?.props).toEqual(expect.arrayContaining([{ name: 'verdict', ns: expect.any(String), value: 'compliant' }, { name: 'observed-use-fedramp-language', ns: expect.any(String), value: 'true' }]));
    const resources = doc['assessment-results']['back-matter'].resources.map((r) => `#${r.uuid}`);
    expect(resources).toContain(observation?.['relevant-evidence'][0].href);
  });

  it('drift run: a not-satisfied finding linked to the observation of the failed check; other controls satisfied', () => {
    const { result } = render(RUNS.drift);
    expect(findingState(result)).toEqual(['ac-8_obj not-satisfied', 'cm-6_obj satisfied', 'ia-2_obj satisfied']);
    const failed = (result.findings ?? []).find((f) => f.target.status.state === 'not-satisfied');
    const observation = result.observations?.find((o) => o.uuid === failed?.['related-observations'][0]['observation-uuid']);
    expect(observation?.props.find((p) => p.name === 'email-domain')?.value).toBe('example.com');
    expect(observation?.props.find((p) => p.name === 'verdict')?.value).toBe('drift');
  });

  it('waivers: an accepted risk (deviation-approved) with approver and expiry, linked from the finding', () => {
    const { result, doc } = render(RUNS.waivers);
    expect(findingState(result)).toEqual(['ac-8_obj satisfied', 'cm-6_obj satisfied', 'ia-2_obj not-satisfied']);
    const risk = result.risks?.[0];
    expect(result.risks).toHaveLength(1);
    expect(risk?.status).toBe('deviation-approved');
    expect(risk?.deadline).toBe('2027-01-31T23:59:59Z');
    expect(risk?.props).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'approved-by', value: 'ciso@example.com' })]));
    const approver = doc['assessment-results'].metadata.parties?.find((p) => p.name === 'ciso@example.com');
    expect(risk?.['risk-log']?.entries[0]['logged-by'][0]['party-uuid']).toBe(approver?.uuid);
    const finding = (result.findings ?? []).find((f) => f.target.status.state === 'not-satisfied');
    expect(finding?.['related-risks']).toEqual([{ 'risk-uuid': risk?.uuid }]);
  });

  it('a Terraform plan report says its evidence is the plan (path, SHA-256), never a live read; another plan is another document', () => {
    const planned = (sha256: string, live: boolean): Report => ({
      ...RUNS.clean,
      ...(live ? {} : { source: undefined }),
      provenance: { ...RUNS.clean.provenance, terraformPlan: { path: 'plan.json', sha256, formatVersion: '1.2', live } },
    });
    const { doc, result } = render(planned('c'.repeat(64), false));
    const text = JSON.stringify(doc);
    expect(text).not.toContain('live read');
    expect(text).not.toContain('GET ');
    const evidence = (result.observations ?? [])[0]['relevant-evidence'][0] as { href: string; description?: string };
    expect(evidence.description).toContain('Terraform plan plan.json');
    const source = doc['assessment-results']['back-matter'].resources.find((r) => `#${r.uuid}` === evidence.href) as { title?: string; rlinks?: Array<{ hashes?: Array<{ value: string }> }> };
    expect(source.title).toBe('Terraform plan plan.json (planned end state)');
    expect(source.rlinks?.[0].hashes?.[0].value).toBe('c'.repeat(64));
    expect(render(planned('d'.repeat(64), false)).doc['assessment-results'].uuid).not.toBe(doc['assessment-results'].uuid);
    // With --live the API read is named too, as what was read besides the plan.
    expect(JSON.stringify(render(planned('c'.repeat(64), true)).doc)).toContain('Terraform plan plan.json');
  });

  it('a waiver in force that names no approver is a requested deviation, not an approved one', () => {
    const unapproved = { ...RUNS.waivers, waivers: RUNS.waivers.waivers.map(({ approvedBy: _approver, ...rest }) => rest) };
    const risk = render(unapproved).result.risks?.[0];
    expect(risk?.status).toBe('deviation-requested');
    expect(risk?.['risk-log']).toBeUndefined();
  });

  it('names the parties: the tool as the assessor, each approver with the waiver-approver role, approved_on as the log entry', () => {
    const approved = desiredState(desired.accounts, [
      waiver({ emailDomain: 'corp.example.com', kind: 'enabled_mismatch', approvedBy: 'ciso@example.com', approvedOn: '2026-11-20', expires: '2027-01-31' }),
      waiver({ emailDomain: 'example.com', kind: 'fedramp_mismatch', approvedBy: 'Security Team', expires: '2027-01-31' }),
    ]);
    const report = run(approved, [inventory(ACCOUNT_A, [live('example.com', { useFedrampLanguage: false }), live('corp.example.com', { enabled: false })])]);
    const { doc, result } = render(report);
    const metadata = (doc as unknown as { 'assessment-results': { metadata: { roles: Array<{ id: string }>; parties: Array<{ uuid: string; type: string; name: string; 'email-addresses'?: string[] }>; 'responsible-parties': Array<{ 'role-id': string; 'party-uuids': string[] }> } } })['assessment-results'].metadata;
    const party = (name: string) => metadata.parties.find((p) => p.name === name);
    expect(metadata.roles.map((role) => role.id)).toEqual(['assessor', 'waiver-approver']);
    expect(party('cf-sso-guard')).toMatchObject({ type: 'organization' });
    expect(party('ciso@example.com')).toMatchObject({ type: 'person', 'email-addresses': ['ciso@example.com'] });
    expect(party('Security Team')?.['email-addresses']).toBeUndefined();
    expect(metadata['responsible-parties']).toEqual([
      { 'role-id': 'assessor', 'party-uuids': [party('cf-sso-guard')?.uuid] },
      { 'role-id': 'waiver-approver', 'party-uuids': [party('Security Team')?.uuid, party('ciso@example.com')?.uuid] },
    ]);
    const risks = result.risks ?? [];
    expect(risks).toHaveLength(2);
    const ciso = risks.find((risk) => risk.props.some((p) => p.name === 'approved-by' && p.value === 'ciso@example.com'));
    expect(ciso?.props).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'approved-on', value: '2026-11-20' })]));
    const entry = (ciso?.['risk-log']?.entries[0] ?? {}) as { start?: string; 'logged-by'?: Array<{ 'party-uuid': string; 'role-id': string }> };
    expect(entry.start).toBe('2026-11-20T00:00:00Z');
    expect(entry['logged-by']).toEqual([{ 'party-uuid': party('ciso@example.com')?.uuid, 'role-id': 'waiver-approver' }]);
  });

  it('undecided run: the unverifiable check is a not-satisfied finding and its control is never satisfied', () => {
    expect(RUNS.undecided.status).toBe('error');
    const { result } = render(RUNS.undecided);
    expect(findingState(result)).toEqual(['ac-8_obj not-satisfied', 'cm-6_obj satisfied', 'ia-2_obj satisfied']);
    const unread = run(desired, [inventory(ACCOUNT_A, [], 'error')]);
    const { result: unreadResult } = render(unread);
    expect(findingState(unreadResult).every((state) => state.endsWith('not-satisfied'))).toBe(true);
    expect(unreadResult.observations?.every((o) => o.props.some((p) => p.name === 'verdict' && p.value === 'not_checked'))).toBe(true);
  });

  it('the same inputs give the same document apart from timestamps; other inputs give other UUIDs', () => {
    const later = run(desired, [{ ...inventory(ACCOUNT_A, compliantLive), fetchedAt: '2026-11-29T08:00:00.000Z' }], '2026-11-29T08:00:01.000Z');
    const first = FORMATTERS.oscal.render(RUNS.clean, context());
    const second = FORMATTERS.oscal.render(later, context());
    expect(second).not.toBe(first);
    expect(withoutTimestamps(second)).toBe(withoutTimestamps(first));
    const other = run({ ...desired, sha256: 'b'.repeat(64) }, [inventory(ACCOUNT_A, compliantLive)]);
    expect(JSON.parse(FORMATTERS.oscal.render(other, context()))['assessment-results'].uuid).not.toBe(JSON.parse(first)['assessment-results'].uuid);
  });
});
