// The JSON evidence report (schemaVersion 1): the report as is, keys in the order of schemas/report.schema.json
// so two runs over the same state diff cleanly whatever order the engine built the object in.
import type { Finding, Report } from '../types';
import type { Formatter } from './formatter';
import { escapeJsonText } from './sanitise';

const REPORT_KEYS = ['schemaVersion', 'tool', 'generatedAt', 'status', 'desiredState', 'source', 'failOn', 'asOf', 'shard', 'accounts', 'findings', 'summary'] as const;
const TOOL_KEYS = ['name', 'version'] as const;
const DESIRED_STATE_KEYS = ['path', 'sha256'] as const;
const SOURCE_KEYS = ['kind', 'location'] as const;
const ACCOUNT_KEYS = ['id', 'name', 'status', 'error', 'connectors'] as const;
const FINDING_KEYS = [
  'ruleId', 'kind', 'severity', 'accountId', 'emailDomain', 'connectorId', 'expected', 'actual',
  'message', 'remediation', 'location', 'waived', 'waiver',
] as const;
const LOCATION_KEYS = ['file', 'line', 'column'] as const;
const WAIVER_KEYS = ['reason', 'expires', 'by'] as const;
const SUMMARY_KEYS = ['findings', 'error', 'warning', 'note', 'waived'] as const;

/** A copy with the known keys first, in the given order; keys the schema does not know follow, so nothing is lost. */
function ordered<T extends object>(value: T, keys: readonly string[]): T {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  for (const key of Object.keys(source)) if (!(key in out) && source[key] !== undefined) out[key] = source[key];
  return out as T;
}

function orderedFinding(finding: Finding): Finding {
  const copy = ordered(finding, FINDING_KEYS);
  if (copy.location !== undefined) copy.location = ordered(copy.location, LOCATION_KEYS);
  if (copy.waiver !== undefined) copy.waiver = ordered(copy.waiver, WAIVER_KEYS);
  return copy;
}

export function canonicalReport(report: Report): Report {
  const copy = ordered(report, REPORT_KEYS);
  copy.tool = ordered(report.tool, TOOL_KEYS);
  copy.desiredState = ordered(report.desiredState, DESIRED_STATE_KEYS);
  if (report.source !== undefined) copy.source = ordered(report.source, SOURCE_KEYS);
  if (report.shard !== undefined) copy.shard = ordered(report.shard, ['index', 'count', 'accounts']);
  copy.accounts = report.accounts.map((account) => ordered(account, ACCOUNT_KEYS));
  copy.findings = report.findings.map(orderedFinding);
  copy.summary = ordered(report.summary, SUMMARY_KEYS);
  return copy;
}

export const jsonFormatter: Formatter = {
  name: 'json',
  extension: 'json',
  mediaType: 'application/json',
  // escapeJsonText: the same data, with C1/bidi/U+2028 as \u escapes (JSON.stringify leaves them raw).
  render: (report) => escapeJsonText(JSON.stringify(canonicalReport(report), null, 2)) + '\n',
};
