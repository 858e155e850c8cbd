// A single self-contained HTML file for auditors: inline CSS, no scripts, no external fetches (a strict CSP
// forbids them anyway), prints on A4/Letter. Every user-controlled string goes through escapeHtml.
import type { CheckedProperty, ConnectorCheck, ConnectorVerdict, Finding, PropertyCheck, Report, ReportWaiver, Severity } from '../core/types';
import type { Formatter, RenderContext } from './formatter';
import {
  accountTitleOf,
  CONNECTOR_VERDICT_TITLE,
  errorAccounts,
  escapeHtml as e,
  findingsByAccount,
  plural,
  propertyCheckText,
  provenanceFacts,
  gateSentence,
  verdictHeadline,
  emptyShardLine,
  verdictSentence,
  unwaivedCount,
  waiversIn,
  type ReportAccount,
} from './shared';
import { compareText } from '../core/order';
import { formatLocation } from '../core/location';

export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * A self-contained page: no scripts, nothing fetched (the CSP forbids both), no referrer. The report
 * and the history page share it, so their security headers cannot drift apart.
 */
export function selfContainedPage(title: string, css: string, body: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${e(CONTENT_SECURITY_POLICY)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${e(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
  ].join('\n') + '\n';
}

const CSS = `
:root { --ink:#1d2433; --muted:#5b6577; --line:#d9dee7; --bg:#f6f7f9; --error:#b42318; --error-bg:#fef3f2;
  --warning:#b54708; --warning-bg:#fffaeb; --note:#175cd3; --note-bg:#eff8ff; --ok:#067647; --ok-bg:#ecfdf3; --waived:#667085; }
* { box-sizing: border-box; }
html { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
body { margin: 0; max-width: none; padding: 24px 32px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1rem; margin: 20px 0 8px; }
.sub { color: var(--muted); margin: 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .92em; overflow-wrap: break-word; }
/* Ids, rule ids and domains are never broken inside a word (a domain may wrap after a dot, at its <wbr>). */
.nobreak { white-space: nowrap; overflow-wrap: normal; word-break: normal; hyphens: none; }
.domain { overflow-wrap: normal; word-break: normal; hyphens: none; }
.verdict { margin: 20px 0; padding: 16px 20px; border-radius: 8px; border-left: 8px solid; }
.verdict strong { display: block; font-size: 1.5rem; }
.verdict-compliant { background: var(--ok-bg); border-color: var(--ok); color: var(--ok); }
.verdict-drift { background: var(--error-bg); border-color: var(--error); color: var(--error); }
.verdict-error { background: var(--warning-bg); border-color: var(--warning); color: var(--warning); }
.verdict p { margin: 4px 0 0; color: var(--ink); }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 10px; }
.tile { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.tile b { display: block; font-size: 1.6rem; line-height: 1.2; }
.tile span { color: var(--muted); font-size: .85rem; }
.tile.error b { color: var(--error); } .tile.warning b { color: var(--warning); } .tile.note b { color: var(--note); } .tile.ok b { color: var(--ok); }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
th { background: #eef1f5; font-weight: 600; }
td.nowrap, .nowrap { white-space: nowrap; overflow-wrap: normal; }
code.id { font-size: .8em; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.badge.error { color: var(--error); background: var(--error-bg); } .badge.warning { color: var(--warning); background: var(--warning-bg); }
.badge.note { color: var(--note); background: var(--note-bg); } .badge.ok { color: var(--ok); background: var(--ok-bg); }
.badge.waived { color: var(--waived); background: #f2f4f7; }
.finding { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 0 0 10px; }
.finding.error { border-left-color: var(--error); } .finding.warning { border-left-color: var(--warning); } .finding.note { border-left-color: var(--note); }
.finding.is-waived { border-left-color: var(--waived); background: #fafafa; }
.finding header { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.finding header .domain { font-weight: 600; }
.finding p { margin: 6px 0; }
.finding dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
.finding dt { color: var(--muted); } .finding dd { margin: 0; overflow-wrap: break-word; }
.fix { background: #f8fafc; border: 1px dashed var(--line); border-radius: 6px; padding: 8px 10px; margin-top: 6px; }
.fix pre { margin: 4px 0 0; white-space: pre-wrap; overflow-wrap: normal; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.waiver-note { color: var(--waived); }
table.matrix td.cell { white-space: normal; }
table.matrix .who code.id { display: inline-block; margin-top: 2px; }
table.matrix tr.account-row th { background: #f8fafc; font-weight: 600; border-top: 2px solid var(--line); }
.mark { font-weight: 700; }
.mark.pass { color: var(--ok); } .mark.fail { color: var(--error); } .mark.waived { color: var(--waived); }
.mark.unverifiable, .mark.not_checked { color: var(--warning); }
td.cell.fail { background: var(--error-bg); } td.cell.waived { background: #f2f4f7; } td.cell.unverifiable, td.cell.not_checked { background: var(--warning-bg); }
td.cell.none { color: var(--muted); }
.diff.short { white-space: nowrap; }
code.path { overflow-wrap: normal; }
.diff { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .85em; }
.legend { margin: 4px 0 8px; font-size: .85rem; }
.empty { color: var(--muted); font-style: italic; }
.account-error { color: var(--error); }
footer { margin-top: 32px; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 10mm; }
@media print {
  html { background: #fff; font-size: 8pt; line-height: 1.25; }
  body { padding: 0; }
  h1 { font-size: 1.35rem; }
  h2 { font-size: 1.1rem; margin: 10px 0 4px; padding-bottom: 2px; }
  h3 { font-size: 1rem; margin: 6px 0 3px; }
  .verdict { margin: 6px 0; padding: 5px 10px; border-left-width: 5px; }
  .verdict strong { font-size: 1.2rem; display: inline; margin-right: 8px; }
  .verdict p { display: inline; }
  #summary h2 { display: none; }
  .tiles { grid-template-columns: repeat(11, 1fr); gap: 3px; }
  .tile { padding: 2px 5px; border-radius: 4px; }
  .tile b { font-size: 1.1rem; }
  .tile span { font-size: .75rem; }
  dl.facts { padding: 4px 8px; gap: 0 10px; border-radius: 4px; }
  th, td { padding: 2px 4px; }
  /* The rules table is reference, not evidence: smaller, so the whole report stays within 3 A4 pages. */
  #rules td { font-size: .85em; line-height: 1.2; padding: 1px 4px; }
  code.id { font-size: .72em; }
  .finding { padding: 3px 8px; margin: 0 0 3px; border-radius: 4px; border-left-width: 4px; }
  .finding p { margin: 1px 0; }
  .finding dl { margin: 1px 0; gap: 0 10px; grid-template-columns: repeat(4, max-content 1fr); }
  .fix { padding: 2px 6px; margin-top: 2px; }
  .fix pre { display: inline; margin: 0 0 0 6px; }
  .badge { padding: 0 5px; font-size: .75rem; }
  footer { margin-top: 8px; padding-top: 2px; }
  .verdict, .tile, .finding, tr, dl.facts { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

const SEVERITY_WORD: Record<Severity, string> = { error: 'Error', warning: 'Warning', note: 'Note' };

/** Account name over its id, for table cells. */
function accountCell(account: ReportAccount | undefined, accountId: string): string {
  const name = account?.name;
  return name === undefined || name === '' ? idHtml(accountId) : `${e(name)}<br>${idHtml(accountId)}`;
}

function badge(kind: string, text: string): string {
  return `<span class="badge ${e(kind)}">${e(text)}</span>`;
}

function verdictBanner(report: Report): string {
  const verdict = report.status;
  const counts = report.summary;
  let detail: string;
  if (emptyShardLine(report) !== undefined) {
    detail = 'It checked nothing, so it states no verdict: the merged report does.';
  } else if (verdict === 'compliant') {
    const waived = counts.waived > 0 ? `, with ${plural(counts.waived, 'accepted deviation')} under waiver` : '';
    detail =
      counts.warning + counts.note === 0
        ? `Every checked account matches the desired state${waived}.`
        : `No unwaived error in any checked account${waived}; ${plural(counts.warning, 'warning')} and ${plural(counts.note, 'note')} are listed below.`;
  } else if (verdict === 'drift') {
    detail = `${plural(unwaivedCount(counts), 'unwaived finding')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')}.`;
  } else {
    const reasons = report.undecided;
    detail =
      reasons.length > 0
        ? `Compliance cannot be stated: ${reasons.join('; ')}.`
        : 'The run did not complete; compliance cannot be stated.';
  }
  // The gate on a line of its own: `--fail-on never` passes drift, and the banner still says drift.
  return (
    `<section class="verdict verdict-${verdict}" id="verdict"><strong>${e(verdictHeadline(report))}</strong><p>${e(detail)}</p>` +
    `<p class="gate" id="gate">${e(gateSentence(report))}</p></section>`
  );
}

function tiles(report: Report): string {
  const counts = report.summary;
  const unread = errorAccounts(report).length;
  const tile = (value: number, label: string, cls = ''): string => `<div class="tile ${cls}"><b>${value}</b><span>${e(label)}</span></div>`;
  const items = [
    tile(report.accounts.length, unread > 0 ? `accounts checked (${unread} not read)` : 'accounts checked', unread > 0 ? 'error' : ''),
    tile(report.accounts.reduce((sum, account) => sum + account.connectors, 0), 'live connectors'),
    tile(counts.error, 'errors', counts.error > 0 ? 'error' : ''),
    tile(counts.warning, 'warnings', counts.warning > 0 ? 'warning' : ''),
    tile(counts.note, 'notes', counts.note > 0 ? 'note' : ''),
    tile(counts.waived, 'waived findings'),
  ];
  const verdicts = report.summary.checks;
  items.push(tile(verdicts.compliant, 'connectors compliant', verdicts.compliant > 0 ? 'ok' : ''));
  items.push(tile(verdicts.drift, 'connectors drifted', verdicts.drift > 0 ? 'error' : ''));
  if (verdicts.unverifiable + verdicts.not_checked > 0) items.push(tile(verdicts.unverifiable + verdicts.not_checked, 'connectors not decided', 'warning'));
  items.push(tile(waiversIn(report, 'in_force').length, 'waivers in force'));
  items.push(tile(waiversIn(report, 'expired').length, 'waivers expired', waiversIn(report, 'expired').length > 0 ? 'warning' : ''));
  return `<section id="summary"><h2>At a glance</h2><div class="tiles">${items.join('')}</div></section>`;
}

/** Every provenance fact, so the page alone says how, when and from what it was made. */
function scope(report: Report): string {
  const code = new Set(['Command line', 'Desired-state file', 'Desired-state SHA-256', 'API base URL', 'Snapshot', 'Snapshot SHA-256', 'Snapshot recorded from API']);
  const facts: Array<[string, string]> = provenanceFacts(report).map(([term, value]) => [
    term,
    term === 'Generated at' || term === 'Snapshot recorded at' ? `<time datetime="${e(value)}">${e(value)}</time>` : code.has(term) ? `<code>${e(value)}</code>` : e(value),
  ]);
  facts.push(['Accounts', report.accounts.length === 0 ? 'none' : report.accounts.map((account) => e(accountTitleOf(account, account.id))).join('<br>')]);
  return `<section id="scope"><h2>What was checked, and how</h2><dl class="facts">${facts.map(([term, value]) => `<dt>${e(term)}</dt><dd>${value}</dd>`).join('')}</dl></section>`;
}

function accountsTable(report: Report): string {
  const rows = report.accounts.map((account) => {
    const counts = account.summary;
    const total = unwaivedCount(counts);
    const result =
      account.status === 'error'
        ? badge('error', 'not read')
        : total > 0
          ? badge(counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : 'note', `${plural(total, 'finding')}`)
          : badge('ok', 'matches');
    const status = account.status === 'error' ? `<span class="account-error">error: ${e(account.error ?? 'unknown error')}</span>` : 'read completely';
    return (
      `<tr><td>${e(account.name ?? '—')}</td><td class="nowrap">${idHtml(account.id)}</td><td>${status}</td>` +
      `<td>${account.readAt === undefined ? 'not read' : `<span class="nowrap">${e(account.readAt)}</span>${account.pages === undefined ? '' : `, ${plural(account.pages, 'page')}`}`}</td><td>${account.connectors}</td><td>${counts.waived}</td><td class="nowrap">${result}</td></tr>`
    );
  });
  const body = rows.length === 0 ? '<tr><td colspan="7" class="empty">No accounts.</td></tr>' : rows.join('');
  return (
    '<section id="accounts"><h2>Result per account</h2><table><thead><tr><th>Account</th><th>ID</th><th>Live state</th><th>Read at</th>' +
    `<th>Live connectors</th><th>Waived findings</th><th>Result</th></tr></thead><tbody>${body}</tbody></table></section>`
  );
}

const VERDICT_BADGE: Record<ConnectorVerdict, string> = { compliant: 'ok', drift: 'error', warning: 'warning', waived: 'waived', unverifiable: 'warning', not_checked: 'warning' };
const RESULT_MARK: Record<PropertyCheck['result'], string> = { pass: '✓', fail: '✗', waived: '⚪', unverifiable: '?', not_checked: '–' };
const RESULT_WORD: Record<PropertyCheck['result'], string> = { pass: 'pass', fail: 'fail', waived: 'waived', unverifiable: 'could not check', not_checked: 'not checked' };

/** One matrix column: the properties it shows (one or more) and, for its tooltip, the rules that judge them. */
interface MatrixColumn {
  properties: CheckedProperty[];
  rules: string;
}

/**
 * The matrix's columns, from the data, so a new rule or property needs no edit here: the properties the report's
 * checks compare, in the order of the rules that judge them (the render context's). To stay within a printed
 * page, a property shares a column with one it refines (`verification_progress` with `verification`) or with
 * properties it never meets on one connector (`declared` of a live connector, `state` of a declared one).
 */
function matrixColumns(report: Report, ctx: RenderContext): MatrixColumn[] {
  const ruleOrder = new Map(ctx.rules.map((rule, index) => [rule.id, index]));
  const rulesOf = new Map<CheckedProperty, Set<string>>();
  const together = new Set<string>();
  for (const account of report.accounts) {
    for (const item of account.checks) {
      const properties = [...new Set(item.checks.map((check) => check.property))];
      for (const a of properties) for (const b of properties) if (a !== b) together.add(`${a}\u0000${b}`);
      for (const check of item.checks) {
        const rules = rulesOf.get(check.property) ?? new Set<string>();
        rules.add(check.ruleId);
        rulesOf.set(check.property, rules);
      }
    }
  }
  const rank = (property: CheckedProperty): number => Math.min(...[...(rulesOf.get(property) ?? [])].map((id) => ruleOrder.get(id) ?? ctx.rules.length));
  const ordered = [...rulesOf.keys()].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
  const columns: CheckedProperty[][] = [];
  for (const property of ordered) {
    const home = columns.find(
      (column) => property.startsWith(`${column[0]}_`) || column.every((other) => !together.has(`${property}\u0000${other}`)),
    );
    if (home === undefined) columns.push([property]);
    else home.push(property);
  }
  const title = (id: string): string => {
    const rule = ctx.rules.find((candidate) => candidate.id === id);
    return rule === undefined ? id : `${id} ${rule.title}`;
  };
  return columns.map((properties) => ({
    properties,
    rules: [...new Set(properties.flatMap((property) => [...(rulesOf.get(property) ?? [])]))].sort(compareText).map(title).join('; '),
  }));
}

/** A domain that may wrap only after a dot, never inside a label; or (atDots false) never at all. */
function domainHtml(domain: string, atDots = true): string {
  return atDots ? `<span class="domain">${domain.split('.').map(e).join('.<wbr>')}</span>` : `<span class="domain nobreak">${e(domain)}</span>`;
}

/** Text with paths and URLs in it (ids inside): may wrap at spaces and after a slash, never inside an id. */
function atSlashes(text: string): string {
  return text.split('/').map(e).join('/<wbr>');
}

/** An id or rule id: never wrapped. */
function idHtml(id: string, cls = 'id'): string {
  return `<code class="${cls} nobreak">${e(id)}</code>`;
}

/** One matrix cell: a pass mark alone, or the mark with expected → observed where they differ. */
function matrixCell(checks: readonly PropertyCheck[]): string {
  if (checks.length === 0) return '<td class="cell none" title="not checked by the desired state">·</td>';
  const parts = checks.map((check) => {
    const actual = check.actual ?? (check.result === 'not_checked' ? 'not read' : 'not reported');
    const differs = check.result !== 'pass' || actual !== check.expected;
    // Short values stay on one line; long ones may wrap at their spaces.
    const short = check.expected.length + actual.length <= 12 ? ' short' : '';
    const detail = differs ? ` <span class="diff${short}">${e(check.expected)} → ${e(actual)}</span>` : '';
    return `<span class="mark ${e(check.result)}" aria-label="${e(RESULT_WORD[check.result])}">${RESULT_MARK[check.result]}</span>${detail}`;
  });
  const worst = checks.find((check) => check.result !== 'pass')?.result ?? 'pass';
  const title = checks.map((check) => `${check.ruleId} ${propertyCheckText(check)} (${RESULT_WORD[check.result]})`).join('; ');
  return `<td class="cell ${e(worst)}" title="${e(title)}">${parts.join('<br>')}</td>`;
}

function matrixRow(report: Report, account: ReportAccount, item: ConnectorCheck, columns: readonly MatrixColumn[]): string {
  // The waivers in force on this connector's domain, when a check of it was waived: until when.
  const waived = item.checks.some((check) => check.result === 'waived');
  const waivers = waived ? report.waivers.filter((waiver) => waiver.state === 'in_force' && waiver.accountId === account.id && waiver.emailDomain === item.emailDomain) : [];
  const waiverNote = waivers.map((waiver) => `<br><span class="waiver-note">until ${e(waiver.expires)}</span>`).join('');
  const connector = item.connectorId === undefined ? '<span class="empty">no live connector</span>' : idHtml(item.connectorId);
  const cells = columns.map((column) => matrixCell(item.checks.filter((check) => column.properties.includes(check.property))));
  return (
    `<tr class="row-${e(item.verdict)}" data-verdict="${e(item.verdict)}"><td class="who">${domainHtml(item.emailDomain)}<br>${connector}</td>` +
    `<td>${e(item.declared)}</td>${cells.join('')}` +
    `<td class="nowrap">${badge(VERDICT_BADGE[item.verdict], CONNECTOR_VERDICT_TITLE[item.verdict])}${waiverNote}</td></tr>`
  );
}

/**
 * Every connector considered, compliant ones included (positive evidence, not only failures), as one matrix:
 * a row per connector, a column per property, grouped by account; the header repeats on each printed page.
 */
function connectorsSection(report: Report, ctx: RenderContext): string {
  const matrix = matrixColumns(report, ctx);
  const head =
    `<thead><tr><th>Email domain / connector</th><th>Declared</th>${matrix.map((column) => `<th title="${e(column.rules)}">${column.properties.map((property) => property.split('_').map(e).join('_<wbr>')).join(' / ')}</th>`).join('')}<th>Verdict</th></tr></thead>`;
  const columns = matrix.length + 3;
  const bodies = report.accounts.map((account) => {
    const title = `<tr class="account-row"><th colspan="${columns}" scope="rowgroup">${e(account.name ?? account.id)} ${idHtml(account.id)}${
      account.status === 'error' ? ` <span class="account-error">not read: ${e(account.error ?? 'unknown error')}; its declared connectors were not checked</span>` : ''
    }</th></tr>`;
    const rows = account.checks.map((item) => matrixRow(report, account, item, matrix));
    const body = rows.length === 0 ? `<tr><td colspan="${columns}" class="empty">No connector declared or found.</td></tr>` : rows.join('');
    return `<tbody data-account="${e(account.id)}">${title}${body}</tbody>`;
  });
  const legend =
    '<p class="legend sub"><span class="mark pass">✓</span> pass · <span class="mark fail">✗</span> fail (expected → observed) · ' +
    '<span class="mark waived">⚪</span> failed, waived · <span class="mark unverifiable">?</span> could not check (not reported) · ' +
    '<span class="mark not_checked">–</span> not checked (account not read) · · no expectation declared</p>';
  return (
    `<section id="connectors"><h2>Every connector checked</h2><p class="sub">${e(verdictSentence(report))}.</p>${legend}` +
    `<table class="matrix">${head}${bodies.join('')}</table></section>`
  );
}

function findingCard(finding: Finding, ctx: RenderContext): string {
  const rule = ctx.rules.find((candidate) => candidate.id === finding.ruleId);
  const facts: Array<[string, string]> = [];
  if (finding.expected !== undefined) facts.push(['Expected', `<code>${e(finding.expected)}</code>`]);
  if (finding.actual !== undefined) facts.push(['Actual', `<code>${e(finding.actual)}</code>`]);
  if (finding.connectorId !== undefined) facts.push(['Connector', idHtml(finding.connectorId)]);
  if (finding.location !== undefined) facts.push(['Declared at', `<code class="path">${atSlashes(formatLocation(finding.location))}</code>`]);
  const remediation = finding.remediation ?? rule?.remediation;
  const waiver = finding.waived
    ? `<p class="waiver-note">${badge('waived', 'Waived')} ${
        finding.waiver === undefined
          ? 'Accepted deviation.'
          : `${e(finding.waiver.reason)} — approved by ${e(finding.waiver.by ?? 'not recorded')}, until ${e(finding.waiver.expires)}`
      }</p>`
    : '';
  const classes = ['finding', finding.severity, finding.waived ? 'is-waived' : ''].filter((c) => c !== '').join(' ');
  return (
    `<article class="${classes}" data-rule="${e(finding.ruleId)}" data-waived="${finding.waived}">` +
    `<header>${badge(finding.severity, SEVERITY_WORD[finding.severity])}${idHtml(finding.ruleId, 'rule')}` +
    `<span>${e(rule?.title ?? finding.kind)}</span><span class="mono">${domainHtml(finding.emailDomain)}</span></header>` +
    `<p>${e(finding.message)}</p>` +
    (facts.length > 0 ? `<dl>${facts.map(([term, value]) => `<dt>${e(term)}</dt><dd>${value}</dd>`).join('')}</dl>` : '') +
    (remediation !== undefined && remediation !== '' ? `<div class="fix"><b>Remediation</b><pre>${atSlashes(remediation)}</pre></div>` : '') +
    waiver +
    '</article>'
  );
}

function findingsSection(report: Report, ctx: RenderContext): string {
  const parts: string[] = ['<section id="findings"><h2>Findings</h2>'];
  if (report.findings.length === 0) parts.push('<p class="empty">No findings.</p>');
  for (const group of findingsByAccount(report)) {
    if (group.findings.length === 0 && group.account?.status !== 'error') continue;
    parts.push(`<h3>${e(accountTitleOf(group.account, group.accountId))}</h3>`);
    if (group.account?.status === 'error') {
      parts.push(`<p class="account-error">This account could not be read completely: ${e(group.account.error ?? 'unknown error')}. Nothing about it is stated as compliant.</p>`);
    }
    for (const finding of group.findings) parts.push(findingCard(finding, ctx));
  }
  parts.push('</section>');
  return parts.join('');
}

function waiverTable(title: string, waivers: ReportWaiver[], accounts: ReportAccount[], emptyText: string): string {
  const cell = (accountId: string): string => accountCell(accounts.find((account) => account.id === accountId), accountId);
  const rows = waivers.map(
    (waiver) =>
      `<tr><td>${cell(waiver.accountId)}</td><td class="mono">${domainHtml(waiver.emailDomain, false)}</td><td class="nowrap"><code>${e(waiver.kind)}</code></td>` +
      `<td>${e(waiver.reason)}</td><td>${(waiver.approvedBy ?? 'not recorded').split('@').map(e).join('<wbr>@')}</td><td class="nowrap">${e(waiver.expires)}</td><td>${waiver.covers}</td></tr>`,
  );
  const body = rows.length === 0 ? `<tr><td colspan="7" class="empty">${e(emptyText)}</td></tr>` : rows.join('');
  return (
    `<h3>${e(title)}</h3><table><thead><tr><th>Account</th><th>Email domain</th><th>Kind</th><th>Reason</th>` +
    `<th>Approved by</th><th>Expires</th><th>Findings</th></tr></thead><tbody>${body}</tbody></table>`
  );
}

function waiversSection(report: Report): string {
  const notEvaluated = waiversIn(report, 'not_evaluated');
  return (
    `<section id="waivers"><h2>Waivers</h2><p class="sub">Read against ${e(report.asOf)} (UTC), the as-of day; a waiver applies up to and including its expiry date.</p>` +
    waiverTable('In force', waiversIn(report, 'in_force'), report.accounts, 'No waiver in force.') +
    waiverTable('Expired (no longer applied)', waiversIn(report, 'expired'), report.accounts, 'No expired waiver.') +
    waiverTable('Unused (in date, but matching no finding)', waiversIn(report, 'unused'), report.accounts, 'No unused waiver.') +
    (notEvaluated.length > 0 ? waiverTable('Not evaluated (account not checked or not read)', notEvaluated, report.accounts, '') : '') +
    '</section>'
  );
}

function rulesSection(report: Report, ctx: RenderContext): string {
  if (ctx.rules.length === 0) return '';
  const fired = new Set(report.findings.map((finding) => finding.ruleId));
  const rows = [...ctx.rules]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(
      (rule) =>
        `<tr><td class="nowrap">${idHtml(rule.id, 'rule')}</td><td>${e(rule.title)}</td><td>${badge(rule.defaultSeverity, rule.defaultSeverity)}</td>` +
        `<td>${e(rule.rationale)}</td><td>${fired.has(rule.id) ? 'yes' : 'no'}</td></tr>`,
    );
  return (
    '<section id="rules"><h2>Rules applied</h2><table><thead><tr><th>Rule</th><th>Title</th><th>Default severity</th>' +
    `<th>Why</th><th>Fired</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
  );
}

function renderHtml(report: Report, ctx: RenderContext): string {
  return selfContainedPage(`SSO connector compliance: ${verdictHeadline(report)} — ${report.desiredState.path}`, CSS, [
    `<header><h1>SSO connector compliance report</h1><p class="sub">${e(`${report.tool.name} ${report.tool.version} · generated ${report.generatedAt}`)}</p></header>`,
    '<main>',
    verdictBanner(report),
    tiles(report),
    scope(report),
    accountsTable(report),
    connectorsSection(report, ctx),
    findingsSection(report, ctx),
    waiversSection(report),
    rulesSection(report, ctx),
    '</main>',
    `<footer>${e(`Desired state ${report.desiredState.path}, SHA-256 ${report.desiredState.sha256}. Generated ${report.generatedAt} by ${report.tool.name} ${report.tool.version} on Node.js ${report.provenance.node}, as of ${report.asOf}.`)}</footer>`,
  ]);
}

export const htmlFormatter: Formatter = {
  name: 'html',
  extension: 'html',
  mediaType: 'text/html; charset=utf-8',
  render: renderHtml,
};
