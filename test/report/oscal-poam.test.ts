// OSCAL Plan of Action and Milestones against NIST's own schema (OSCAL 1.2.1, draft-07, compiled with ajv as
// published, as oscal.test.ts does for the assessment results): a poam-item per open finding at or above the
// fail-on threshold and per waiver, observations and risks linked, the assessment results' parties, stable UUIDs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { FORMATTERS } from '../../src/report';
import { failsAt } from '../../src/report/shared';
import type { Report } from '../../src/core/types';
import { decide } from '../../src/engine';
import { markupFieldValues } from '../support/oscal-markup';
import { withoutTimestamps } from '../support/timestamps';
import { demoRun } from './demo-run';
import { largeRun } from './large-runs';
import { context, driftRun, errorRun, FIXTURE_RUNS, hostileRun, SCRIPT_PAYLOAD, waiversRun } from './fixtures';

const NIST_SCHEMA = path.resolve(__dirname, '../schemas/oscal_poam_schema-1.2.1.json');

const validate = (() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(NIST_SCHEMA, 'utf8')));
})();

type Prop = { name: string; value: string };
interface Item { uuid: string; title: string; props: Prop[]; 'related-observations'?: Array<{ 'observation-uuid': string }>; 'related-risks'?: Array<{ 'risk-uuid': string }> }
interface Risk { uuid: string; status: string; deadline?: string; props?: Prop[]; description: string; 'related-observations'?: Array<{ 'observation-uuid': string }>; 'risk-log'?: { entries: Array<{ start: string; 'logged-by': Array<{ 'party-uuid': string }> }> } }
interface Poam {
  uuid: string;
  metadata: { parties?: Array<{ uuid: string; name: string }>; remarks?: string };
  observations?: Array<{ uuid: string }>;
  risks?: Risk[];
  'poam-items': Item[];
}

function render(report: Report, ctx = context()): Poam {
  const doc = JSON.parse(FORMATTERS['oscal-poam'].render(report, ctx));
  const valid = validate(doc);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  return doc['plan-of-action-and-milestones'];
}

const propOf = (item: { props?: Prop[] }, name: string) => item.props?.find((p) => p.name === name)?.value;

