// The JSON evidence report (schemaVersion 2): the report as is, keys in the order of schemas/report.schema.json
// so two runs over the same state diff cleanly whatever order the engine built the object in.
import type { Finding, Report } from '../core/types';
import type { Formatter } from './formatter';
import { escapeJsonText } from '../core/text';
import { BOOLEAN_SETTINGS } from '../core/settings';

const REPORT_KEYS = ['schemaVersion', 'tool', 'generatedAt', 'status', 'undecided', 'desiredState', 'source', 'failOn', 'gate', 'asOf', 'shard', 'provenance', 'accounts', 'findings', 'waivers', 'summary', 'observations'] as const;
const TOOL_KEYS = ['name', 'version'] as const;
const DESIRED_STATE_KEYS = ['path', 'sha256'] as const;
const SOURCE_KEYS = ['kind', 'location', 'sha256', 'recordedAt', 'api'] as const;
const PROVENANCE_KEYS = ['node', 'commandLine', 'shards'] as const;
const SHARD_PROVENANCE_KEYS = ['path', 'sha256', 'index', 'count'] as const;
const OBSERVED_ACCOUNT_KEYS = ['accountId', 'status', 'error', 'fetchedAt', 'pagesFetched', 'connectors'] as const;
const OBSERVED_CONNECTOR_KEYS = ['accountId', 'id', 'emailDomain', ...BOOLEAN_SETTINGS.map((row) => row.key), 'verification', 'createdOn', 'updatedOn'];
const ACCOUNT_KEYS = ['id', 'name', 'status', 'error', 'verdict', 'summary', 'connectors', 'readAt', 'pages', 'checks'] as const;
const CHECK_ITEM_KEYS = ['emailDomain', 'connectorId', 'declared', 'location', 'observed', 'checks', 'verdict', 'findingIndexes'] as const;
const PROPERTY_CHECK_KEYS = ['property', 'ruleId', 'expected', 'actual', 'result'] as const;
const REPORT_WAIVER_KEYS = ['accountId', 'emailDomain', 'kind', 'reason', 'approvedBy', 'approvedOn', 'expires', 'state', 'covers', 'location'] as const;
const FINDING_KEYS = [
  'ruleId', 'kind', 'severity', 'accountId', 'emailDomain', 'connectorId', 'expected', 'actual', 'messageId',
  'message', 'remediation', 'location', 'waived', 'waiver',
] as const;
const LOCATION_KEYS = ['file', 'line', 'column'] as const;
const WAIVER_KEYS = ['reason', 'expires', 'by'] as const;
const GATE_KEYS = ['failOn', 'exitCode', 'result'] as const;
const SUMMARY_KEYS = ['findings', 'error', 'warning', 'note', 'waived', 'checks'] as const;
const VERDICT_KEYS = ['compliant', 'drift', 'warning', 'waived', 'unverifiable', 'not_checked'] as const;

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
  // The decided fields as the engine decided them (a report from disk is decided again by its loader).
  const copy = ordered(report, REPORT_KEYS);
  copy.tool = ordered(report.tool, TOOL_KEYS);
  copy.desiredState = ordered(report.desiredState, DESIRED_STATE_KEYS);
  if (report.source !== undefined) copy.source = ordered(report.source, SOURCE_KEYS);
  if (report.shard !== undefined) copy.shard = ordered(report.shard, ['index', 'count', 'accounts']);
  copy.gate = ordered(report.gate, GATE_KEYS);
  copy.provenance = ordered(report.provenance, PROVENANCE_KEYS);
  if (report.provenance.shards !== undefined) copy.provenance.shards = report.provenance.shards.map((shard) => ordered(shard, SHARD_PROVENANCE_KEYS));
  copy.accounts = report.accounts.map((account) => {
    const accountCopy = ordered(account, ACCOUNT_KEYS);
    accountCopy.summary = ordered(account.summary, SUMMARY_KEYS);
    accountCopy.checks = account.checks.map((item) => {
      const itemCopy = ordered(item, CHECK_ITEM_KEYS);
      if (itemCopy.location !== undefined) itemCopy.location = ordered(itemCopy.location, LOCATION_KEYS);
      itemCopy.checks = item.checks.map((check) => ordered(check, PROPERTY_CHECK_KEYS));
      return itemCopy;
    });
    return accountCopy;
  });
  copy.findings = report.findings.map(orderedFinding);
  copy.waivers = report.waivers.map((waiver) => {
    const waiverCopy = ordered(waiver, REPORT_WAIVER_KEYS);
    waiverCopy.location = ordered(waiver.location, LOCATION_KEYS);
    return waiverCopy;
  });
  copy.summary = ordered(report.summary, SUMMARY_KEYS);
  copy.summary.checks = ordered(report.summary.checks, VERDICT_KEYS);
  if (report.observations !== undefined) {
    copy.observations = {
      source: ordered(report.observations.source, SOURCE_KEYS),
      accounts: report.observations.accounts.map((account) => ({
        ...ordered(account, OBSERVED_ACCOUNT_KEYS),
        connectors: account.connectors.map((connector) => ordered(connector, OBSERVED_CONNECTOR_KEYS)),
      })),
    };
  }
  return copy;
}

export const jsonFormatter: Formatter = {
  name: 'json',
  extension: 'json',
  mediaType: 'application/json',
  // escapeJsonText: the same data, with C1/bidi/U+2028 as \u escapes (JSON.stringify leaves them raw).
  render: (report) => escapeJsonText(JSON.stringify(canonicalReport(report), null, 2)) + '\n',
};
