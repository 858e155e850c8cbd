// A compact PR comment / job summary: verdict line, a table of unwaived findings, details collapsed.
// GitHub caps a comment at 65,536 characters: the report keeps within MAX_MARKDOWN_CHARS by a deterministic cut,
// spending the budget on the summary and every finding first, then details, then the passing connectors.
import type { ConnectorCheck, ConnectorVerdict, Finding, Report, ReportAccount, Severity } from '../core/types';
import { CONNECTOR_VERDICTS } from '../core/types';
import type { Formatter, RenderContext } from './formatter';
import { cleanText, neutraliseGitHubReferences } from '../core/text';
import {
  accountTitleOf,
  findingAccountTitle,
  allConnectorChecks,
  CONNECTOR_VERDICT_TITLE,
  observedText,
  plural,
  propertyCheckText,
  provenanceFacts,
  readText,
  shortDescription,
  sortedFindings,
  summarySentence,
  unwaivedCount,
  gateSentence,
  verdictHeadline,
  locationLabel,
} from './shared';

/** GitHub rejects a comment body over 65,536 characters; the report stays under this (in UTF-8 bytes), whatever the run's size. */
export const MAX_MARKDOWN_CHARS = 60_000;
/** Where whatever did not fit is: named in every "…and N more" line. */
const FULL_REPORT = 'the full report (`--format html`, `json` or `csv`)';
/**
 * First line of every markdown report: invisible when rendered, so a workflow can find and update its one
 * pull-request comment instead of adding another on each push (see examples/ci/github-actions.yml).
 */
export const MARKDOWN_MARKER = '<!-- cf-sso-guard:report -->';

const CONNECTOR_ICON: Record<ConnectorVerdict, string> = { compliant: '✅', drift: '❌', warning: '🟡', waived: '⚪', unverifiable: '❔', not_checked: '⚠️' };

const SEVERITY_ICON: Record<Severity, string> = { error: '🔴 error', warning: '🟠 warning', note: '🔵 note' };
const VERDICT_ICON = { compliant: '✅', drift: '❌', error: '⚠️' } as const;

/**
 * User strings as inert text in Markdown and in GitHub's HTML subset: the one sanitiser (newlines and
 * control characters shown escaped, so a user string never starts a line), HTML-escape, backslash-escape
 * Markdown punctuation (including `|`, so a table cell cannot be split), and no mention, issue or
 * cross-repository reference, link or math.
 */
