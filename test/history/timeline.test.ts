import { describe, expect, it } from 'vitest';
import { buildHistory, HISTORY_FORMATTERS } from '../../src/history';
import { ACCOUNT_A, desiredState, account, declared, inventory, live } from '../rules/fixtures';
import { reportOn, week } from './reports';

describe('history timeline', () => {
  const history = buildHistory(week());
  const [series] = history.series;
  const connector = (domain: string, id?: string) => series.connectors.find((c) => c.emailDomain === domain && c.connectorId === id);

  it('first seen, last seen, resolved and days open of each drift; an undecided run never resolves it', () => {
    expect(history.series).toHaveLength(1);
    expect(connector('example.com', 'c-example')?.episodes).toEqual([
      { firstSeen: '2026-11-02T06:00:01.000Z', lastSeen: '2026-11-04T06:00:01.000Z', resolved: '2026-11-06T06:00:01.000Z', daysOpen: 4, ruleIds: ['CFSSO004'] },
    ]);
    // The declared connector that vanished: missing (no id) from 11-02, fixed by a new connector on 11-04.
    expect(connector('new.example.com', undefined)?.episodes).toEqual([
      { firstSeen: '2026-11-02T06:00:01.000Z', lastSeen: '2026-11-02T06:00:01.000Z', resolved: '2026-11-04T06:00:01.000Z', daysOpen: 2, ruleIds: ['CFSSO001'] },
    ]);
    expect(connector('new.example.com', 'c-new2')?.episodes).toEqual([]);
  });

  it('a drift still open at the last run counts its days to that run', () => {
    const open = buildHistory(week().slice(0, 3));
    const [episode] = open.series[0].connectors.find((c) => c.connectorId === 'c-example')?.episodes ?? [];
    expect(episode).toEqual({ firstSeen: '2026-11-02T06:00:01.000Z', lastSeen: '2026-11-04T06:00:01.000Z', daysOpen: 2, ruleIds: ['CFSSO004'] });
  });

  it('per account the share of compliant runs; gaps (no report, undecided) are gaps, never compliant', () => {
    expect(series.missingDays).toEqual(['2026-11-03']);
    expect(series.accounts).toEqual([
      expect.objectContaining({ accountId: ACCOUNT_A, runs: 6, compliant: 3, drift: 2, undecided: 1, compliantShare: 0.5 }),
    ]);
    expect(series.accounts[0].days.map((d) => d.state)).toEqual(['compliant', 'drift', 'no_report', 'drift', 'undecided', 'compliant', 'compliant']);
    expect(connector('example.com', 'c-example')?.days.map((d) => d.state)).toEqual(['compliant', 'drift', 'no_report', 'drift', 'undecided', 'compliant', 'compliant']);
  });

  it('reads reports in any order', () => {
    const shuffled = [...week()].reverse();
    expect(buildHistory(shuffled)).toEqual(history);
  });

  it('different desired-state files are separate series; an edited file continues its series', () => {
    const other = desiredState([account({ connectors: [declared('other.example.com')] })]);
    const otherReport = reportOn('2026-11-02', [inventory(ACCOUNT_A, [live('other.example.com')])], { ...other, file: 'other.yaml' });
    const edited = reportOn('2026-11-08', [inventory(ACCOUNT_A, [live('example.com', { id: 'c-example' }), live('new.example.com', { id: 'c-new2' })])], desiredStateWithSha('b'.repeat(64)));
    const mixed = buildHistory([...week(), { file: 'other.json', report: otherReport }, { file: 'd8.json', report: edited }]);
    expect(mixed.series.map((s) => [s.desiredState, s.runs.length, s.desiredStateSha256s.length])).toEqual([
      ['other.yaml', 1, 1],
      ['sso-connectors.yaml', 7, 2],
    ]);
  });

  it('every format renders it; text and markdown name the episode', () => {
    for (const [name, formatter] of Object.entries(HISTORY_FORMATTERS)) {
      const out = formatter.render(history);
      expect(out.length, name).toBeGreaterThan(100);
    }
    const text = HISTORY_FORMATTERS.text.render(history);
    expect(text).toContain('example.com (c-example) in production: first seen 2026-11-02T06:00:01.000Z, last seen 2026-11-04T06:00:01.000Z, resolved 2026-11-06T06:00:01.000Z, open 4 day(s) [CFSSO004]');
    expect(text).toContain('production (023e105f4ecef8ad9ca31a8372d0c353): 50% — 3/6 compliant, 2 drift, 1 undecided');
    expect(text).toContain('days without a report: 2026-11-03');
    const md = HISTORY_FORMATTERS.markdown.render(history);
    expect(md).toContain('| production | example.com | c-example | 2026-11-02T06:00:01.000Z | 2026-11-04T06:00:01.000Z | 2026-11-06T06:00:01.000Z | 4 | CFSSO004 |');
    expect(JSON.parse(HISTORY_FORMATTERS.json.render(history))).toEqual(history);
    const html = HISTORY_FORMATTERS.html.render(history);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    expect(html.match(/data-state="no_report"/g)?.length).toBeGreaterThan(0);
  });
});

function desiredStateWithSha(sha256: string) {
  return { ...desiredState([account({ name: 'production', connectors: [declared('example.com', { enabled: true }), declared('new.example.com')] })]), sha256 };
}
