// GitHub Actions workflow commands: one annotation per unwaived finding on the desired-state file.
// GitHub shows at most 10 annotations of each level per step, so we emit at most 10 per level and then one
// notice that says how many were left out. That notice takes one of the 10 notice slots, so when anything is
// left out, notices are capped at 9 findings. Accounts that could not be read come first, as errors.
import type { Finding, Report, Severity } from '../core/types';
import type { Formatter, RenderContext } from './formatter';
import { cleanText } from '../core/text';
import { accountTitleOf, errorAccounts, findingAccountTitle, plural, repoRelativePath, sortedFindings } from './shared';

export const ANNOTATIONS_PER_LEVEL = 10;

type Level = 'error' | 'warning' | 'notice';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', note: 'notice' };

/** Escaping of a command's message (GitHub's toolkit `escapeData`). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a command property value (`escapeProperty`): data escaping plus ':' and ','. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

interface Annotation {
  level: Level;
  properties: Array<[string, string]>;
  message: string;
}

function command(annotation: Annotation): string {
  const props = annotation.properties.map(([name, value]) => `${name}=${escapeProperty(value)}`).join(',');
  return `::${annotation.level}${props === '' ? '' : ` ${props}`}::${escapeData(annotation.message)}`;
}

function findingAnnotation(report: Report, finding: Finding, ctx: RenderContext): Annotation {
  const properties: Array<[string, string]> = [];
  const file = finding.location === undefined ? undefined : repoRelativePath(finding.location.file, ctx);
  if (finding.location !== undefined && file !== undefined) {
    properties.push(['file', cleanText(file)], ['line', String(finding.location.line)], ['col', String(finding.location.column)]);
  }
  // Each string from outside is made inert (ESC, BEL, C1, bidi, newlines escaped) before it is composed;
  // the one newline between message and remediation is ours, and escapeData encodes it.
  // An annotation stands alone on the file: its title names the account (messages do not).
  properties.push(['title', `${cleanText(finding.ruleId)} ${finding.kind} (${cleanText(finding.emailDomain)}) in ${cleanText(findingAccountTitle(report, finding))}`]);
  const message =
    finding.remediation === undefined || finding.remediation === '' ? cleanText(finding.message) : `${cleanText(finding.message)}\n${cleanText(finding.remediation)}`;
  return { level: LEVEL[finding.severity], properties, message };
}

function renderGithub(report: Report, ctx: RenderContext): string {
  const annotations: Annotation[] = errorAccounts(report).map((account) => ({
    level: 'error',
    properties: [['title', `cf-sso-guard: account ${account.id} not read`]],
    message: `${cleanText(accountTitleOf(account, account.id))} could not be read completely: ${cleanText(account.error ?? 'unknown error')}. The result is undecided.`,
  }));
  annotations.push(...sortedFindings(report.findings.filter((finding) => !finding.waived)).map((finding) => findingAnnotation(report, finding, ctx)));

  const byLevel = (level: Level): Annotation[] => annotations.filter((annotation) => annotation.level === level);
  const errors = byLevel('error');
  const warnings = byLevel('warning');
  const notices = byLevel('notice');
  const overflowBeforeNotices = Math.max(0, errors.length - ANNOTATIONS_PER_LEVEL) + Math.max(0, warnings.length - ANNOTATIONS_PER_LEVEL);
  const anyLeftOut = overflowBeforeNotices > 0 || notices.length > ANNOTATIONS_PER_LEVEL;
  const noticeCap = anyLeftOut ? ANNOTATIONS_PER_LEVEL - 1 : ANNOTATIONS_PER_LEVEL;

  const shown = [...errors.slice(0, ANNOTATIONS_PER_LEVEL), ...warnings.slice(0, ANNOTATIONS_PER_LEVEL), ...notices.slice(0, noticeCap)];
  const lines = shown.map(command);
  const leftOut = annotations.length - shown.length;
  if (leftOut > 0) {
    lines.push(command({ level: 'notice', properties: [['title', 'cf-sso-guard']], message: `cf-sso-guard: ${plural(leftOut, 'more finding')}, see the job summary` }));
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

export const githubFormatter: Formatter = {
  name: 'github',
  extension: 'txt',
  mediaType: 'text/plain; charset=utf-8',
  render: renderGithub,
};
