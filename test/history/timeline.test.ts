import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildHistory, HISTORY_FORMATTERS, HistoryRangeError } from '../../src/history';
import type { History } from '../../src/history';
import type { Report } from '../../src/core/types';
import { ACCOUNT_A, ACCOUNT_B, desiredState, account, declared, inventory, live } from '../rules/fixtures';
import { added, example, reportOn, week } from './reports';

const states = (spans: History['spans']): string[] => spans.flatMap((span) => {
  const n = (Date.parse(span.to) - Date.parse(span.from)) / 86_400_000 + 1;
  return Array.from({ length: n }, () => span.state);
});
const figures = ({ verdict, days, compliant, drift, undecided, noReport }: History) => ({ verdict, days, compliant, drift, undecided, noReport });

describe('history by UTC day', () => {
  const history = buildHistory(week());
  const [series] = history.series;
  const connector = (domain: string) => series.connectors.find((c) => c.emailDomain === domain);

  it('a day takes the worst state of its runs; a day without a report is no evidence, never compliant', () => {
    expect(history.from).toBe('2026-11-01');
    expect(history.to).toBe('2026-11-07');
    expect(figures(history)).toEqual({ verdict: 'not_shown_compliant', days: 7, compliant: 3, drift: 2, undecided: 1, noReport: 1 });
    expect(states(history.spans)).toEqual(['compliant', 'drift', 'no_report', 'drift', 'undecided', 'compliant', 'compliant']);
    expect(series.accounts).toEqual([expect.objectContaining({ accountId: ACCOUNT_A, runs: 6, days: 7, compliant: 3, drift: 2, undecided: 1, noReport: 1 })]);
    expect(states(connector('example.com')?.spans ?? [])).toEqual(['compliant', 'drift', 'no_report', 'drift', 'undecided', 'compliant', 'compliant']);
    expect(HISTORY_FORMATTERS.text.render(history).split('\n')[0]).toBe(
      'Not shown compliant (2026-11-01 to 2026-11-07): drift on 2 of 7 days (2026-11-02, 2026-11-04); could not decide on 1 day (2026-11-05); no evidence on 1 day (2026-11-03); compliant on 3 days.',
    );
  });

  it('ten more runs on a day already covered leave every figure as it was', () => {
    const more = [
      ...Array.from({ length: 5 }, (_, i) => ({ file: `more-01-${i}.json`, report: reportOn('2026-11-01', [inventory(ACCOUNT_A, [example(), added])], undefined, { readAt: `2026-11-01T1${i}:00:00.000Z`, generatedAt: `2026-11-01T1${i}:00:01.000Z` }) })),
      // Compliant runs on a drift day: the day stays drift (its worst).
      ...Array.from({ length: 5 }, (_, i) => ({ file: `more-02-${i}.json`, report: reportOn('2026-11-02', [inventory(ACCOUNT_A, [example(), added])], undefined, { readAt: `2026-11-02T1${i}:00:00.000Z`, generatedAt: `2026-11-02T1${i}:00:01.000Z` }) })),
    ];
    const after = buildHistory([...week(), ...more]);
    expect(figures(after)).toEqual(figures(history));
    expect(after.spans).toEqual(history.spans);
    const strip = (h: History) => h.series[0].accounts.map(({ runs: _runs, ...rest }) => rest);
    expect(strip(after)).toEqual(strip(history));
    expect(after.series[0].accounts[0].runs).toBe(16);
    expect(after.series[0].connectors.map(({ firstSeen: _f, lastSeen: _l, episodes: _e, ...rest }) => rest)).toEqual(series.connectors.map(({ firstSeen: _f, lastSeen: _l, episodes: _e, ...rest }) => rest));
  });

  it('the period verdict: compliant on all days only with a compliant report every day; --from/--to count the days without one', () => {
    const clean = ['2026-11-01', '2026-11-02', '2026-11-03'].map((day) => ({ file: `${day}.json`, report: reportOn(day, [inventory(ACCOUNT_A, [example(), added])]) }));
    const ok = buildHistory(clean);
    expect(figures(ok)).toEqual({ verdict: 'compliant', days: 3, compliant: 3, drift: 0, undecided: 0, noReport: 0 });
    expect(HISTORY_FORMATTERS.text.render(ok).split('\n')[0]).toBe('Compliant on all 3 days (2026-11-01 to 2026-11-03).');
    // The same reports, asked about the whole month: 27 days have no evidence.
    const month = buildHistory(clean, { from: '2026-11-01', to: '2026-11-30' });
    expect(figures(month)).toEqual({ verdict: 'not_shown_compliant', days: 30, compliant: 3, drift: 0, undecided: 0, noReport: 27 });
    expect(HISTORY_FORMATTERS.text.render(month).split('\n')[0]).toBe('Not shown compliant (2026-11-01 to 2026-11-30): no evidence on 27 days (2026-11-04 to 2026-11-30); compliant on 3 days.');
    // A gap in the middle: the day is listed.
    const gap = buildHistory([clean[0], clean[2]]);
    expect(HISTORY_FORMATTERS.text.render(gap).split('\n')[0]).toBe('Not shown compliant (2026-11-01 to 2026-11-03): no evidence on 1 day (2026-11-02); compliant on 2 days.');
    // A period no report reached: every day is without evidence (the file's series is there, with no run in it).
    const none = buildHistory(clean, { from: '2027-01-01', to: '2027-01-02' });
    expect(figures(none)).toEqual({ verdict: 'not_shown_compliant', days: 2, compliant: 0, drift: 0, undecided: 0, noReport: 2 });
    expect(none.series.map((series) => [series.runs.length, series.accounts.map((a) => [a.accountId, a.runs, a.noReport])])).toEqual([[0, [[ACCOUNT_A, 0, 2]]]]);
    expect(HISTORY_FORMATTERS.text.render(none).split('\n')[0]).toBe('Not shown compliant (2027-01-01 to 2027-01-02): no evidence on 2 days (2027-01-01 to 2027-01-02).');
    // Reports outside the period are left out.
    expect(figures(buildHistory(clean, { from: '2026-11-02', to: '2026-11-02' }))).toEqual({ verdict: 'compliant', days: 1, compliant: 1, drift: 0, undecided: 0, noReport: 0 });
  });

  it('a run counts what it observed, never its gate: drift under --fail-on never is drift', () => {
    // A report of --fail-on never whose status was coloured by the gate (as reports were before status and
    // gate were separated): history must not believe it.
    const soft: Report = { ...reportOn('2026-11-02', [inventory(ACCOUNT_A, [example({ enabled: false }), added])], undefined, { failOn: 'never' }), status: 'compliant' };
    expect(soft.findings.some((f) => !f.waived && f.severity === 'error')).toBe(true);
    const h = buildHistory([{ file: 'soft.json', report: soft }]);
    expect(figures(h)).toEqual({ verdict: 'not_shown_compliant', days: 1, compliant: 0, drift: 1, undecided: 0, noReport: 0 });
    expect(h.series[0].runs[0].observed).toBe('drift');
    // An old report that says compliant beside an unwaived error finding is drift too.
    const lying: Report = { ...reportOn('2026-11-03', [inventory(ACCOUNT_A, [example(), added])]), findings: soft.findings.map((f) => ({ ...f, accountId: ACCOUNT_A })) };
    expect(buildHistory([{ file: 'lying.json', report: lying }]).drift).toBe(1);
  });

  it('a run is filed under the day its data was read: checking old snapshots today backfills their days', () => {
    const today = '2026-12-05T09:00:00.000Z';
    const backfill = ['2026-09-01', '2026-09-02', '2026-09-04'].map((day, i) => ({
      file: `snap-${day}.json`,
      report: reportOn(day, [inventory(ACCOUNT_A, [example(), added])], undefined, { readAt: `${day}T23:30:00.000Z`, generatedAt: `2026-12-05T09:00:0${i}.000Z`, snapshot: true }),
    }));
    expect(backfill.every(({ report }) => report.generatedAt.startsWith(today.slice(0, 10)))).toBe(true);
    const h = buildHistory(backfill);
    expect([h.from, h.to]).toEqual(['2026-09-01', '2026-09-04']);
    expect(states(h.spans)).toEqual(['compliant', 'compliant', 'no_report', 'compliant']);
    expect(h.series[0].runs.map((run) => [run.day, run.source])).toEqual([
      ['2026-09-01', 'snapshot'],
      ['2026-09-02', 'snapshot'],
      ['2026-09-04', 'snapshot'],
    ]);
  });

  it('reads reports in any order', () => {
    expect(buildHistory([...week()].reverse())).toEqual(history);
  });

  it('one row per declared connector (whichever live connector matched it) and one per undeclared live connector', () => {
    const desired = desiredState([account({ name: 'production', connectors: [declared('example.com', { enabled: true }), declared('new.example.com')] })]);
    const stray = live('stray.example.org', { id: 'c-stray' });
    const runs = [
      { file: 'a.json', report: reportOn('2026-11-01', [inventory(ACCOUNT_A, [example(), added])], desired) },
      { file: 'b.json', report: reportOn('2026-11-02', [inventory(ACCOUNT_A, [example(), stray])], desired) },
      { file: 'c.json', report: reportOn('2026-11-03', [inventory(ACCOUNT_A, [example(), live('new.example.com', { id: 'c-new2' })])], desired) },
    ];
    const [one] = buildHistory(runs).series;
    expect(one.connectors.map((c) => [c.emailDomain, c.declared, c.connectorId ?? c.connectorIds])).toEqual([
      ['example.com', true, ['c-example']],
      ['new.example.com', true, ['c-new', 'c-new2']],
      ['stray.example.org', false, 'c-stray'],
    ]);
    // The declared connector missing on 11-02 is drift that day, in its one row; the stray one is absent the days it was not there.
    expect(states(one.connectors[1].spans)).toEqual(['compliant', 'drift', 'compliant']);
    expect(states(one.connectors[2].spans)).toEqual(['absent', 'drift', 'absent']);
    expect(one.connectors[2]).toEqual(expect.objectContaining({ absent: 2, drift: 1, noReport: 0, verdict: 'not_shown_compliant' }));
  });

  it('warnings are not drift, as in the status of the run: an undeclared connector under unmanaged: warning is compliant', () => {
    const lenient = desiredState([account({ name: 'production', unmanaged: 'warning', connectors: [declared('example.com', { enabled: true })] })]);
    const strict = desiredState([account({ name: 'production', unmanaged: 'error', connectors: [declared('example.com', { enabled: true })] })]);
    const stray = live('stray.example.org', { id: 'c-stray' });
    const warned = reportOn('2026-11-01', [inventory(ACCOUNT_A, [example(), stray])], lenient);
    expect(warned.status).toBe('compliant');
    expect(warned.findings.map((f) => f.severity)).toEqual(['warning']);
    const [lenientSeries] = buildHistory([{ file: 'a.json', report: warned }]).series;
    expect(lenientSeries.accounts[0]).toMatchObject({ compliant: 1, drift: 0 });
    expect(lenientSeries.connectors.find((c) => c.emailDomain === 'stray.example.org')).toMatchObject({ compliant: 1, drift: 0 });
    // The same connector under unmanaged: error is drift, in the account and in its row.
    const [strictSeries] = buildHistory([{ file: 'a.json', report: reportOn('2026-11-01', [inventory(ACCOUNT_A, [example(), stray])], strict) }]).series;
    expect(strictSeries.accounts[0]).toMatchObject({ compliant: 0, drift: 1 });
    expect(strictSeries.connectors.find((c) => c.emailDomain === 'stray.example.org')).toMatchObject({ drift: 1 });
  });

  it('different desired-state files are separate series; an edited file continues its series', () => {
    const other = desiredState([account({ connectors: [declared('other.example.com')] })]);
    const otherReport = reportOn('2026-11-02', [inventory(ACCOUNT_A, [live('other.example.com')])], { ...other, file: 'other.yaml' });
    const edited = reportOn('2026-11-08', [inventory(ACCOUNT_A, [example(), live('new.example.com', { id: 'c-new2' })])], { ...desiredState([account({ name: 'production', connectors: [declared('example.com', { enabled: true }), declared('new.example.com')] })]), sha256: 'b'.repeat(64) });
    const mixed = buildHistory([...week(), { file: 'other.json', report: otherReport }, { file: 'd8.json', report: edited }]);
    expect(mixed.series.map((s) => [s.desiredState, s.runs.length, s.desiredStateSha256s.length])).toEqual([
      ['other.yaml', 1, 1],
      ['sso-connectors.yaml', 7, 2],
    ]);
    // other.yaml has one day of evidence in eight: the whole period is not shown compliant on the days it lacks.
    expect(mixed.series[0]).toEqual(expect.objectContaining({ days: 8, compliant: 1, noReport: 7 }));
  });

  it('an account its series read before the period and not in it is no evidence in the period, never left out', () => {
    // A and B checked on 11-01..11-03; from 11-04 the runs check only A (`--account A`): B is never read again.
    const both = desiredState([account({ connectors: [declared('example.com', { enabled: true })] }), account({ id: ACCOUNT_B, connectors: [] })]);
    const onlyA = { ...both, accounts: both.accounts.slice(0, 1) };
    const reports = ['01', '02', '03', '04', '05', '06', '07'].map((d) => {
      const day = `2026-11-${d}`;
      const early = d <= '03';
      return { file: `${day}.json`, report: reportOn(day, [inventory(ACCOUNT_A, [example()]), ...(early ? [inventory(ACCOUNT_B, [])] : [])], early ? both : onlyA) };
    });
    const whole = buildHistory(reports);
    expect(figures(whole)).toEqual({ verdict: 'not_shown_compliant', days: 7, compliant: 3, drift: 0, undecided: 0, noReport: 4 });
    // The same evidence asked about 11-04..11-07 says the same of those days: B has no evidence on any of them.
    const late = buildHistory(reports, { from: '2026-11-04', to: '2026-11-07' });
    expect(figures(late)).toEqual({ verdict: 'not_shown_compliant', days: 4, compliant: 0, drift: 0, undecided: 0, noReport: 4 });
    expect(late.series[0].accounts.find((a) => a.accountId === ACCOUNT_B)).toEqual(expect.objectContaining({ runs: 0, noReport: 4, verdict: 'not_shown_compliant' }));
    expect(HISTORY_FORMATTERS.text.render(late).split('\n')[0]).toMatch(/^Not shown compliant .*no evidence on 4 days/);
    for (const format of ['markdown', 'html', 'json'] as const) expect(HISTORY_FORMATTERS[format].render(late), format).toContain(ACCOUNT_B);
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'history.schema.json'), 'utf8')));
    expect(validate(JSON.parse(HISTORY_FORMATTERS.json.render(late))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a desired-state file its reports checked before the period and not in it is no evidence in the period, never left out', () => {
    const other = { ...desiredState([account({ connectors: [declared('other.example.com')] })]), file: 'other.yaml' };
    const reports = [
      { file: 'other.json', report: reportOn('2026-11-01', [inventory(ACCOUNT_A, [live('other.example.com')])], other) },
      ...['01', '02', '03'].map((d) => ({ file: `${d}.json`, report: reportOn(`2026-11-${d}`, [inventory(ACCOUNT_A, [example(), added])]) })),
    ];
    expect(figures(buildHistory(reports))).toEqual({ verdict: 'not_shown_compliant', days: 3, compliant: 1, drift: 0, undecided: 0, noReport: 2 });
    const late = buildHistory(reports, { from: '2026-11-02', to: '2026-11-03' });
    expect(figures(late)).toEqual({ verdict: 'not_shown_compliant', days: 2, compliant: 0, drift: 0, undecided: 0, noReport: 2 });
    expect(late.series.map((series) => [series.desiredState, series.runs.length, series.noReport])).toEqual([
      ['other.yaml', 0, 2],
      ['sso-connectors.yaml', 2, 0],
    ]);
    for (const format of ['text', 'markdown', 'html', 'json'] as const) expect(HISTORY_FORMATTERS[format].render(late), format).toContain('other.yaml');
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'history.schema.json'), 'utf8')));
    expect(validate(JSON.parse(HISTORY_FORMATTERS.json.render(late))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('drift episodes: first seen, last seen and resolved at the read times; an undecided run never resolves one', () => {
    expect(connector('example.com')?.episodes).toEqual([
      { firstSeen: '2026-11-02T06:00:00.000Z', lastSeen: '2026-11-04T06:00:00.000Z', resolved: '2026-11-06T06:00:00.000Z', daysOpen: 4, ruleIds: ['CFSSO004'] },
    ]);
    expect(connector('new.example.com')?.episodes).toEqual([
      { firstSeen: '2026-11-02T06:00:00.000Z', lastSeen: '2026-11-02T06:00:00.000Z', resolved: '2026-11-04T06:00:00.000Z', daysOpen: 2, ruleIds: ['CFSSO001'] },
    ]);
    const open = buildHistory(week().slice(0, 3));
    expect(open.series[0].connectors.find((c) => c.emailDomain === 'example.com')?.episodes).toEqual([
      { firstSeen: '2026-11-02T06:00:00.000Z', lastSeen: '2026-11-04T06:00:00.000Z', daysOpen: 2, ruleIds: ['CFSSO004'] },
    ]);
  });
});