describe('OSCAL POA&M', () => {
  it('rejects a document that is not a POA&M (the validator can fail)', () => {
    expect(validate({ 'plan-of-action-and-milestones': { uuid: 'x', metadata: {} } })).toBe(false);
  });

  it.each(FIXTURE_RUNS)('$name run validates against NIST\'s schema', ({ report }) => {
    render(report);
  });

  it('has one item per open finding at or above fail-on and one per waiver, each linked to its risk and observations', () => {
    const poam = render(driftRun);
    const open = driftRun.findings.filter((f) => !f.waived && failsAt(f.severity, driftRun.failOn));
    expect(open.length).toBeLessThan(driftRun.findings.length); // the warning and the note stay out at fail-on error
    const findingItems = poam['poam-items'].filter((item) => propOf(item, 'poam-item-type') === 'finding');
    expect(findingItems.map((item) => `${propOf(item, 'rule-id')} ${propOf(item, 'email-domain')}`).sort()).toEqual(open.map((f) => `${f.ruleId} ${f.emailDomain}`).sort());
    const deviations = poam['poam-items'].filter((item) => propOf(item, 'poam-item-type') === 'deviation');
    expect(deviations).toHaveLength(driftRun.waivers.length);
    const risks = new Map((poam.risks ?? []).map((risk) => [risk.uuid, risk]));
    const observations = new Set((poam.observations ?? []).map((o) => o.uuid));
    for (const item of poam['poam-items']) {
      for (const link of item['related-risks'] ?? []) expect(risks.has(link['risk-uuid'])).toBe(true);
      for (const link of item['related-observations'] ?? []) expect(observations.has(link['observation-uuid'])).toBe(true);
    }
    const enabled = findingItems.find((item) => propOf(item, 'rule-id') === 'CFSSO004');
    expect(enabled?.['related-observations']?.length).toBe(1);
    // At fail-on note the warning and the note are open items too.
    expect(render(decide({ ...driftRun, failOn: 'note' }))['poam-items'].filter((item) => propOf(item, 'poam-item-type') === 'finding')).toHaveLength(driftRun.findings.filter((f) => !f.waived).length);
  });

  it('states each waiver as a deviation: reason, approver, approval day when recorded, deadline, status by state', () => {
    const withDay = waiversRun.waivers.map((w, i) => (i === 0 ? { ...w, approvedOn: '2026-11-02' } : w));
    const poam = render({ ...waiversRun, waivers: withDay });
    const risks = poam.risks ?? [];
    const inForce = risks.find((risk) => propOf(risk, 'waiver-state') === 'in_force');
    expect(inForce).toMatchObject({ status: 'deviation-approved', description: 'DNS cut-over, change CHG-1234', deadline: '2027-01-31T23:59:59Z' });
    expect(propOf(inForce ?? {}, 'approved-by')).toBe('security@example.com');
    expect(propOf(inForce ?? {}, 'approved-on')).toBe('2026-11-02');
    expect(inForce?.['risk-log']?.entries[0].start).toBe('2026-11-02T00:00:00Z');
    expect(inForce?.['related-observations']?.length).toBe(1);
    expect(risks.find((risk) => propOf(risk, 'waiver-state') === 'expired')?.status).toBe('open');
    // No approver recorded: tolerated, no risk log, still a deviation item.
    const unrecorded = risks.find((risk) => propOf(risk, 'waiver-kind') === 'enabled_mismatch');
    expect(unrecorded?.['risk-log']).toBeUndefined();
    expect(propOf(unrecorded ?? {}, 'approved-by')).toBeUndefined();
    // In force but approved by no one recorded: requested, never approved.
    const unapproved = render({ ...waiversRun, waivers: waiversRun.waivers.map(({ approvedBy: _approver, ...rest }) => rest) });
    const requested = (unapproved.risks ?? []).find((risk) => propOf(risk, 'waiver-state') === 'in_force');
    expect(requested?.status).toBe('deviation-requested');
    expect(requested?.['risk-log']).toBeUndefined();
  });

  it('names the same parties as the assessment results, with the same UUIDs', () => {
    const poam = render(waiversRun);
    const ar = JSON.parse(FORMATTERS.oscal.render(waiversRun, context()))['assessment-results'];
    expect(poam.metadata.parties).toEqual(ar.metadata.parties);
    expect(poam.metadata.parties?.length).toBeGreaterThan(0);
    const arObservations = new Set(ar.results[0].observations.map((o: { uuid: string }) => o.uuid));
    for (const observation of poam.observations ?? []) expect(arObservations.has(observation.uuid)).toBe(true);
  });

  it('never looks clean for an undecided run: an item per account not read', () => {
    const poam = render(errorRun);
    expect(poam['poam-items'].filter((item) => propOf(item, 'poam-item-type') === 'account-not-read')).toHaveLength(1);
    expect(poam.metadata.remarks).toMatch(/Could not decide/);
  });

  it('is the same document for the same inputs apart from timestamps, and another for other inputs', () => {
    const { report, ctx } = demoRun();
    const first = FORMATTERS['oscal-poam'].render(report, ctx);
    const later = FORMATTERS['oscal-poam'].render({ ...report, generatedAt: '2026-11-28T13:30:00.000Z', accounts: report.accounts.map((a) => ({ ...a, readAt: '2026-11-28T13:29:59.000Z' })) }, ctx);
    expect(later).not.toBe(first);
    expect(withoutTimestamps(later)).toBe(withoutTimestamps(first));
    render(report, ctx);
    const other = render({ ...report, desiredState: { ...report.desiredState, sha256: 'f'.repeat(64) } }, ctx);
    expect(other.uuid).not.toBe(JSON.parse(first)['plan-of-action-and-milestones'].uuid);
  });

  it('keeps hostile strings inert: valid, and no markup field holds an unescaped tag', () => {
    const doc = render(hostileRun().report);
    const markupValues = markupFieldValues(doc);
    const hostile = markupValues.filter((value) => value.includes('script'));
    expect(hostile.length).toBeGreaterThan(0);
    for (const value of hostile) expect(value, value).not.toMatch(/(^|[^\\])</);
    expect(markupValues.join('\n')).not.toContain(SCRIPT_PAYLOAD);
  });
});

describe('OSCAL POA&M at organisation size', () => {
  it('2,000 open findings: an item each, every one linked to its observation, valid', () => {
    const report = largeRun({ accounts: 40, perAccount: 50, drifted: 2000 });
    const poam = render(report);
    const items = poam['poam-items'].filter((item) => propOf(item, 'poam-item-type') === 'finding');
    expect(items).toHaveLength(2000);
    expect(items.every((item) => item['related-observations']?.length === 1)).toBe(true);
    expect(new Set(items.map((item) => item.uuid)).size).toBe(2000);
  });
});