export function escapeMarkdown(value: string): string {
  // The one sanitiser first (control, C1, bidi and newlines shown escaped), then Markdown's own escaping;
  // references last (they add HTML), so a string cannot ping people, link issues or URLs, or start math.
  return neutraliseGitHubReferences(
    cleanText(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()|~#]/g, (ch) => `\\${ch}`),
  );
}

/** Code spans cannot hold backslash escapes; use them only for our own ids. */
function code(value: string): string {
  return '`' + value.replace(/`/g, '') + '`';
}

function findingRow(report: Report, finding: Finding): string {
  const account = findingAccountTitle(report, finding);
  const where = finding.location === undefined ? '' : escapeMarkdown(locationLabel(finding.location) ?? '');
  const cells = [
    finding.waived ? `⚪ waived ${finding.severity}` : SEVERITY_ICON[finding.severity],
    code(finding.ruleId),
    escapeMarkdown(account),
    escapeMarkdown(finding.emailDomain),
    escapeMarkdown(shortDescription(finding)),
    where,
  ];
  return `| ${cells.join(' | ')} |`;
}

function findingDetails(report: Report, finding: Finding): string[] {
  const lines = [`- **${code(finding.ruleId)} ${escapeMarkdown(finding.emailDomain)}** (${escapeMarkdown(findingAccountTitle(report, finding))}): ${escapeMarkdown(finding.message)}`];
  if (finding.expected !== undefined || finding.actual !== undefined) {
    lines.push(`  - expected: ${escapeMarkdown(finding.expected ?? '—')}, actual: ${escapeMarkdown(finding.actual ?? '—')}`);
  }
  if (finding.remediation !== undefined && finding.remediation !== '') lines.push(`  - fix: ${escapeMarkdown(finding.remediation)}`);
  if (finding.waived && finding.waiver !== undefined) {
    const by = finding.waiver.by === undefined ? '' : `, approved by ${escapeMarkdown(finding.waiver.by)}`;
    lines.push(`  - waived until ${escapeMarkdown(finding.waiver.expires)}${by}: ${escapeMarkdown(finding.waiver.reason)}`);
  }
  return lines;
}

/** What the sections of a report may spend, so the whole stays under MAX_MARKDOWN_CHARS (see fitList). */
class Budget {
  constructor(public left: number) {}
  /** Takes these lines (joined by newlines) off the budget. */
  spend(lines: readonly string[]): readonly string[] {
    this.left -= linesLength(lines);
    return lines;
  }
}

/**
 * The size of lines joined by newlines, in UTF-8 bytes: never less than their characters in any counting
 * (UTF-16 units or code points), so the limit holds however GitHub counts.
 */
function linesLength(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + Buffer.byteLength(line, 'utf8') + 1, 0);
}

/** A list to cut: its opening lines, its items (each one or more lines), its "N more" line, its closing lines. */
type ListParts = { open: readonly string[]; items: ReadonlyArray<readonly string[]>; more: (left: number) => string; close: readonly string[] };

/** The size of a list cut to no item at all: what a list that must show its "more" line needs at least. */
function smallest(parts: ListParts): number {
  return linesLength(parts.open) + linesLength(parts.close) + linesLength([parts.more(parts.items.length)]);
}

/**
 * A list cut to fit `room`: `open`, then as many items as fit (in order, whole), then `more(n)` for the n
 * left out, then `close`. Items are taken in the order given, so the cut is the same for the same report.
 * With `keepMore`, the "more" line is shown even when not one item fits (a list of findings is never silently
 * empty); callers reserve `smallest()` for such a list.
 */
function fitList(parts: ListParts, room: number, keepMore = false): string[] {
  const all = [...parts.open, ...parts.items.flat(), ...parts.close];
  if (linesLength(all) <= room) return all;
  let used = smallest(parts);
  if (used > room && !keepMore) return [];
  const shown: string[] = [];
  let count = 0;
  for (const item of parts.items) {
    const size = linesLength(item);
    if (used + size > room) break;
    used += size;
    shown.push(...item);
    count += 1;
  }
  return [...parts.open, ...shown, parts.more(parts.items.length - count), ...parts.close];
}

/**
 * Spends the budget in order of importance: the summary, the accounts not read, every finding, provenance (each
 * of these keeps at least its "more" line), then details and the connector list; and lays them out in reading order.
 */
function renderMarkdown(report: Report, _ctx: RenderContext): string {
  const findings = sortedFindings(report.findings);
  const budget = new Budget(MAX_MARKDOWN_CHARS);
  const head = budget.spend(headLines(report));
  const provenance = provenanceLines(report);
  const [failedParts, tableParts, readParts] = [undecidedList(report), findingsTable(report, findings), accountReadList(report)];
  const failed = budget.spend(fitList(failedParts, budget.left - linesLength(provenance) - smallest(tableParts) - smallest(readParts), true));
  const table = budget.spend(fitList(tableParts, budget.left - linesLength(provenance) - smallest(readParts), true));
  budget.spend(provenance);
  const reads = budget.spend(fitList(readParts, budget.left, true));
  const details = budget.spend(fitList(findingDetailsList(report, findings), budget.left));
  const connectors = budget.spend(fitList(connectorList(report), budget.left));
  // The account reads are rows of the provenance table, before its closing lines.
  return [...head, ...failed, ...table, ...details, ...connectors, ...provenance.slice(0, -2), ...reads, ...provenance.slice(-2)].join('\n') + '\n';
}

/** Verdict, summary sentence, counts per connector verdict, and why the run could not decide (short, bounded). */
function headLines(report: Report): string[] {
  const out: string[] = [MARKDOWN_MARKER];
  out.push(`### ${VERDICT_ICON[report.status]} cf-sso-guard: ${verdictHeadline(report)}`);
  out.push('');
  // The gate apart from the observed status: `--fail-on never` passes drift, and the heading still says drift.
  out.push(`${gateSentence(report)}.`);
  out.push('');
  out.push(
    `${summarySentence(report)}. Desired state ${escapedFact(report.desiredState.path)} (sha256 ${code(report.desiredState.sha256.slice(0, 12))}), ` +
      `generated ${escapeMarkdown(report.generatedAt)}, waivers judged as of ${escapeMarkdown(report.asOf)}.`,
  );
  const counts = report.summary.checks;
  out.push('');
  out.push(`| Connectors | ${CONNECTOR_VERDICTS.map((v) => `${CONNECTOR_ICON[v]} ${CONNECTOR_VERDICT_TITLE[v]}`).join(' | ')} |`);
  out.push(`| --- | ${CONNECTOR_VERDICTS.map(() => '---:').join(' | ')} |`);
  out.push(`| ${CONNECTOR_VERDICTS.reduce((sum, v) => sum + counts[v], 0)} | ${CONNECTOR_VERDICTS.map((v) => counts[v]).join(' | ')} |`);

  return out;
}

/** Why the run could not decide (the report's own reasons: accounts not read, checks not made, no accounts), cut to the budget. */
function undecidedList(report: Report): ListParts {
  const reasons = report.undecided;
  return {
    open: reasons.length === 0 ? [] : ['', '**The result is undecided:**'],
    items: reasons.map((reason) => [`- ${escapeMarkdown(reason)}`]),
    more: (left) => `- …and ${plural(left, 'more reason')} in ${FULL_REPORT}.`,
    close: [],
  };
}

/** Every finding, one row each: unwaived first (by severity), then waived ones. */
function findingsTable(report: Report, findings: readonly Finding[]): ListParts {
  return {
    open: findings.length === 0 ? [] : ['', '| Severity | Rule | Account | Domain | Problem | Declared at |', '| --- | --- | --- | --- | --- | --- |'],
    items: findings.map((finding) => [findingRow(report, finding)]),
    more: (left) => `\n**…and ${plural(left, 'more finding')}**, listed in ${FULL_REPORT}.`,
    close: [],
  };
}

function findingDetailsList(report: Report, findings: readonly Finding[]): ListParts {
  const totals = report.summary;
  return {
    // The same counts as the summary line: unwaived findings, then waived ones.
    open: findings.length === 0 ? [] : ['', '<details>', `<summary>Details and remediation (${plural(unwaivedCount(totals), 'finding')}, ${totals.waived} waived)</summary>`, ''],
    items: findings.map((finding) => findingDetails(report, finding)),
    more: (left) => `- …and details of ${plural(left, 'more finding')} in ${FULL_REPORT}.`,
    close: findings.length === 0 ? [] : ['', '</details>'],
  };
}

/** Connectors that did not pass first (drift, could not check, not checked, waived), then the passing ones. */
const CONNECTOR_ORDER: readonly ConnectorVerdict[] = ['drift', 'unverifiable', 'not_checked', 'warning', 'waived', 'compliant'];

/**
 * Every connector considered, collapsed: verdict, where, what failed. A passing connector is one short line
 * (all its checks passed); the list is cut to the budget with "N more connectors in the full report".
 */
function connectorList(report: Report): ListParts {
  const all = allConnectorChecks(report);
  const ordered = CONNECTOR_ORDER.flatMap((verdict) => all.filter(({ item }) => item.verdict === verdict));
  return {
    open: all.length === 0 ? [] : ['', '<details>', `<summary>Every connector checked (${plural(all.length, 'connector')})</summary>`, ''],
    items: ordered.map(({ account, item }) => [connectorLine(account, item)]),
    more: (left) => `- …${plural(left, 'more connector')} in ${FULL_REPORT}.`,
    close: all.length === 0 ? [] : ['', '</details>'],
  };
}

function connectorLine(account: ReportAccount, item: ConnectorCheck): string {
  const connector = item.connectorId === undefined ? 'no live connector' : `connector ${escapeMarkdown(item.connectorId)}`;
  const where = `${CONNECTOR_ICON[item.verdict]} **${CONNECTOR_VERDICT_TITLE[item.verdict]}** ${escapeMarkdown(item.emailDomain)} (${escapeMarkdown(account.name ?? account.id)}), ${connector}`;
  if (item.verdict === 'compliant') return `- ${where}: ${plural(item.checks.length, 'check')} passed`;
  const checks = item.checks.map((check) => `${propertyCheckText(check)} (${check.result})`).join('; ');
  return `- ${where}, declared ${item.declared}: ${escapeMarkdown(checks === '' ? 'no checks' : checks)}; observed ${escapeMarkdown(observedText(item))}`;
}

/** How the report was made (collapsed): the same facts as the JSON and HTML; the account reads go before the last two lines. */
function provenanceLines(report: Report): string[] {
  const out = ['', '<details>', '<summary>Provenance</summary>', '', '| | |', '| --- | --- |'];
  // Kept whatever the size, so each value is bounded (a command line may list a thousand --account flags).
  for (const [term, value] of provenanceFacts(report)) out.push(`| ${escapeMarkdown(term)} | ${escapedFact(value)} |`);
  out.push('', '</details>');
  return out;
}

const MAX_FACT_CHARS = 1000;

/** A provenance value escaped, at most about 2,000 bytes: clipped before escaping (never inside an escape), shorter while escaping swells it. */
function escapedFact(value: string): string {
  for (let keep = MAX_FACT_CHARS; ; keep = Math.floor(keep / 2)) {
    const clipped = value.length <= keep ? value : `${value.slice(0, keep)}… (${value.length - keep} more characters in the full report)`;
    const escaped = escapeMarkdown(clipped);
    if (Buffer.byteLength(escaped, 'utf8') <= 2 * MAX_FACT_CHARS || keep === 0) return escaped;
  }
}

function accountReadList(report: Report): ListParts {
  return {
    open: [],
    items: report.accounts.map((account) => [`| Read ${escapeMarkdown(accountTitleOf(account, account.id))} | ${escapeMarkdown(readText(account))} |`]),
    more: (left) => `| Read | ${plural(left, 'more account')}: see ${FULL_REPORT} |`,
    close: [],
  };
}

export const markdownFormatter: Formatter = {
  name: 'markdown',
  extension: 'md',
  mediaType: 'text/markdown; charset=utf-8',
  render: renderMarkdown,
};
