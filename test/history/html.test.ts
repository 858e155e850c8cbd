// The history chart: one row per account, declared connector and undeclared live connector; whole labels;
// week or month ticks; a legend; fills that differ in greyscale; tooltips that say what those days were.
import { describe, expect, it } from 'vitest';
import { buildHistory, HISTORY_FORMATTERS } from '../../src/history';
import { STATE_FILL } from '../../src/history/html';
import { ACCOUNT_A, inventory, live } from '../rules/fixtures';
import { added, example, reportOn, week } from './reports';

const LONG = 'a-very-long-subdomain.corp.example.com';
const withStray = () => [
  ...week(),
  { file: 'd7b.json', report: reportOn('2026-11-07', [inventory(ACCOUNT_A, [example(), added, live(LONG, { id: 'c-long' })])], undefined, { readAt: '2026-11-07T12:00:00.000Z', generatedAt: '2026-11-07T12:00:01.000Z' }) },
];

interface Rect {
  state: string;
  from: string;
  to: string;
  title: string;
}

function rects(html: string): Rect[] {
  return [...html.matchAll(/data-state="([a-z_]+)" data-from="([\d-]+)" data-to="([\d-]+)">[^]*?<title>([^<]*)<\/title>/g)].map((m) => ({ state: m[1], from: m[2], to: m[3], title: m[4] }));
}

function rowLabels(html: string): string[] {
  return [...html.matchAll(/<text x="[\d.]+" y="[\d.]+" font-size="11" text-anchor="end"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

/** Relative luminance (WCAG) of #rrggbb: what a greyscale print keeps. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('history HTML chart', () => {
  const history = buildHistory(withStray());
  const html = HISTORY_FORMATTERS.html.render(history);

  it('one row per account, per declared connector and per undeclared live connector, labels whole', () => {
    expect(rowLabels(html)).toEqual(['account production', 'example.com', 'new.example.com', `${LONG} (undeclared c-long)`]);
    expect(html).not.toContain('no live connector');
  });

  it('tooltips are true: a stretch called "no evidence" holds no day a report read, and each names its days and state', () => {
    const readDays = new Set(history.series[0].runs.map((run) => run.day));
    const all = rects(html);
    expect(all.length).toBeGreaterThan(8);
    for (const rect of all) {
      expect(rect.title).toContain(rect.from === rect.to ? `, ${rect.from}: ` : `, ${rect.from} to ${rect.to} (`);
      if (rect.state === 'no_report') {
        for (let t = Date.parse(rect.from); t <= Date.parse(rect.to); t += 86_400_000) expect(readDays.has(new Date(t).toISOString().slice(0, 10)), rect.title).toBe(false);
        expect(rect.title).toContain('no evidence');
      }
    }
    expect(all).toContainEqual({ state: 'no_report', from: '2026-11-03', to: '2026-11-03', title: 'example.com in production, 2026-11-03: no evidence: no report read it that day (gap)' });
    expect(all).toContainEqual({
      state: 'absent',
      from: '2026-11-01',
      to: '2026-11-02',
      title: `${LONG} (undeclared c-long) in production, 2026-11-01 to 2026-11-02 (2 days): not present (its account was read; the connector was not there)`,
    });
  });

  it('week ticks for a short period, month ticks for a long one', () => {
    const labels = (page: string) => [...page.matchAll(/class="tick-label"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels(html)).toEqual(['2026-11-02']); // Monday (the first day, a Sunday, is too close to name)
    expect(labels(HISTORY_FORMATTERS.html.render(buildHistory(withStray(), { from: '2026-10-20', to: '2026-11-07' })))).toEqual(['2026-10-20', '2026-10-26', '2026-11-02']);
    const quarter = HISTORY_FORMATTERS.html.render(buildHistory(withStray(), { from: '2026-09-01', to: '2026-12-31' }));
    expect(labels(quarter)).toEqual(['2026-09', '2026-10', '2026-11', '2026-12']);
    const quarterWeeks = HISTORY_FORMATTERS.html.render(buildHistory(withStray(), { from: '2026-10-01', to: '2026-12-15' }));
    expect(labels(quarterWeeks).length).toBeGreaterThan(8);
  });

  it('a legend of every state, and fills that differ in greyscale as well as in hue', () => {
    expect([...html.matchAll(/class="legend-item" data-state="([a-z_]+)"/g)].map((m) => m[1])).toEqual(['compliant', 'drift', 'undecided', 'no_report', 'absent']);
    // Compliant light, drift dark, no evidence white (and dashed), undecided hatched dark on light.
    expect(luminance(STATE_FILL.compliant) - luminance(STATE_FILL.drift)).toBeGreaterThan(0.3);
    expect(luminance(STATE_FILL.no_report) - luminance(STATE_FILL.compliant)).toBeGreaterThan(0.4);
    expect(STATE_FILL.undecided).toBe('url(#undecided)');
    expect(html.match(/<pattern id="undecided"/g)).toHaveLength(1); // defined once per page
    expect(html).toMatch(/<pattern id="undecided"[^]*fill="#fee08b"[^]*stroke="#8c510a"/);
  });

  it('a ten-year period draws one shape per stretch of days, not one per day', () => {
    const decade = buildHistory(withStray(), { from: '2020-01-01', to: '2029-12-31' });
    const page = HISTORY_FORMATTERS.html.render(decade);
    expect(rects(page).length).toBeLessThan(60);
    expect(page.length).toBeLessThan(100_000);
  });
});
