import { readFileSync } from 'node:fs';
import type { Report } from '../../types';
import { parseCommandArgs, renderHelp, stringOption, type CommandSpec } from '../args';
import { desiredStatePath, loadDesired } from '../desired';
import { colorEnabled, type Terminal } from '../environment';
import { UsageError } from '../errors';
import { OUTPUT_HELP, OUTPUT_OPTIONS, outputTargets, writeTargets } from '../output';
import { renderContextFor } from './check';
import { validateReportDocument } from '../report-schema';

export const mergeSpec: CommandSpec = {
  name: 'merge',
  summary: 'Combine the JSON reports of sharded checks (`check --shard I/N`) into one report, in any format.',
  usage: 'cf-sso-guard merge [-c FILE] [--format F] [-o PATH] [--report F=PATH]... SHARD.json...',
  options: {
    config: { type: 'string', short: 'c' },
    ...OUTPUT_OPTIONS,
  },
  positionals: true,
  help: `Options:
  -c, --config FILE      the desired-state file the shards checked (orders the result; its SHA-256 must match)
${OUTPUT_HELP}

Exit codes: as for check, from the merged result (0 compliant, 1 drift, 2 could not decide).
Example (a CI matrix of 4 jobs, then one merge job):
  cf-sso-guard check --shard 2/4 --format json -o shard-2.json
  cf-sso-guard merge shard-*.json --report sarif=cf-sso.sarif --report html=cf-sso.html`,
};

function readReport(path: string): Report {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: cannot read a JSON report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const problem = validateReportDocument(doc);
  if (problem) throw new UsageError(`${path}: not a cf-sso-guard JSON report: ${problem}`);
  return doc as Report;
}

/** Pure: the shards' union, ordered as an unsharded run orders it. */
export function mergeReports(shards: Report[], accountOrder: string[]): Report {
  const first = shards[0];
  for (const shard of shards) {
    if (shard.desiredState.sha256 !== first.desiredState.sha256) throw new UsageError('the shards checked different desired-state files (SHA-256 differs)');
    if ((shard.failOn ?? 'error') !== (first.failOn ?? 'error')) throw new UsageError('the shards used different --fail-on levels');
  }
  const rank = new Map(accountOrder.map((id, i) => [id, i]));
  const accounts = shards.flatMap((s) => s.accounts);
  const seen = new Set<string>();
  for (const account of accounts) {
    if (seen.has(account.id)) throw new UsageError(`account ${account.id} appears in more than one shard`);
    seen.add(account.id);
  }
  accounts.sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
  // Each account's findings come whole from one shard, already in the engine's order.
  const positioned = shards.flatMap((s) => s.findings).map((finding, position) => ({ finding, position }));
  positioned.sort(
    (a, b) =>
      (rank.get(a.finding.accountId) ?? Infinity) - (rank.get(b.finding.accountId) ?? Infinity) ||
      a.position - b.position,
  );
  const findings = positioned.map((p) => p.finding);
  const summary = { findings: findings.length, error: 0, warning: 0, note: 0, waived: 0 };
  for (const f of findings) {
    if (f.waived) summary.waived++;
    else summary[f.severity]++;
  }
  const status = shards.some((s) => s.status === 'error') ? 'error' : shards.some((s) => s.status === 'drift') ? 'drift' : 'compliant';
  const generatedAt = shards.map((s) => s.generatedAt).sort().at(-1) ?? first.generatedAt;
  return { ...first, generatedAt, status, accounts, findings, summary };
}

export function runMerge(argv: string[], terminal: Terminal): number {
  const { values, positionals, help } = parseCommandArgs(mergeSpec, argv);
  if (help) {
    process.stdout.write(renderHelp(mergeSpec));
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('merge needs the JSON reports of the shards');
  const desired = loadDesired(desiredStatePath(stringOption(values, 'config'), terminal.env), colorEnabled(terminal, 'stderr'));
  const shards = positionals.map(readReport);
  if (shards[0].desiredState.sha256 !== desired.sha256) {
    throw new UsageError(`the shards checked a different version of ${desired.file} (SHA-256 differs)`);
  }
  const merged = mergeReports(shards, desired.accounts.map((a) => a.id));
  writeTargets(merged, outputTargets(values), (t) => renderContextFor(desired, t.path === undefined && t.format === 'text' && colorEnabled(terminal, 'stdout')));
  return merged.status === 'error' ? 2 : merged.status === 'drift' ? 1 : 0;
}
