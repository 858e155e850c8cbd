// A compact PR comment / job summary: verdict line, a table of unwaived findings, details collapsed.
// GitHub caps a comment at 65,536 characters, so the table and the details are capped too.
import type { ConnectorVerdict, Finding, Report, Severity } from '../types';
import { CONNECTOR_VERDICTS } from '../types';
import type { Formatter, RenderContext } from './formatter';
import { cleanText, neutraliseMentions } from './sanitise';
import {
  accountLabel,
  accountNameOf,
  allConnectorChecks,
  CONNECTOR_VERDICT_TITLE,
  countFindings,
  errorAccounts,
  observedText,
  plural,
  propertyCheckText,
  provenanceFacts,
  readText,
  unknownValueCause,
  unverifiableFindings,
  shortDescription,
  sortedFindings,
  summarySentence,
  verdictCounts,
  verdictOf,
  VERDICT_TITLE,
} from './shared';

export const MAX_TABLE_ROWS = 50;
/**
 * First line of every markdown report: invisible when rendered, so a workflow can find and update its one
 * pull-request comment instead of adding another on each push (see examples/ci/github-actions.yml).
 */
export const MARKDOWN_MARKER = '<!-- cf-sso-guard:report -->';
export const MAX_DETAILS = 100;
/** Connector lines in the collapsed list (a job summary is capped at 1 MiB, a PR comment at 65,536 characters). */
export const MAX_CONNECTOR_LINES = 200;

const CONNECTOR_ICON: Record<ConnectorVerdict, string> = { compliant: '✅', drift: '❌', waived: '⚪', unverifiable: '❔', not_checked: '⚠️' };

const SEVERITY_ICON: Record<Severity, string> = { error: '🔴 error', warning: '🟠 warning', note: '🔵 note' };
const VERDICT_ICON = { compliant: '✅', drift: '❌', error: '⚠️' } as const;

/**
 * User strings as inert text in Markdown and in GitHub's HTML subset: the one sanitiser (newlines and
 * control characters shown escaped, so a user string never starts a line), HTML-escape, backslash-escape
 * Markdown punctuation (including `|`, so a table cell cannot be split), and no `@mentions`.
 */
