// SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer). Valid against the OASIS schema.
//
// Choices worth knowing:
// - Every result has a location (GitHub requires one): the finding's place in the desired-state file, or the
//   file's first line when the finding has none (e.g. an undeclared live connector).
// - partialFingerprints.primaryLocationLineHash hashes rule + account + normalised domain + property, not the
//   line or the message, so an alert survives edits that move the YAML around, re-ordering and rewording;
//   a repeat within the run gets `:2`, `:3`… so no two results are taken for one alert.
// - GitHub code scanning keeps 5,000 results per run: at most MAX_SARIF_RESULTS, highest severity first; the
//   number left out is in the run's properties and in a notification. One run per file, its category in
//   automationDetails.id (code scanning rejects two runs of one category in one upload).
// - Waived findings are results with an accepted external suppression (the waiver's reason as justification).
// - Accounts that could not be read make the invocation unsuccessful, with one notification per account.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Report, Severity } from '../core/types';
import type { Formatter, RenderContext, RuleInfo } from './formatter';
import { escapeJsonText, escapeLoneSurrogates } from '../core/text';
import { accountTitleOf, commandLineText, findingAccountTitle, errorAccounts, provenanceProperties, repoRelativePath, sortedFindings } from './shared';
import { sha256Hex } from '../core/digest';
import { propertyOfKind } from '../rules';

export const TOOL_INFORMATION_URI = 'https://cf-sso-guard.dev/';
const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

/** GitHub maps security-severity > 7 to high, 4–7 medium, < 4 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', note: '2.0' };

interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

function pascalCase(kind: string): string {
  return kind.split('_').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

/** Percent-encode each path segment so the URI is a valid uri-reference (spaces, '#', '?' …). */
function encodePath(relative: string): string {
  return escapeLoneSurrogates(relative).split('/').map(encodeURIComponent).join('/');
}

export function artifactLocation(file: string, ctx: RenderContext): SarifArtifactLocation {
  const relative = repoRelativePath(file, ctx);
  if (relative !== undefined) return { uri: encodePath(relative), uriBaseId: SRCROOT };
  // Outside the repository (or an absolute path without a known root): an absolute file URI.
  const base = ctx.cwd ?? ctx.repoRoot;
  return { uri: pathToFileURL(base === undefined ? file : path.resolve(base, file)).href };
}

/** Results GitHub code scanning keeps of one run (it rejects a run of more than 25,000). */
export const MAX_SARIF_RESULTS = 5000;

/** The same on every run for the same problem: rule, account, normalised domain and the property it is about. */
export function fingerprint(finding: Pick<Finding, 'ruleId' | 'accountId' | 'emailDomain' | 'kind'>): string {
  const domain = finding.emailDomain.trim().toLowerCase().replace(/\.+$/, '');
  const property = propertyOfKind(finding.kind) ?? finding.kind;
  return sha256Hex([finding.ruleId, finding.accountId.toLowerCase(), domain, property].join('\u0000')).slice(0, 32);
}

/**
 * The code-scanning category of this run: one for a Terraform plan's end state, one per shard (each shard's
 * upload replaces only its own alerts), one for a merged report (made by `merge`), else the tool's. The trailing slash makes the whole id the category.
 */
export function sarifCategory(report: Report): string {
  // A planned end state is not the live state: its upload must not close a live check's alerts.
  if (report.provenance.terraformPlan !== undefined) return 'cf-sso-guard/terraform-plan/';
  if (report.shard !== undefined) return `cf-sso-guard/shard-${report.shard.index}-of-${report.shard.count}/`;
  if (report.provenance.commandLine[0] === 'merge') return 'cf-sso-guard/merged/';
  return 'cf-sso-guard/';
}

function ruleDescriptor(rule: RuleInfo) {
  return {
    id: rule.id,
    name: pascalCase(rule.kind),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: rule.remediation, markdown: rule.helpMarkdown },
    defaultConfiguration: { level: rule.defaultSeverity },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.defaultSeverity],
      precision: 'very-high',
      tags: ['security', 'compliance', 'cloudflare', 'sso', rule.kind],
    },
  };
}

