import { exitCodeFor, mergeReports } from '../../engine';
import { InputFileError, MIB, readBoundedFile } from '../../fs/read-bounded';
import type { Report } from '../../types';
import { accountIdsOption, parseCommandArgs, renderHelp, stringOption, type CommandSpec } from '../args';
import { desiredStatePath, loadDesired } from '../desired';
import { stdoutTextStyle, type Terminal } from '../environment';
import { UsageError } from '../errors';
import { checkOutputPaths, isStdout } from '../output';
import { OUTPUT_HELP, OUTPUT_OPTIONS, outputTargets, writeTargets } from '../report-output';
import { shardOf } from '../shard';

import { renderContextFor } from './check';
import { validateReportDocument } from '../report-schema';
import { redactedCommandLine } from '../provenance';

export const mergeSpec: CommandSpec = {
  name: 'merge',
  summary: 'Combine the JSON reports of sharded checks (`check --shard I/N`) into one report, in any format.',
  usage: 'cf-sso-guard merge [-c FILE] [--account ID]... [--format F] [-o PATH] [--report F=PATH]... SHARD.json...',
  options: {
    config: { type: 'string', short: 'c' },
    account: { type: 'string', multiple: true },
    ...OUTPUT_OPTIONS,
  },
  positionals: true,
  help: `Options:
  -c, --config FILE      the desired-state file the shards checked (its SHA-256 must match)
      --account ID       the shards checked only these accounts (repeatable; as given to check)
${OUTPUT_HELP}

Every account of the file (or of the --account selection) must be in exactly one shard report;
an account that is missing (a shard's report was lost) or in two reports is "could not decide".
Status and exit code are recomputed from the accounts and findings, never read from a report.

Exit codes: as for check, from the merged result (0 compliant, 1 drift, 2 could not decide).
Example (a CI matrix of 4 jobs, then one merge job):
  cf-sso-guard check --shard 2/4 --format json -o shard-2.json
  cf-sso-guard merge shard-*.json --report sarif=cf-sso.sarif --report html=cf-sso.html`,
};

/** Reports from disk are untrusted: a regular file, bounded in size, valid against the report schema. */
export const MAX_REPORT_BYTES = 256 * MIB;

function readReport(path: string): Report {
  let doc: unknown;
  try {
    doc = JSON.parse(readBoundedFile(path, MAX_REPORT_BYTES, 'JSON report'));
  } catch (error) {
    if (error instanceof InputFileError) throw new UsageError(error.message, 'bad_input_file');
    throw new UsageError(`${path}: cannot read a JSON report (${(error as Error).message})`, 'bad_input_file');
  }
  const problem = validateReportDocument(doc);
  if (problem) throw new UsageError(`${path}: not a cf-sso-guard JSON report: ${problem}`, 'bad_input_file');
  return doc as Report;
}

export async function runMerge(argv: string[], terminal: Terminal): Promise<number> {
  const { values, positionals, help } = parseCommandArgs(mergeSpec, argv);
  if (help) {
    process.stdout.write(renderHelp(mergeSpec));
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('merge needs the JSON reports of the shards');
  const targets = outputTargets(values);
  const configPath = desiredStatePath(stringOption(values, 'config'), terminal.env);
  checkOutputPaths(targets, [configPath, ...positionals]);
  const desired = await loadDesired(stringOption(values, 'config'), terminal);
  const requested = accountIdsOption(values);
  const declaredIds = desired.accounts.map((a) => a.id);
  for (const id of requested) {
    if (!declaredIds.includes(id)) throw new UsageError(`--account ${id} is not declared in ${desired.file}`);
  }
  const shards = positionals.map((path) => ({ name: path, report: readReport(path) }));
  const result = mergeReports(
    {
      shards,
      desiredSha256: desired.sha256,
      declared: desired.accounts.map((a) => (a.name === undefined ? { id: a.id } : { id: a.id, name: a.name })),
      required: requested.length > 0 ? declaredIds.filter((id) => requested.includes(id)) : declaredIds,
    },
    shardOf,
  );
  if (!result.ok) throw new UsageError(result.problem);
  // The merged report was made by this command; each shard's own command line stays in its file.
  const merged: Report = { ...result.report, provenance: { ...result.report.provenance, commandLine: redactedCommandLine(['merge', ...argv], terminal.env.CLOUDFLARE_API_TOKEN) } };
  const style = stdoutTextStyle(terminal);
  writeTargets(merged, targets, (t) => (isStdout(t) && t.format === 'text' ? renderContextFor(desired, style.color, style.width) : renderContextFor(desired, false)));
  return exitCodeFor(merged);
}