describe('history is bounded and reads every date-time the report schema accepts', () => {
  const clean = (day: string, readAt?: string) => ({ file: `${readAt ?? day}.json`, report: reportOn(day, [inventory(ACCOUNT_A, [example(), added])], undefined, readAt === undefined ? {} : { readAt, generatedAt: readAt }) });

  it('reports on 0001-01-01 and 9999-12-31: refused with a clear message, before any day is built', () => {
    const far = [clean('0001-01-01'), clean('9999-12-31')];
    expect(() => buildHistory(far)).toThrow(HistoryRangeError);
    expect(() => buildHistory(far)).toThrow('the reports span 3,652,059 days (0001-01-01 to 9999-12-31); history covers at most 3,660 days (ten years): give --from and --to (YYYY-MM-DD) for a shorter period');
    // A period inside them is fine: one day of evidence.
    expect(figures(buildHistory(far, { from: '9999-12-01', to: '9999-12-31' }))).toEqual(expect.objectContaining({ days: 31, compliant: 1, noReport: 30 }));
  });

  it('3,660 days are allowed, 3,661 are not; a period that ends before it starts is refused', () => {
    expect(buildHistory([clean('2020-01-01')], { from: '2020-01-01', to: '2030-01-07' }).days).toBe(3660);
    expect(() => buildHistory([clean('2020-01-01')], { from: '2020-01-01', to: '2030-01-08' })).toThrow('the period spans 3,661 days');
    expect(() => buildHistory([clean('2020-01-01')], { from: '2020-01-02', to: '2020-01-01' })).toThrow('the period ends (2020-01-01) before it starts (2020-01-02)');
  });

  it('a leap second, an offset, a lower-case t/z and a space all land on their UTC day', () => {
    const h = buildHistory([
      clean('2026-06-30', '2026-06-30T23:59:60Z'),
      clean('2026-07-01', '2026-07-02T00:59:60+01:00'), // the leap second of 2026-07-01 23:59:60Z
      clean('2026-07-03', '2026-07-02t23:30:00-01:00'), // 2026-07-03 00:30Z
      clean('2026-07-04', '2026-07-04 12:00:00.123456z'),
    ]);
    expect(h.series[0].runs.map((run) => run.day)).toEqual(['2026-06-30', '2026-07-01', '2026-07-03', '2026-07-04']);
    expect(figures(h)).toEqual({ verdict: 'not_shown_compliant', days: 5, compliant: 4, drift: 0, undecided: 0, noReport: 1 });
    for (const formatter of [HISTORY_FORMATTERS.json, HISTORY_FORMATTERS.html]) expect(formatter.render(h)).toContain('2026-06-30T23:59:60Z');
    expect(() => HISTORY_FORMATTERS.text.render(h)).not.toThrow();
  });
});

