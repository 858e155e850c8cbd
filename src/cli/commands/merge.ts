import { mergeShards, utcDay, type MergeShard } from '../../engine';
import { parseRecordedAccounts } from '../../cloudflare';
import { TOOL_VERSION } from '../../core/version';
import { parseCommandArgs, renderHelp, stringOption, type CommandSpec } from '../args';
import { desiredStatePath, loadDesired } from '../desired';
import type { Terminal } from '../environment';
import { UsageError } from '../errors';
import { checkOutputPaths } from '../output';
import { OUTPUT_HELP, OUTPUT_OPTIONS, outputTargets, writeReport } from '../report-output';
import { failOnOption, selectedAccounts } from '../selection';
import { loadReportFile } from '../report-schema';
import { redactedCommandLine } from '../provenance';

export const mergeSpec: CommandSpec = {
  name: 'merge',
  summary: 'Judge the JSON reports of sharded checks (`check --shard I/N`) again, as one report, in any format.',
  usage: 'cf-sso-guard merge [-c FILE] [--account ID|NAME]... [--fail-on LEVEL] [--format F] [-o PATH] [--report F=PATH]... SHARD.json...',
  options: {
    config: { type: 'string', short: 'c' },
    account: { type: 'string', multiple: true },
    'fail-on': { type: 'string' },
    ...OUTPUT_OPTIONS,
  },
  positionals: true,
  help: `Options:
  -c, --config FILE      the desired-state file the shards checked (its SHA-256 must match)
      --account ID|NAME  the shards checked only these accounts, by id or name (repeatable; as given to check)
      --fail-on LEVEL    lowest unwaived severity that fails the merge: error (default), warning, note, never
${OUTPUT_HELP}

A shard report is not trusted: merge reads from it only what the shard observed (each account's
connectors as read, or the read error) and its I/N, and runs the checks again against the
desired-state file, with waivers judged as of today. The findings, waivers, severities and
status a shard wrote are never read; each shard's SHA-256 is in the merged report's provenance.
The accounts are dealt again: an account in another shard's report, an index outside 1..N, or
shards of different N is exit 2. Every account of the file (or of the --account selection) must
be in exactly one report; one that is missing (a shard's report was lost) or in two reports is
"could not decide".

Exit codes: as for check, from the merged result (0 compliant, 1 drift, 2 could not decide).
Example (a CI matrix of 4 jobs that do not gate, then one merge job that does):
  cf-sso-guard check --shard 2/4 --fail-on never --format json -o shard-2.json
  cf-sso-guard merge shard-*.json --report sarif=cf-sso.sarif --report html=cf-sso.html`,
};

function badShard(path: string, what: string): never {
  throw new UsageError(`${path}: not a cf-sso-guard shard report: ${what}`, 'bad_input_file');
}

/** One shard report (the one loader: bounded, validated, decided again), and its observations validated as any recorded inventory is. */
function readShard(path: string): MergeShard {
  const loaded = loadReportFile(path);
  if (!loaded.ok && loaded.unreadable === true) throw new UsageError(`${path}: ${loaded.problem}`, 'bad_input_file');
  if (!loaded.ok) badShard(path, loaded.problem);
  const { report } = loaded;
  const shard: MergeShard = { name: path, sha256: loaded.sha256, desiredSha256: report.desiredState.sha256 };
  if (report.shard !== undefined) shard.shard = report.shard;
  if (report.observations !== undefined) {
    const { source, accounts } = report.observations;
    const fallback = source.kind === 'snapshot' ? source.recordedAt : report.generatedAt;
    shard.observations = { source, accounts: parseRecordedAccounts(accounts, '/observations/accounts', fallback, (what) => badShard(path, what)) };
  }
  return shard;
}

export async function runMerge(argv: string[], terminal: Terminal): Promise<number> {
  const { values, positionals, help } = parseCommandArgs(mergeSpec, argv);
  if (help) {
    process.stdout.write(renderHelp(mergeSpec));
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('merge needs the JSON reports of the shards');
  const targets = outputTargets(values);
  const failOn = failOnOption(values);
  const now = new Date();
  const configPath = desiredStatePath(stringOption(values, 'config'), terminal.env);
  checkOutputPaths(targets, [configPath, ...positionals]);
  const desired = await loadDesired(stringOption(values, 'config'), terminal);
  const required = selectedAccounts(desired, values);
  const shards = positionals.map(readShard);
  const result = mergeShards({
    shards,
    desired,
    required,
    asOf: utcDay(now),
    generatedAt: now.toISOString(),
    failOn,
    toolVersion: TOOL_VERSION,
    runtime: { node: process.version, commandLine: redactedCommandLine(['merge', ...argv], terminal.env.CLOUDFLARE_API_TOKEN) },
  });
  if (!result.ok) throw new UsageError(result.problem, 'bad_input_file');
  const merged = result.report;
  writeReport(merged, targets, terminal);
  return merged.gate.exitCode;
}