export function escapeMarkdown(value: string): string {
  // The one sanitiser first (control, C1, bidi and newlines shown escaped), then Markdown's own escaping;
  // `@` last so a string cannot ping people from a PR comment.
  return neutraliseMentions(
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
  const account = accountLabel(report.accounts.find((a) => a.id === finding.accountId), finding.accountId);
  const where = finding.location === undefined ? '' : escapeMarkdown(`${finding.location.file}:${finding.location.line}`);
  const cells = [
    SEVERITY_ICON[finding.severity],
    code(finding.ruleId),
    escapeMarkdown(account),
    escapeMarkdown(finding.emailDomain),
    escapeMarkdown(shortDescription(finding, report)),
    where,
  ];
  return `| ${cells.join(' | ')} |`;
}

function findingDetails(report: Report, finding: Finding): string[] {
  const name = accountNameOf(report, finding.accountId);
  const lines = [`- **${code(finding.ruleId)} ${escapeMarkdown(finding.emailDomain)}** (${escapeMarkdown(name ?? finding.accountId)}): ${escapeMarkdown(finding.message)}`];
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

function renderMarkdown(report: Report, _ctx: RenderContext): string {
  const verdict = verdictOf(report);
  const findings = sortedFindings(report.findings);
  const unwaived = findings.filter((finding) => !finding.waived);
  const waived = findings.filter((finding) => finding.waived);
  const out: string[] = [MARKDOWN_MARKER];

  out.push(`### ${VERDICT_ICON[verdict]} cf-sso-guard: ${VERDICT_TITLE[verdict]}`);
  out.push('');
  out.push(
    `${summarySentence(report)}. Desired state ${escapeMarkdown(report.desiredState.path)} (sha256 ${code(report.desiredState.sha256.slice(0, 12))}), ` +
      `generated ${escapeMarkdown(report.generatedAt)}, waivers judged as of ${escapeMarkdown(report.asOf)}.`,
  );
  const counts = verdictCounts(report);
  out.push('');
  out.push(`| Connectors | ${CONNECTOR_VERDICTS.map((v) => `${CONNECTOR_ICON[v]} ${CONNECTOR_VERDICT_TITLE[v]}`).join(' | ')} |`);
  out.push(`| --- | ${CONNECTOR_VERDICTS.map(() => '---:').join(' | ')} |`);
  out.push(`| ${CONNECTOR_VERDICTS.reduce((sum, v) => sum + counts[v], 0)} | ${CONNECTOR_VERDICTS.map((v) => counts[v]).join(' | ')} |`);

  if (report.accounts.length === 0) {
    out.push('');
    out.push('**No accounts were checked** — a run over zero accounts proves nothing; the result is undecided.');
  }
  const failed = errorAccounts(report);
  if (failed.length > 0) {
    out.push('');
    out.push(`**${plural(failed.length, 'account')} could not be read completely** — the result is undecided:`);
    for (const account of failed) out.push(`- ${escapeMarkdown(accountLabel(account, account.id))}: ${escapeMarkdown(account.error ?? 'unknown error')}`);
  }
  const unverifiable = unverifiableFindings(report).length;
  if (unverifiable > 0) {
    out.push('');
    out.push(`**${plural(unverifiable, 'check')} could not be made** (${unknownValueCause(report)}, CFSSO010) — the result is undecided.`);
  }

  if (unwaived.length > 0) {
    out.push('');
    out.push('| Severity | Rule | Account | Domain | Problem | Declared at |');
    out.push('| --- | --- | --- | --- | --- | --- |');
    for (const finding of unwaived.slice(0, MAX_TABLE_ROWS)) out.push(findingRow(report, finding));
    if (unwaived.length > MAX_TABLE_ROWS) out.push('');
    if (unwaived.length > MAX_TABLE_ROWS) out.push(`…and ${unwaived.length - MAX_TABLE_ROWS} more; see the full report.`);
  }

  if (findings.length > 0) {
    const shown = [...unwaived, ...waived].slice(0, MAX_DETAILS);
    const totals = countFindings(findings);
    out.push('');
    out.push('<details>');
    // The same counts as the summary line: unwaived findings, then waived ones.
    out.push(`<summary>Details and remediation (${plural(totals.total, 'finding')}, ${totals.waived} waived)</summary>`);
    out.push('');
    for (const finding of shown) out.push(...findingDetails(report, finding));
    if (findings.length > shown.length) out.push(`- …and ${findings.length - shown.length} more; see the full report.`);
    out.push('');
    out.push('</details>');
  }
  out.push(...connectorList(report));
  out.push(...provenanceDetails(report));
  return out.join('\n') + '\n';
}

/** Every connector considered, collapsed: verdict, where, what was compared. */
function connectorList(report: Report): string[] {
  const all = allConnectorChecks(report);
  if (all.length === 0) return [];
  const out = ['', '<details>', `<summary>Every connector checked (${plural(all.length, 'connector')})</summary>`, ''];
  for (const { account, item } of all.slice(0, MAX_CONNECTOR_LINES)) {
    const connector = item.connectorId === undefined ? 'no live connector' : `connector ${escapeMarkdown(item.connectorId)}`;
    const checks = item.checks.map((check) => `${propertyCheckText(check)} (${check.result})`).join('; ');
    out.push(
      `- ${CONNECTOR_ICON[item.verdict]} **${CONNECTOR_VERDICT_TITLE[item.verdict]}** ${escapeMarkdown(item.emailDomain)} ` +
        `(${escapeMarkdown(account.name ?? account.id)}), ${connector}, declared ${item.declared}: ${escapeMarkdown(checks === '' ? 'no checks' : checks)}; ` +
        `observed ${escapeMarkdown(observedText(item))}`,
    );
  }
  if (all.length > MAX_CONNECTOR_LINES) out.push(`- …and ${all.length - MAX_CONNECTOR_LINES} more; see the full report.`);
  out.push('', '</details>');
  return out;
}

/** How the report was made (collapsed): the same facts as the JSON and HTML. */
function provenanceDetails(report: Report): string[] {
  const out = ['', '<details>', '<summary>Provenance</summary>', '', '| | |', '| --- | --- |'];
  for (const [term, value] of provenanceFacts(report)) out.push(`| ${escapeMarkdown(term)} | ${escapeMarkdown(value)} |`);
  for (const account of report.accounts) out.push(`| Read ${escapeMarkdown(accountLabel(account, account.id))} | ${escapeMarkdown(readText(account))} |`);
  out.push('', '</details>');
  return out;
}

export const markdownFormatter: Formatter = {
  name: 'markdown',
  extension: 'md',
  mediaType: 'text/markdown; charset=utf-8',
  render: renderMarkdown,
};