describe('a report is never read as better than it is', () => {
  it('a status of drift or could not decide that no account explains makes every account that', () => {
    const clean = reportOn('2026-11-01', [inventory(ACCOUNT_A, [example(), added])]);
    expect(buildHistory([{ file: 'd.json', report: { ...clean, status: 'drift' } }]).drift).toBe(1);
    expect(buildHistory([{ file: 'e.json', report: { ...clean, status: 'error' } }]).undecided).toBe(1);
    // An unwaived error finding about an account the report does not list: drift all the same.
    const stray = { ...clean, findings: [{ ruleId: 'CFSSO001', kind: 'missing' as const, severity: 'error' as const, accountId: 'f'.repeat(32), emailDomain: 'x.example', message: 'missing', waived: false }] };
    expect(buildHistory([{ file: 'f.json', report: stray }]).drift).toBe(1);
    // A note is not drift.
    const note = { ...clean, findings: [{ ...stray.findings[0], accountId: ACCOUNT_A, severity: 'note' as const }] };
    expect(buildHistory([{ file: 'g.json', report: note }]).compliant).toBe(1);
  });
});

describe('history JSON', () => {
  it('matches schemas/history.schema.json (and the schema can fail)', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'history.schema.json'), 'utf8')));
    const leap = reportOn('2026-06-30', [inventory(ACCOUNT_A, [example({ enabled: false }), live('stray.example.org', { id: 'c-stray' })])], undefined, { readAt: '2026-06-30T23:59:60Z' });
    for (const history of [buildHistory(week()), buildHistory([{ file: 'leap.json', report: leap }], { from: '2026-06-01', to: '2026-07-31' })]) {
      const json = JSON.parse(HISTORY_FORMATTERS.json.render(history));
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...json, verdict: 'compliant-ish' })).toBe(false);
    }
  });
});