/** Rules from ctx, sorted by id, plus a minimal descriptor for any rule a finding names that ctx lacks. */
function ruleList(report: Report, ctx: RenderContext): RuleInfo[] {
  const rules = new Map(ctx.rules.map((rule) => [rule.id, rule]));
  for (const finding of report.findings) {
    if (!rules.has(finding.ruleId)) {
      rules.set(finding.ruleId, {
        id: finding.ruleId,
        kind: finding.kind,
        title: finding.kind.replace(/_/g, ' '),
        defaultSeverity: finding.severity,
        rationale: finding.kind.replace(/_/g, ' '),
        remediation: finding.remediation ?? '',
        helpMarkdown: finding.remediation ?? '',
        controls: [],
      });
    }
  }
  return [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A result stands alone in code scanning: its account first, then the rule's message and the remediation. */
function resultMessage(report: Report, finding: Finding): string {
  const parts = [`${findingAccountTitle(report, finding)}: ${finding.message}`];
  if (finding.remediation !== undefined && finding.remediation !== '') parts.push(`Remediation: ${finding.remediation}`);
  return parts.join('\n');
}

function renderSarif(report: Report, ctx: RenderContext): string {
  const rules = ruleList(report, ctx);
  const indexOf = new Map(rules.map((rule, index) => [rule.id, index]));
  const failedAccounts = errorAccounts(report);

  const ordered = sortedFindings(report.findings);
  const kept = ordered.slice(0, MAX_SARIF_RESULTS);
  const omitted = ordered.length - kept.length;
  // Code scanning takes results with one fingerprint for one alert: a repeat (e.g. two settings of one
  // connector that could not be checked) gets its occurrence appended, as CodeQL's own fingerprints do.
  const occurrences = new Map<string, number>();
  const uniqueFingerprint = (finding: Finding): string => {
    const hash = fingerprint(finding);
    const seen = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, seen);
    return seen === 1 ? hash : `${hash}:${seen}`;
  };
  const results = kept.map((finding) => {
    const location = finding.location ?? { file: report.desiredState.path, line: 1, column: 1 };
    const properties: Record<string, string> = { kind: finding.kind, accountId: finding.accountId, emailDomain: finding.emailDomain };
    if (finding.connectorId !== undefined) properties.connectorId = finding.connectorId;
    if (finding.expected !== undefined) properties.expected = finding.expected;
    if (finding.actual !== undefined) properties.actual = finding.actual;
    return {
      ruleId: finding.ruleId,
      ruleIndex: indexOf.get(finding.ruleId) ?? 0,
      level: finding.severity,
      message: { text: resultMessage(report, finding) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(location.file, ctx),
            region: { startLine: Math.max(1, location.line), startColumn: Math.max(1, location.column) },
          },
          logicalLocations: [{ name: finding.emailDomain, fullyQualifiedName: `${finding.accountId}/${finding.emailDomain}`, kind: 'resource' }],
        },
      ],
      partialFingerprints: { primaryLocationLineHash: uniqueFingerprint(finding) },
      ...(finding.waived
        ? { suppressions: [{ kind: 'external', status: 'accepted', justification: waiverJustification(finding) }] }
        : {}),
      properties,
    };
  });

  const run = {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        semanticVersion: report.tool.version,
        informationUri: TOOL_INFORMATION_URI,
        rules: rules.map(ruleDescriptor),
      },
    },
    automationDetails: { id: sarifCategory(report) },
    ...(ctx.repoRoot !== undefined ? { originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(ctx.repoRoot) } } } : {}),
    invocations: [
      {
        executionSuccessful: report.status !== 'error',
        commandLine: commandLineText(report),
        arguments: report.provenance.commandLine,
        endTimeUtc: report.generatedAt,
        toolExecutionNotifications: [
          ...failedAccounts.map((account) => ({
            level: 'error',
            descriptor: { id: 'account-read-failed' },
            message: { text: `${accountTitleOf(account, account.id)} could not be read completely: ${account.error ?? 'unknown error'}. No result for this account can be trusted.` },
            properties: { accountId: account.id },
          })),
          ...(omitted === 0 ? [] : [omittedNotification(ordered, omitted)]),
        ],
        // Provenance: how, from what and as of when this run was made; per account when it was read.
        properties: {
          ...Object.fromEntries(provenanceProperties(report)),
          accounts: report.accounts.map((account) => ({ id: account.id, status: account.status, readAt: account.readAt ?? null, pages: account.pages ?? null })),
        },
      },
    ],
    columnKind: 'unicodeCodePoints',
    results,
    properties: {
      // The observed status, and apart from it the gate `--fail-on` made of it (exit code, passed/failed).
      status: report.status,
      gate: report.gate,
      ...(report.asOf !== undefined ? { asOf: report.asOf } : {}),
      desiredStateSha256: report.desiredState.sha256,
      connectorChecks: report.summary.checks,
      resultsTotal: ordered.length,
      resultsOmitted: omitted,
      ...(report.source !== undefined ? { source: `${report.source.kind}: ${report.source.location}` } : {}),
    },
  };
  return escapeJsonText(JSON.stringify({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] }, null, 2)) + '\n';
}

/** Says how many results were left out, of which severities, and where they all are. */
function omittedNotification(ordered: readonly Finding[], omitted: number) {
  const left = ordered.slice(ordered.length - omitted);
  const bySeverity = (['error', 'warning', 'note'] as const).map((severity) => [severity, left.filter((finding) => finding.severity === severity).length] as const);
  return {
    level: 'warning',
    descriptor: { id: 'results-omitted' },
    message: {
      text:
        `${omitted} of ${ordered.length} results left out (${bySeverity.map(([severity, count]) => `${count} ${severity}`).join(', ')}): code scanning keeps ` +
        `${MAX_SARIF_RESULTS} per run, highest severity first. The full report (--format json, html or csv) lists them all.`,
    },
    properties: { resultsOmitted: omitted, resultsTotal: ordered.length },
  };
}

function waiverJustification(finding: Finding): string {
  const waiver = finding.waiver;
  if (waiver === undefined) return 'Waived in the desired-state file.';
  return `${waiver.reason} (waiver until ${waiver.expires}${waiver.by === undefined ? '' : `, approved by ${waiver.by}`})`;
}

export function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

export const sarifFormatter: Formatter = {
  name: 'sarif',
  extension: 'sarif',
  mediaType: 'application/sarif+json',
  render: renderSarif,
};
