// Human-readable terminal output, grouped by account. ANSI colours only when ctx.color; every kind of line
// also has its own symbol, so nothing depends on colour (CI logs often have none). Wrapped to ctx.width if given.
import wrapAnsi from 'wrap-ansi';
import type { Finding, Report, Severity } from '../core/types';
import type { Formatter, RenderContext } from './formatter';
import { cleanText } from '../core/text';
import {
  accountTitleOf,
  gateSentence,
  findingsByAccount,
  locationLabel,
  plural,
  severityCounts,
  shortDescription,
  summarySentence,
  verdictHeadline,
  emptyShardLine,
  type ReportAccount,
} from './shared';

const ESC = '\u001b[';
const STYLES = { red: '31', yellow: '33', cyan: '36', green: '32', dim: '2', bold: '1' } as const;
type Style = keyof typeof STYLES;

const SYMBOL: Record<Severity, string> = { error: '✖', warning: '⚠', note: 'ℹ' };
/** A waived finding: not a failure, and must not look like one without colour either. */
export const WAIVED_SYMBOL = '○';
const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };
/** Continuation lines of a finding (its remediation, its waiver, wrapped text) start here. */
const DETAIL_INDENT = '      ';

/** Strings from the file or the API go through the one sanitiser: inert, one line each. */
const clean = cleanText;

function renderText(report: Report, ctx: RenderContext): string {
  const paint = (style: Style, value: string): string => (ctx.color ? `${ESC}${STYLES[style]}m${value}${ESC}0m` : value);
  const lines: string[] = [];
  lines.push(paint('bold', `cf-sso-guard ${clean(report.tool.version)}`) + `  ${clean(report.desiredState.path)} (sha256 ${report.desiredState.sha256.slice(0, 12)}…)${report.asOf === undefined ? '' : `  waivers as of ${clean(report.asOf)}`}`);
  const plan = report.provenance?.terraformPlan;
  if (plan !== undefined) {
    const scope = plan.live ? 'with the live API' : 'plan only: connectors Terraform does not manage are not visible (add --live)';
    lines.push(`Terraform plan ${clean(plan.path)} (sha256 ${plan.sha256.slice(0, 12)}…, format ${clean(plan.formatVersion)}): its end state after apply, ${scope}`);
  }
  lines.push('');

  for (const group of findingsByAccount(report)) {
    const { account } = group;
    // "Account " first: no line starts with a string from outside (a name like `::error::` would be a workflow command).
    lines.push(paint('bold', `Account ${clean(accountTitleOf(account, group.accountId))}`) + `  ${accountStatus(account, paint)}`);
    if (account?.status === 'error') {
      lines.push(`  ${paint('red', '✖ could not be read:')} ${clean(account.error ?? 'unknown error')}`);
    }
    if (group.findings.length === 0 && account?.status === 'ok') lines.push(`  ${paint('green', '✔')} no findings`);
    for (const finding of group.findings) lines.push(...findingLines(report, finding, paint));
    lines.push('');
  }

  lines.push(summarySentence(report));
  lines.push(verdictLine(report, paint), paint('dim', gateSentence(report)));
  const width = ctx.width;
  const text = width === undefined ? lines : lines.map((line) => wrapLine(line, width));
  return text.join('\n') + '\n';
}

/** Long lines break at spaces, continuing under the text they belong to; never inside a word (a path or URL stays whole to copy). */
function wrapLine(line: string, width: number): string {
  const indent = /^ */.exec(line)?.[0].length ?? 0;
  const hanging = ' '.repeat(indent <= 2 ? indent + 2 : indent);
  if (line.length <= width) return line;
  const wrapped = wrapAnsi(line.slice(indent), Math.max(20, width - hanging.length), { hard: false, trim: true }).split('\n');
  return wrapped.map((part, i) => (i === 0 ? ' '.repeat(indent) : hanging) + part).join('\n');
}

/** "read, 5 connectors · drift: 1 error" — what was read, then the account's own verdict (the engine's), each in words. */
function accountStatus(account: ReportAccount | undefined, paint: (style: Style, value: string) => string): string {
  if (account === undefined) return 'not in the report · findings below';
  if (account.status === 'error') return `${paint('red', 'not read')} · could not decide`;
  const read = `read, ${plural(account.connectors, 'connector')}`;
  if (account.verdict === 'error') return `${read} · ${paint('red', 'could not decide')}`;
  // Warnings and notes named beside the verdict, never hidden.
  const counts = severityCounts(account.summary, ['error', 'warning', 'note']);
  const verdict =
    account.verdict === 'drift'
      ? paint('red', `drift: ${counts.join(', ')}`)
      : paint('green', counts.length === 0 ? 'compliant' : `compliant, with ${counts.join(', ')}`);
  return `${read} · ${verdict}`;
}

function findingLines(report: Report, finding: Finding, paint: (style: Style, value: string) => string): string[] {
  const where = locationLabel(finding.location);
  const body = `${finding.ruleId} ${clean(finding.emailDomain)}  ${clean(shortDescription(finding))}${where === undefined ? '' : `  (${clean(where)})`}`;
  if (finding.waived) {
    const waiver = finding.waiver;
    const detail = waiver === undefined ? 'waived' : `waived: ${clean(waiver.reason)} (until ${clean(waiver.expires)}${waiver.by === undefined ? '' : `, by ${clean(waiver.by)}`})`;
    const tagged = `${finding.ruleId} ${clean(finding.emailDomain)}  [waived ${finding.severity}] ${body.slice(body.indexOf('  ') + 2)}`;
    return [paint('dim', `  ${WAIVED_SYMBOL} ${tagged}`), paint('dim', `${DETAIL_INDENT}${detail}`)];
  }
  const lines = [`  ${paint(SEVERITY_STYLE[finding.severity], SYMBOL[finding.severity])} ${body}`];
  // A plan's findings are about resources: the address says which (connectorId is the address there).
  if (report.provenance?.terraformPlan !== undefined && finding.connectorId !== undefined) lines.push(`${DETAIL_INDENT}resource: ${clean(finding.connectorId)}`);
  // Sanitised whole, never split: a newline inside it (from an API value) is shown escaped, not obeyed.
  // "fix: " first, like every other line: no line starts with a string that may come from outside.
  if (finding.remediation !== undefined && finding.remediation !== '') lines.push(`${DETAIL_INDENT}fix: ${clean(finding.remediation)}`);
  return lines;
}

/** The observed status; the gate follows on a line of its own, so `--fail-on never` never turns drift into "Compliant". */
function verdictLine(report: Report, paint: (style: Style, value: string) => string): string {
  if (emptyShardLine(report) !== undefined || report.status === 'compliant') return paint('green', `✔ ${verdictHeadline(report)}`);
  if (report.status === 'drift') return paint('red', `✖ ${verdictHeadline(report)}`);
  const reasons = report.undecided.map(clean);
  return paint('red', `✖ ${verdictHeadline(report)}`) + (reasons.length === 0 ? '' : ` — ${reasons.join('; ')}`);
}

export const textFormatter: Formatter = {
  name: 'text',
  extension: 'txt',
  mediaType: 'text/plain; charset=utf-8',
  render: renderText,
};
