// History as one self-contained HTML page: inline CSS and an inline SVG chart, no scripts, no external
// requests (a strict CSP forbids them anyway). One row per account, per declared connector and per undeclared
// live connector; one rectangle per stretch of days in one state, whose tooltip names exactly those days.
// States differ by more than hue (greyscale print, colour blindness): light solid, dark solid, hatched,
// dashed outline, thin bar. Gaps are never green.
import { selfContainedPage } from '../report/html';
import { escapeHtml as e } from '../report/shared';
import type { HistoryFormatter } from './format';
import { connectorLabel, connectorsByAccount, days, figuresText, periodVerdict, STATE_WORDS } from './format';
import type { DayFigures, DaySpan, DayState, History, HistorySeries } from './timeline';

/** Fills chosen for their lightness as much as their hue: compliant light, drift dark, undecided hatched. */
export const STATE_FILL: Record<DayState, string> = { compliant: '#74c476', drift: '#a50f15', undecided: 'url(#undecided)', no_report: '#ffffff', absent: '#d0d5dd' };
const ROW = 16;
/** The page's width for label and plot together; a long label takes from the plot, down to MIN_PLOT. */
const CHART_WIDTH = 1220;
const MIN_PLOT = 400;
const MAX_CELL = 14;
/** Generous average glyph width at font-size 11, so a label is never cut (the SVG grows instead). */
const GLYPH = 7;
const TOP = 30;

const CSS = `
html { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d2433; background: #f6f7f9; }
body { margin: 0 auto; max-width: 1300px; padding: 24px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; } h2 { font-size: 1.2rem; margin: 28px 0 10px; border-bottom: 2px solid #d9dee7; }
.sub { color: #5b6577; margin: 0; }
.verdict { font-size: 1.1rem; font-weight: 600; padding: 10px 14px; border: 2px solid; margin: 14px 0; background: #fff; }
.verdict.compliant { border-color: #067647; } .verdict.not_shown_compliant { border-color: #a50f15; border-style: dashed; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid #d9dee7; margin: 8px 0 16px; }
th, td { text-align: left; padding: 5px 9px; border-bottom: 1px solid #d9dee7; overflow-wrap: anywhere; }
th { background: #eef1f5; }
.chart { background: #fff; border: 1px solid #d9dee7; padding: 8px; overflow-x: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 8px 0; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
svg.defs { position: absolute; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
* { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
@media print { html { background: #fff; } .chart { overflow: visible; } }
`;

const PATTERN =
  '<pattern id="undecided" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="#fee08b"/><line x1="0" y1="0" x2="0" y2="4" stroke="#8c510a" stroke-width="2"/></pattern>';

/** One state drawn in a box at (x, y) of width w: the same shapes in the chart and in the legend. */
function stateShape(state: DayState, x: number, y: number, w: number, h: number, extra: string): string {
  const at = `x="${round(x)}" width="${round(w)}"`;
  if (state === 'absent') return `<rect ${at} y="${round(y + h / 2 - 1.5)}" height="3" fill="${STATE_FILL.absent}"${extra}`;
  const outline = state === 'no_report' ? ' stroke="#475467" stroke-width="1" stroke-dasharray="2 2"' : ' stroke="#ffffff" stroke-width="0.5"';
  return `<rect ${at} y="${round(y)}" height="${h}" fill="${STATE_FILL[state]}"${outline}${extra}`;
}

const round = (n: number): string => String(Math.round(n * 100) / 100);

const DAY_MS = 86_400_000;
const dayIndex = (day: string, first: string): number => Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY_MS);

