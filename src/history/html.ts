// History as one self-contained HTML page: inline CSS and an inline SVG chart, no scripts, no external
// requests (a strict CSP forbids them anyway). Gaps are drawn as gaps: a day with no report is an empty,
// dashed cell; an undecided run is hatched; neither is ever green.
import { selfContainedPage } from '../report/html';
import { escapeHtml as e } from '../report/shared';
import type { HistoryFormatter } from './format';
import { percent } from './format';
import type { DayState, History, HistorySeries } from './timeline';

const CELL = 14;
const LABEL_WIDTH = 320;

const FILL: Record<DayState, string> = { compliant: '#12b76a', drift: '#d92d20', undecided: 'url(#undecided)', no_report: '#ffffff' };
const STATE_TITLE: Record<DayState, string> = { compliant: 'compliant', drift: 'drift', undecided: 'could not decide (gap)', no_report: 'no report (gap)' };

const CSS = `
html { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d2433; background: #f6f7f9; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; } h2 { font-size: 1.2rem; margin: 28px 0 10px; border-bottom: 2px solid #d9dee7; }
.sub { color: #5b6577; margin: 0; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid #d9dee7; margin: 8px 0 16px; }
th, td { text-align: left; padding: 5px 9px; border-bottom: 1px solid #d9dee7; overflow-wrap: anywhere; }
th { background: #eef1f5; }
.chart { background: #fff; border: 1px solid #d9dee7; padding: 8px; overflow-x: auto; }
.legend span { display: inline-block; margin-right: 14px; }
.swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #98a2b3; vertical-align: -2px; margin-right: 4px; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
@media print { html { background: #fff; } .chart { overflow: visible; } }
`;

function chart(series: HistorySeries): string {
  const rows = [
    ...series.accounts.map((account) => ({ label: `account ${account.accountName ?? account.accountId}`, days: account.days, strong: true })),
    ...series.connectors.map((connector) => ({
      label: `${connector.emailDomain} ${connector.connectorId ?? '(no live connector)'}`,
      days: connector.days,
      strong: false,
    })),
  ];
  const dayCount = rows[0]?.days.length ?? 0;
  const width = LABEL_WIDTH + dayCount * CELL + 10;
  const height = 24 + rows.length * CELL + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="${e(`Daily state of each account and connector, ${series.firstDay} to ${series.lastDay}`)}">`,
    '<defs><pattern id="undecided" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="#fedf89"/><line x1="0" y1="0" x2="0" y2="4" stroke="#b54708" stroke-width="2"/></pattern></defs>',
    `<text x="${LABEL_WIDTH}" y="12" font-size="10" fill="#5b6577">${e(series.firstDay)}</text>`,
    `<text x="${LABEL_WIDTH + Math.max(0, dayCount - 1) * CELL}" y="12" font-size="10" fill="#5b6577" text-anchor="end">${e(series.lastDay)}</text>`,
  ];
  rows.forEach((row, r) => {
    const y = 20 + r * CELL;
    parts.push(`<text x="${LABEL_WIDTH - 6}" y="${y + CELL - 3}" font-size="11" text-anchor="end"${row.strong ? ' font-weight="600"' : ''}>${e(row.label.length > 48 ? `${row.label.slice(0, 47)}…` : row.label)}</text>`);
    row.days.forEach((cell, d) => {
      const dash = cell.state === 'no_report' ? ' stroke-dasharray="2 2"' : '';
      parts.push(
        `<rect class="day ${cell.state}" data-state="${cell.state}" x="${LABEL_WIDTH + d * CELL}" y="${y}" width="${CELL - 2}" height="${CELL - 2}" fill="${FILL[cell.state]}" stroke="#98a2b3"${dash}>` +
          `<title>${e(`${row.label}, ${cell.day}: ${STATE_TITLE[cell.state]}`)}</title></rect>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('');
}

