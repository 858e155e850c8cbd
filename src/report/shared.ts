// Helpers several formatters share: stable ordering, labels, verdicts, paths, waiver status. Pure.
import * as path from 'node:path';
import type { ConnectorCheck, ConnectorVerdict, Finding, FindingCounts, FindingKind, PropertyCheck, Report, ReportStatus, ReportWaiver, Severity, SourceLocation, WaiverState } from '../core/types';
import { CONNECTOR_VERDICTS } from '../core/types';
import { severityAtLeast, severityRank } from '../core/severity';
import type { RenderContext } from './formatter';
import { emptyShardNote, isDrift, isEmptyShard } from '../engine/status';

/** Whether an unwaived finding is drift (an error), whatever the gate: the findings JUnit fails. */
export { isDrift };
import { cleanText, shellWord } from '../core/text';
import { accountTitle } from '../core/describe';

export type { ReportAccount } from '../core/types';
import type { ReportAccount } from '../core/types';
import { compareFindingPlace, compareText } from '../core/order';
import { CONNECTOR_SETTINGS, observedSetting } from '../core/settings';
export { severityRank };

/** Unwaived before waived, then by severity, domain, rule, connector, message: the same order every run. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(a.waived) - Number(b.waived) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    compareFindingPlace(a, b) ||
    compareText(a.message, b.message)
  );
}


export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Findings of one account, sorted; plus a group for findings whose account the report does not list (never dropped). */
export function findingsByAccount(report: Report): Array<{ account: ReportAccount | undefined; accountId: string; findings: Finding[] }> {
  const known = new Set(report.accounts.map((account) => account.id));
  const groups: Array<{ account: ReportAccount | undefined; accountId: string; findings: Finding[] }> = report.accounts.map((account) => ({
    account,
    accountId: account.id,
    findings: sortedFindings(report.findings.filter((finding) => finding.accountId === account.id)),
  }));
  const strayIds = [...new Set(report.findings.filter((f) => !known.has(f.accountId)).map((f) => f.accountId))].sort(compareText);
  for (const accountId of strayIds) {
    groups.push({ account: undefined, accountId, findings: sortedFindings(report.findings.filter((f) => f.accountId === accountId)) });
  }
  return groups;
}

/** How every format names an account (core/describe's accountTitle; rule messages use its accountLabel): `production (023e…)`, or the id. */
export function accountTitleOf(account: ReportAccount | undefined, accountId: string): string {
  return accountTitle(account?.name, accountId);
}

/** The title of a finding's (or a waiver's) account, for a format where it stands alone (not under its account's heading). */
export function findingAccountTitle(report: Report, finding: Pick<Finding, 'accountId'>): string {
  return accountTitleOf(report.accounts.find((account) => account.id === finding.accountId), finding.accountId);
}

export function errorAccounts(report: Report): ReportAccount[] {
  return report.accounts.filter((account) => account.status === 'error');
}

/** The YAML key a mismatch is about, for "enabled: expected true, got false". */
const FIELD_OF_KIND: Partial<Record<FindingKind, string>> = Object.fromEntries(CONNECTOR_SETTINGS.map((row) => [row.kind, row.yaml]));

/**
 * One line for a finding shown under (or beside) its account: "field: expected X, got Y" when expected/actual
 * say it all, else the finding's message (messages name no account: the heading or the account column does).
 */
export function shortDescription(finding: Finding): string {
  const field = FIELD_OF_KIND[finding.kind];
  if (field !== undefined && finding.expected !== undefined && finding.actual !== undefined) {
    return `${field}: expected ${finding.expected}, got ${finding.actual}`;
  }
  if (finding.kind === 'unverifiable' && finding.expected !== undefined && finding.actual !== undefined) {
    // CFSSO010 from a Terraform plan says why in its own words ("decided at apply"); from the API, "not reported".
    const by = finding.actual.endsWith(' not reported') ? ' by the API' : '';
    return `${finding.actual}${by} (expected ${finding.expected}); this check could not be made`;
  }
  return finding.message;
}

/** "shard 2/4 holds no accounts …" for a shard the deal left empty (the one wording, the engine's), else undefined. */
export function emptyShardLine(report: Report): string | undefined {
  return report.shard !== undefined && isEmptyShard(report) ? emptyShardNote(report.shard) : undefined;
}

export function locationLabel(location: SourceLocation | undefined): string | undefined {
  return location === undefined ? undefined : `${location.file}:${location.line}`;
}

export const VERDICT_TITLE: Record<ReportStatus, string> = {
  compliant: 'Compliant',
  drift: 'Drift',
  error: 'Could not decide',
};

/**
 * The report's status in words (or that an empty shard holds no accounts): "Drift", "Could not decide", "Compliant",
 * or "Compliant, with 2 warnings and 1 note" (warnings and notes do not make drift, and are never hidden behind a
 * bare "Compliant"). Read from the report's decided fields.
 */