/** Ticks at each Monday (up to four months), else at each month's first day; labels spaced so they never overlap. */
function ticks(from: string, count: number, cell: number): Array<{ index: number; label: string; labelled: boolean }> {
  const start = Date.parse(`${from}T00:00:00Z`);
  const weekly = count <= 120;
  const out: Array<{ index: number; label: string; labelled: boolean }> = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(start + i * DAY_MS);
    if (weekly ? date.getUTCDay() === 1 : date.getUTCDate() === 1) out.push({ index: i, label: date.toISOString().slice(0, weekly ? 10 : 7), labelled: false });
  }
  // Labels need about 62 px (a day, font-size 10) or 50 px (a month).
  const room = weekly ? 62 : 50;
  let lastX = -Infinity;
  for (const tick of out) {
    if (tick.index * cell - lastX >= room) {
      tick.labelled = true;
      lastX = tick.index * cell;
    }
  }
  // The first day is named too where there is room, so the period's start is never a guess.
  const firstLabelled = out.find((tick) => tick.labelled);
  if (out[0]?.index !== 0 && (firstLabelled === undefined || firstLabelled.index * cell >= room)) out.unshift({ index: 0, label: from, labelled: true });
  return out;
}

interface ChartRow {
  label: string;
  /** Who the row is, in tooltips (the account too for a connector). */
  title: string;
  spans: DaySpan[];
  strong: boolean;
}

