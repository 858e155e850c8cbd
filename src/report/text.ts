// Human-readable terminal output, grouped by account. ANSI colours only when ctx.color.
import type { Finding, Report, Severity } from '../types';
import type { Formatter, RenderContext } from './formatter';
import { cleanText } from './sanitise';
import {
  accountLabel,
  findingsByAccount,
  locationLabel,
  plural,
  shortDescription,
  summarySentence,
  undecidedReasons,
  verdictOf,
  VERDICT_TITLE,
} from './shared';

const ESC = '\u001b[';
const STYLES = { red: '31', yellow: '33', cyan: '36', green: '32', dim: '2', bold: '1' } as const;
type Style = keyof typeof STYLES;

const SYMBOL: Record<Severity, string> = { error: '✖', warning: '⚠', note: 'ℹ' };
const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

/** Strings from the file or the API go through the one sanitiser: inert, one line each. */
const clean = cleanText;

function renderText(report: Report, ctx: RenderContext): string {
  const paint = (style: Style, value: string): string => (ctx.color ? `${ESC}${STYLES[style]}m${value}${ESC}0m` : value);
  const lines: string[] = [];
  lines.push(paint('bold', `cf-sso-guard ${clean(report.tool.version)}`) + `  ${clean(report.desiredState.path)} (sha256 ${report.desiredState.sha256.slice(0, 12)}…)${report.asOf === undefined ? '' : `  waivers as of ${clean(report.asOf)}`}`);
  lines.push('');

  for (const group of findingsByAccount(report)) {
    const { account } = group;
    const status = account === undefined ? 'not in report' : account.status === 'ok' ? 'ok' : 'error';
    const connectors = account === undefined || account.status === 'error' ? '' : `, ${plural(account.connectors, 'connector')}`;
    // "Account " first: no line starts with a string from outside (a name like `::error::` would be a workflow command).
    lines.push(paint('bold', `Account ${clean(accountLabel(account, group.accountId))}`) + `  ${status === 'error' ? paint('red', status) : status}${connectors}`);
    if (account?.status === 'error') {
      lines.push(`  ${paint('red', '✖ could not be read:')} ${clean(account.error ?? 'unknown error')}`);
    }
    if (group.findings.length === 0 && account?.status === 'ok') lines.push(`  ${paint('green', '✔')} no findings`);
    for (const finding of group.findings) lines.push(...findingLines(finding, paint));
    lines.push('');
  }

  lines.push(summarySentence(report));
  lines.push(verdictLine(report, paint));
  return lines.join('\n') + '\n';
}

function findingLines(finding: Finding, paint: (style: Style, value: string) => string): string[] {
  const where = locationLabel(finding.location);
  const head = `${SYMBOL[finding.severity]} ${finding.ruleId} ${clean(finding.emailDomain)}  ${clean(shortDescription(finding))}${where === undefined ? '' : `  (${clean(where)})`}`;
  if (finding.waived) {
    const waiver = finding.waiver;
    const detail = waiver === undefined ? 'waived' : `waived: ${clean(waiver.reason)} (until ${clean(waiver.expires)}${waiver.by === undefined ? '' : `, by ${clean(waiver.by)}`})`;
    return [paint('dim', `  ${head}`), paint('dim', `      ${detail}`)];
  }
  const lines = [`  ${paint(SEVERITY_STYLE[finding.severity], SYMBOL[finding.severity])}${head.slice(SYMBOL[finding.severity].length)}`];
  // Sanitised whole, never split: a newline inside it (from an API value) is shown escaped, not obeyed.
  // "fix: " first, like every other line: no line starts with a string that may come from outside.
  if (finding.remediation !== undefined && finding.remediation !== '') lines.push(`      fix: ${clean(finding.remediation)}`);
  return lines;
}

function verdictLine(report: Report, paint: (style: Style, value: string) => string): string {
  const verdict = verdictOf(report);
  if (verdict === 'compliant') return paint('green', `✔ ${VERDICT_TITLE.compliant}`);
  if (verdict === 'drift') return paint('red', `✖ ${VERDICT_TITLE.drift}`);
  const reasons = undecidedReasons(report).map(clean);
  return paint('red', `✖ ${VERDICT_TITLE.error}`) + (reasons.length === 0 ? '' : ` — ${reasons.join('; ')}`);
}

export const textFormatter: Formatter = {
  name: 'text',
  extension: 'txt',
  mediaType: 'text/plain; charset=utf-8',
  render: renderText,
};