export function verdictHeadline(report: Report): string {
  // A shard the deal left empty checked nothing, so it is not called compliant.
  const empty = emptyShardLine(report);
  if (empty !== undefined) return empty.charAt(0).toUpperCase() + empty.slice(1);
  if (report.status !== 'compliant') return VERDICT_TITLE[report.status];
  const below = severityCounts(report.summary, ['warning', 'note']);
  return below.length === 0 ? VERDICT_TITLE.compliant : `${VERDICT_TITLE.compliant}, with ${below.join(' and ')}`;
}

/** "2 warnings", "1 note": the nonzero unwaived counts of the given severities, in that order. */
export function severityCounts(counts: FindingCounts, severities: readonly Severity[]): string[] {
  return severities.filter((severity) => counts[severity] > 0).map((severity) => plural(counts[severity], severity));
}

/** Whether an unwaived finding of this severity fails the `--fail-on` gate (the POA&M's open items). */
export function failsAt(severity: Finding['severity'], failOn: Report['failOn']): boolean {
  return severityAtLeast(severity, failOn);
}

/** "gate passed (fail-on never), exit 0": the report's gate as its own line, apart from the observed status. */
export function gateSentence(report: Report): string {
  return `gate ${report.gate.result} (fail-on ${report.gate.failOn}), exit ${report.gate.exitCode}`;
}