function chart(history: History, series: HistorySeries): string {
  const rows: ChartRow[] = [];
  const byAccount = connectorsByAccount(series);
  for (const account of series.accounts) {
    const name = account.accountName ?? account.accountId;
    rows.push({ label: `account ${name}`, title: `account ${name}`, spans: account.spans, strong: true });
    for (const connector of byAccount.get(account.accountId) ?? []) {
      rows.push({ label: connectorLabel(connector), title: `${connectorLabel(connector)} in ${name}`, spans: connector.spans, strong: false });
    }
  }
  const count = history.days;
  const left = rows.reduce((widest, row) => Math.max(widest, row.label.length * GLYPH + 16), 120);
  const cell = Math.min(MAX_CELL, Math.max(MIN_PLOT, CHART_WIDTH - left - 70) / count);
  const width = Math.ceil(left + count * cell + 70); // room for a tick label near the last day
  const height = TOP + rows.length * ROW + 6;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="${e(`Daily state of each account and connector, ${history.from} to ${history.to}`)}">`,
  ];
  for (const tick of ticks(history.from, count, cell)) {
    const x = round(left + tick.index * cell);
    parts.push(`<line class="tick" x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${height - 4}" stroke="#d0d5dd" stroke-width="1"/>`);
    if (tick.labelled) parts.push(`<text class="tick-label" x="${x}" y="${TOP - 10}" font-size="10" fill="#475467">${e(tick.label)}</text>`);
  }
  rows.forEach((row, r) => {
    const y = TOP + r * ROW;
    parts.push(`<text x="${left - 8}" y="${y + ROW - 4}" font-size="11" text-anchor="end"${row.strong ? ' font-weight="600"' : ''}>${e(row.label)}</text>`);
    for (const span of row.spans) {
      const start = dayIndex(span.from, history.from);
      const n = dayIndex(span.to, history.from) - start + 1;
      const when = span.from === span.to ? span.from : `${span.from} to ${span.to} (${days(n)})`;
      parts.push(
        stateShape(span.state, left + start * cell, y + 1, n * cell, ROW - 3, ` class="span ${span.state}" data-state="${span.state}" data-from="${span.from}" data-to="${span.to}">`) +
          `<title>${e(`${row.title}, ${when}: ${STATE_WORDS[span.state]}`)}</title></rect>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

function legend(): string {
  const item = (state: DayState): string =>
    `<span class="legend-item" data-state="${state}"><svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">${stateShape(state, 1, 1, 20, 12, '/>')}</svg>${e(STATE_WORDS[state])}</span>`;
  return `<p class="legend">${(['compliant', 'drift', 'undecided', 'no_report', 'absent'] as const).map(item).join('')}</p>`;
}

const figureCells = (f: DayFigures): string =>
  `<td>${e(f.verdict === 'compliant' ? 'compliant' : 'not shown compliant')}</td><td>${f.compliant}/${f.days}</td><td>${f.drift}</td><td>${f.undecided}</td><td>${f.noReport}</td>`;

function seriesSection(history: History, series: HistorySeries, index: number): string {
  const byAccount = connectorsByAccount(series);
  const rows = series.accounts.flatMap((account) => [
    `<tr class="account"><td><strong>${e(account.accountName ?? account.accountId)}</strong></td><td><code>${e(account.accountId)}</code></td>${figureCells(account)}</tr>`,
    ...(byAccount.get(account.accountId) ?? []).map((c) => `<tr class="connector"><td>${e(connectorLabel(c))}</td><td><code>${e((c.declared ? c.connectorIds ?? [] : [c.connectorId ?? '']).join(' '))}</code></td>${figureCells(c)}</tr>`),
  ]);
  const episodes = series.connectors.flatMap((connector) =>
    connector.episodes.map(
      (episode) =>
        `<tr class="episode"><td>${e(connector.accountName ?? connector.accountId)}</td><td><code>${e(connectorLabel(connector))}</code></td>` +
        `<td>${e(episode.firstSeen)}</td><td>${e(episode.lastSeen)}</td><td>${e(episode.resolved ?? 'open')}</td><td>${episode.daysOpen}</td><td>${e(episode.ruleIds.join(' '))}</td></tr>`,
    ),
  );
  return (
    `<section class="series" id="series-${index}"><h2>${e(series.desiredState)}</h2>` +
    `<p class="sub">${e(`${periodVerdict(series, series.spans)}. ${series.runs.length} run(s).`)}</p>` +
    (series.desiredStateSha256s.length > 1 ? `<p class="sub">${e(`The desired-state file changed during the period: ${series.desiredStateSha256s.join(', ')}`)}</p>` : '') +
    `<div class="chart">${chart(history, series)}</div>${legend()}` +
    '<h3>Days, per account and connector</h3><table><thead><tr><th>Account or connector</th><th>ID</th><th>Verdict</th><th>Compliant days</th><th>Drift days</th><th>Undecided days</th><th>Days with no evidence</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>` +
    `<p class="sub">${e(series.accounts.map((a) => `${a.accountName ?? a.accountId}: ${figuresText(a)}`).join('; '))}</p>` +
    '<h3>Drift, per connector</h3><table><thead><tr><th>Account</th><th>Connector</th><th>First seen</th><th>Last seen</th><th>Resolved</th><th>Days open</th><th>Rules</th></tr></thead>' +
    `<tbody>${episodes.length === 0 ? '<tr><td colspan="7">No drift seen.</td></tr>' : episodes.join('')}</tbody></table>` +
    '<h3>Runs</h3><table><thead><tr><th>Data read</th><th>Generated</th><th>Observed</th><th>Source</th><th>Report file</th><th>Desired-state SHA-256</th></tr></thead><tbody>' +
    series.runs
      .map(
        (run) =>
          `<tr><td>${e(run.readAt)}</td><td>${e(run.generatedAt)}</td><td>${e(run.observed === 'error' ? 'could not decide' : run.observed)}</td><td>${e(run.source)}</td><td><code>${e(run.file)}</code></td><td><code>${e(run.desiredStateSha256)}</code></td></tr>`,
      )
      .join('') +
    '</tbody></table></section>'
  );
}

function render(history: History): string {
  return selfContainedPage('SSO connector compliance history', CSS, [
    '<header><h1>SSO connector compliance history</h1><p class="sub">cf-sso-guard history, counted in UTC days: a day takes the worst state of the runs that read it; a day without a report is a gap, never compliant.</p></header>',
    // The hatch pattern, defined once for every chart and legend of the page.
    `<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>${PATTERN}</defs></svg>`,
    `<p class="verdict ${history.verdict}">${e(periodVerdict(history, history.spans))}.</p>`,
    '<main>',
    ...history.series.map((series, index) => seriesSection(history, series, index)),
    '</main>',
  ]);
}

export const historyHtml: HistoryFormatter = { name: 'html', render };