function legend(): string {
  const swatch = (state: DayState, style: string): string => `<span><i class="swatch" style="${style}"></i>${e(STATE_TITLE[state])}</span>`;
  return (
    '<p class="legend">' +
    swatch('compliant', 'background:#12b76a') +
    swatch('drift', 'background:#d92d20') +
    swatch('undecided', 'background:repeating-linear-gradient(45deg,#fedf89 0 2px,#b54708 2px 3px)') +
    swatch('no_report', 'background:#fff;border-style:dashed') +
    '</p>'
  );
}

function seriesSection(series: HistorySeries, index: number): string {
  const accountRows = series.accounts
    .map(
      (a) =>
        `<tr><td>${e(a.accountName ?? '—')}</td><td><code>${e(a.accountId)}</code></td><td>${a.compliant}/${a.runs}</td><td>${e(percent(a.compliantShare))}</td><td>${a.drift}</td><td>${a.undecided}</td></tr>`,
    )
    .join('');
  const episodes = series.connectors.flatMap((connector) =>
    connector.episodes.map(
      (episode) =>
        `<tr class="episode"><td>${e(connector.accountName ?? connector.accountId)}</td><td><code>${e(connector.emailDomain)}</code></td><td><code>${e(connector.connectorId ?? 'none')}</code></td>` +
        `<td>${e(episode.firstSeen)}</td><td>${e(episode.lastSeen)}</td><td>${e(episode.resolved ?? 'open')}</td><td>${episode.daysOpen}</td><td>${e(episode.ruleIds.join(' '))}</td></tr>`,
    ),
  );
  return (
    `<section class="series" id="series-${index}"><h2>${e(series.desiredState)}</h2>` +
    `<p class="sub">${e(`${series.runs.length} run(s), ${series.firstDay} to ${series.lastDay}; days without a report: ${series.missingDays.length === 0 ? 'none' : series.missingDays.join(', ')}; runs that could not decide: ${series.runs.filter((r) => r.status === 'error').length}. Gaps never count as compliant.`)}</p>` +
    (series.desiredStateSha256s.length > 1 ? `<p class="sub">${e(`The desired-state file changed during the period: ${series.desiredStateSha256s.join(', ')}`)}</p>` : '') +
    `<div class="chart">${chart(series)}</div>${legend()}` +
    '<h3>Share of runs compliant, per account</h3><table><thead><tr><th>Account</th><th>ID</th><th>Compliant runs</th><th>Share</th><th>Drift runs</th><th>Undecided runs</th></tr></thead>' +
    `<tbody>${accountRows}</tbody></table>` +
    '<h3>Drift, per connector</h3><table><thead><tr><th>Account</th><th>Email domain</th><th>Connector</th><th>First seen</th><th>Last seen</th><th>Resolved</th><th>Days open</th><th>Rules</th></tr></thead>' +
    `<tbody>${episodes.length === 0 ? '<tr><td colspan="8">No drift seen.</td></tr>' : episodes.join('')}</tbody></table>` +
    '<h3>Runs</h3><table><thead><tr><th>Generated</th><th>Status</th><th>Report file</th><th>Desired-state SHA-256</th></tr></thead><tbody>' +
    series.runs.map((run) => `<tr><td>${e(run.generatedAt)}</td><td>${e(run.status === 'error' ? 'could not decide' : run.status)}</td><td><code>${e(run.file)}</code></td><td><code>${e(run.desiredStateSha256)}</code></td></tr>`).join('') +
    '</tbody></table></section>'
  );
}

function render(history: History): string {
  return selfContainedPage('SSO connector compliance history', CSS, [
    '<header><h1>SSO connector compliance history</h1><p class="sub">cf-sso-guard history: drift per connector over time, and the share of runs each account was compliant.</p></header>',
    '<main>',
    ...history.series.map(seriesSection),
    '</main>',
  ]);
}

export const historyHtml: HistoryFormatter = { name: 'html', render };