/** Unwaived findings of a count. */
export function unwaivedCount(counts: FindingCounts): number {
  return counts.error + counts.warning + counts.note;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** "3 findings (2 errors, 1 warning, 0 notes), 1 waived, in 2 accounts": the report's summary (unwaived findings first). */
export function summarySentence(report: Report): string {
  const counts = report.summary;
  return (
    `${plural(unwaivedCount(counts), 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ` +
    `${plural(counts.note, 'note')}), ${counts.waived} waived, in ${plural(report.accounts.length, 'account')}`
  );
}


/**
 * The path of a desired-state file relative to the repository root, with forward slashes, or undefined when
 * the file lies outside the root. Without a repoRoot the path is taken as already relative to it.
 */
export function repoRelativePath(file: string, ctx: Pick<RenderContext, 'repoRoot' | 'cwd'>): string | undefined {
  if (ctx.repoRoot === undefined) {
    if (path.isAbsolute(file)) return undefined;
    const normal = path.posix.normalize(file.split(path.sep).join('/'));
    return normal.startsWith('../') || normal === '..' ? undefined : normal.replace(/^\.\//, '');
  }
  const absolute = path.resolve(ctx.cwd ?? ctx.repoRoot, file);
  const relative = path.relative(ctx.repoRoot, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** The waivers of one state, as the engine judged them. */
export function waiversIn(report: Report, state: WaiverState): ReportWaiver[] {
  return report.waivers.filter((waiver) => waiver.state === state);
}

export const CONNECTOR_VERDICT_TITLE: Record<ConnectorVerdict, string> = {
  compliant: 'compliant',
  drift: 'drift',
  warning: 'warnings only',
  waived: 'waived',
  unverifiable: 'could not check',
  not_checked: 'not checked',
};

/** "12 connectors checked: 9 compliant, 2 drift, 1 waived" (verdicts with none left out, except compliant). */
export function verdictSentence(report: Report): string {
  const counts = report.summary.checks;
  const total = CONNECTOR_VERDICTS.reduce((sum, verdict) => sum + counts[verdict], 0);
  const parts = CONNECTOR_VERDICTS.filter((verdict) => verdict === 'compliant' || counts[verdict] > 0).map(
    (verdict) => `${counts[verdict]} ${CONNECTOR_VERDICT_TITLE[verdict]}`,
  );
  return `${plural(total, 'connector')} considered: ${parts.join(', ')}`;
}

/** "enabled: expected true, got false" for one property check. */
export function propertyCheckText(check: PropertyCheck): string {
  const actual = check.actual ?? (check.result === 'not_checked' ? 'not read' : 'not reported');
  return `${check.property}: expected ${check.expected}, got ${actual}`;
}

/** The observed values of a live connector in one line, or a dash when none was read. */
export function observedText(item: ConnectorCheck): string {
  const observed = item.observed;
  if (observed === undefined) return item.connectorId === undefined ? 'no live connector' : '—';
  const shown = (value: unknown): string => (value === undefined ? 'not reported' : String(value));
  return CONNECTOR_SETTINGS.map((row) => `${row.yaml} ${shown(observedSetting(row, observed))}`).join(', ');
}

/** Every connector check with its account, in report order. */
export function allConnectorChecks(report: Report): Array<{ account: ReportAccount; item: ConnectorCheck }> {
  return report.accounts.flatMap((account) => account.checks.map((item) => ({ account, item })));
}

/** The findings a connector check stands for, sorted: the engine linked them (`findingIndexes`). */
export function findingsOfCheck(report: Report, item: ConnectorCheck): Finding[] {
  return sortedFindings((item.findingIndexes ?? []).flatMap((index) => report.findings[index] ?? []));
}

/**
 * Provenance as label/value pairs, in one order for every format that lists it: how the report was made,
 * from which inputs, judged on which day.
 */
export function provenanceFacts(report: Report): Array<[string, string]> {
  const facts: Array<[string, string]> = [
    ['Tool', `${report.tool.name} ${report.tool.version}`],
    ['Node.js', report.provenance.node],
    ['Command line', commandLineText(report)],
    ['Generated at', report.generatedAt],
    ['As of (waivers judged on)', report.asOf],
    ['Fails on', report.failOn === 'never' ? 'never' : `${report.failOn} and above`],
    ['Desired-state file', report.desiredState.path],
    ['Desired-state SHA-256', report.desiredState.sha256],
  ];
  const plan = report.provenance.terraformPlan;
  if (plan !== undefined) {
    facts.push(
      ['Terraform plan', plan.path],
      ['Terraform plan SHA-256', plan.sha256],
      ['Terraform version', plan.terraformVersion ?? 'not recorded in the plan'],
      ['Plan format version', plan.formatVersion],
      ['Connectors Terraform does not manage', plan.live ? 'read from the API (--live)' : 'not visible in a plan (add --live to read them)'],
    );
  }
  const source = report.source;
  if (source === undefined) facts.push(['Live state from', plan === undefined ? 'not recorded' : 'not read (the Terraform plan only)']);
  else if (source.kind === 'api') facts.push(['Live state from', 'Cloudflare API'], ['API base URL', source.location]);
  else {
    facts.push(
      ['Live state from', 'snapshot file'],
      ['Snapshot', source.location],
      ['Snapshot SHA-256', source.sha256],
      ['Snapshot recorded at', source.recordedAt],
      ['Snapshot recorded from API', source.api],
    );
  }
  for (const shard of report.provenance.shards ?? []) facts.push([`Shard report ${shard.index}/${shard.count}`, `${shard.path} (SHA-256 ${shard.sha256})`]);
  return facts;
}

/** Provenance as machine-readable name/value pairs (JUnit properties, SARIF property bags). */
export function provenanceProperties(report: Report): Array<[string, string]> {
  const props: Array<[string, string]> = [
    ['toolVersion', report.tool.version],
    ['nodeVersion', report.provenance.node],
    ['commandLine', commandLineText(report)],
    ['generatedAt', report.generatedAt],
    ['asOf', report.asOf],
    ['failOn', report.failOn],
    ['desiredState', report.desiredState.path],
    ['desiredStateSha256', report.desiredState.sha256],
  ];
  const plan = report.provenance.terraformPlan;
  if (plan !== undefined) {
    props.push(['terraformPlan', plan.path], ['terraformPlanSha256', plan.sha256], ['terraformPlanFormatVersion', plan.formatVersion], ['terraformPlanLive', String(plan.live)]);
    if (plan.terraformVersion !== undefined) props.push(['terraformVersion', plan.terraformVersion]);
  }
  const source = report.source;
  if (source?.kind === 'api') props.push(['source', 'api'], ['apiBaseUrl', source.location]);
  if (source?.kind === 'snapshot') {
    props.push(['source', 'snapshot'], ['snapshot', source.location], ['snapshotSha256', source.sha256], ['snapshotRecordedAt', source.recordedAt], ['snapshotApi', source.api]);
  }
  // A merged report: which shard files it judged, each by its bytes' SHA-256.
  report.provenance.shards?.forEach((shard, i) => props.push([`mergedShard${i + 1}`, `${shard.index}/${shard.count} sha256:${shard.sha256} ${shard.path}`]));
  return props;
}

/** The command line as one shell-like line (arguments quoted when they need it). */
export function commandLineText(report: Report): string {
  return [report.tool.name, ...report.provenance.commandLine.map(shellWord)].join(' ');
}

/** When and in how many pages an account was read, e.g. "2026-11-28T12:00:00Z, 2 pages". */
export function readText(account: ReportAccount): string {
  if (account.readAt === undefined) return 'not read';
  return account.pages === undefined ? account.readAt : `${account.readAt}, ${plural(account.pages, 'page')}`;
}

/** Characters XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripXmlIllegal(value: string): string {
  return value.replace(XML_ILLEGAL, '');
}

/**
 * Text for HTML/XML element content and double- or single-quoted attributes: the one sanitiser first
 * (control, C1 and bidi characters shown escaped; nothing raw reaches a page or a terminal that prints the file).
 */
export function escapeHtml(value: string): string {
  return stripXmlIllegal(cleanText(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
