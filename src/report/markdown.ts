// A compact PR comment / job summary: verdict line, a table of unwaived findings, details collapsed.
// GitHub caps a comment at 65,536 characters, so the table and the details are capped too.
import type { Finding, Report, Severity } from '../types';
import type { Formatter, RenderContext } from './formatter';
import { cleanText, neutraliseMentions } from './sanitise';
import { accountLabel, accountNameOf, errorAccounts, plural, unverifiableFindings, shortDescription, sortedFindings, summarySentence, verdictOf, VERDICT_TITLE } from './shared';

export const MAX_TABLE_ROWS = 50;
/**
 * First line of every markdown report: invisible when rendered, so a workflow can find and update its one
 * pull-request comment instead of adding another on each push (see examples/ci/github-actions.yml).
 */
export const MARKDOWN_MARKER = '<!-- cf-sso-guard:report -->';
export const MAX_DETAILS = 100;

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
    `${summarySentence(report)}. Desired state ${escapeMarkdown(report.desiredState.path)} (sha256 ${code(report.desiredState.sha256.slice(0, 12))})` +
      `${report.asOf === undefined ? '' : `, waivers judged as of ${escapeMarkdown(report.asOf)}`}.`,
  );

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
    out.push(`**${plural(unverifiable, 'check')} could not be made** (the API did not report the field, CFSSO010) — the result is undecided.`);
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
    out.push('');
    out.push('<details>');
    out.push(`<summary>Details and remediation (${plural(findings.length, 'finding')}${waived.length > 0 ? `, ${waived.length} waived` : ''})</summary>`);
    out.push('');
    for (const finding of shown) out.push(...findingDetails(report, finding));
    if (findings.length > shown.length) out.push(`- …and ${findings.length - shown.length} more; see the full report.`);
    out.push('');
    out.push('</details>');
  }
  return out.join('\n') + '\n';
}

export const markdownFormatter: Formatter = {
  name: 'markdown',
  extension: 'md',
  mediaType: 'text/markdown; charset=utf-8',
  render: renderMarkdown,
};
