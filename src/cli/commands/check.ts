import { assess, emptyShardNote, isIsoDay, recordedInventories, shardAccounts, utcDay, type AssessInput } from '../../engine';
import type { Shard } from '../shard';
import { readSnapshotFile } from '../../cloudflare';
import { renderReport } from '../../report';
import type { DesiredState, Report, Severity } from '../../core/types';
import { TOOL_VERSION } from '../../core/version';
import { parseCommandArgs, renderHelp, stringOption, type CommandSpec, type ParsedValues } from '../args';
import { desiredStatePath, loadDesired } from '../desired';
import { inGitHubActions, type Terminal } from '../environment';
import { UsageError } from '../errors';
import { LIVE_HELP, LIVE_OPTIONS, liveReadOptions, readWithProgress, refuseLiveOptions } from '../live';
import { annotationsFit, appendStepSummary, checkOutputPaths, isQuiet, type OutputTarget } from '../output';
import { OUTPUT_HELP, OUTPUT_OPTIONS, outputTargets, renderContextFor, writeReport, writeTargets } from '../report-output';
import { failOnOption, selectedAccounts } from '../selection';
import { parseShard } from '../shard';
import { judgeTerraformPlan } from '../../terraform';
import { readTerraformPlanFile } from '../terraform-plan';
import { redactedCommandLine } from '../provenance';
import { publicUrl } from '../../core/redact';

export const checkSpec: CommandSpec = {
  name: 'check',
  summary: 'Compare the live SSO connectors with the desired-state file and report drift.',
  usage: 'cf-sso-guard check [-c FILE] [--format F] [-o PATH] [--report F=PATH]... [--fail-on LEVEL] [--snapshot FILE | --terraform-plan PLAN.json [--live]] [--account ID]...',
  options: {
    config: { type: 'string', short: 'c' },
    ...OUTPUT_OPTIONS,
    'fail-on': { type: 'string' },
    snapshot: { type: 'string' },
    'terraform-plan': { type: 'string' },
    live: { type: 'boolean' },
    account: { type: 'string', multiple: true },
    shard: { type: 'string' },
    'as-of': { type: 'string' },
    'no-annotations': { type: 'boolean' },
    'no-step-summary': { type: 'boolean' },
    ...LIVE_OPTIONS,
  },
  help: `Options:
  -c, --config FILE      desired-state file (default $CF_SSO_GUARD_CONFIG, else sso-connectors.yaml or
                         sso-connectors.yml); - reads it from standard input
${OUTPUT_HELP}
      --fail-on LEVEL    lowest unwaived severity that fails the check: error (default), warning, note, never
      --snapshot FILE    check offline against a snapshot recorded by \`cf-sso-guard snapshot\`
      --terraform-plan PLAN.json
                         judge the end state of a Terraform or OpenTofu plan (\`terraform show -json PLAN\`)
                         instead of the live state; only its cloudflare_sso_connector resources are read
      --live             with --terraform-plan: also read the live API (connectors Terraform does not
                         manage, duplicates, verification status, values the plan leaves alone)
      --account ID|NAME  check only this account, by id or by its name in the file (repeatable)
      --shard I/N        check shard I of N: the accounts dealt round-robin in id order, sizes within one of each
                         other; a shard left empty exits 0 (combine the shards' JSON with \`cf-sso-guard merge\`)
      --as-of DATE       judge waiver expiry as of DATE (YYYY-MM-DD, default today in UTC); not before
                         the data's own day (today for a live read, the snapshot's recording day)
      --no-annotations   in GitHub Actions, do not print ::error annotations
      --no-step-summary  in GitHub Actions, do not append to $GITHUB_STEP_SUMMARY

${LIVE_HELP}

Exit codes (the gate; the report's status says what was observed, whatever --fail-on says):
  0  gate passed: nothing unwaived at or above --fail-on (with --fail-on never,
     drift still exits 0 and the report still says drift)
  1  gate failed: at least one unwaived finding at or above --fail-on
  2  could not decide: bad arguments, invalid desired-state file, missing token,
     or any account not read completely (2 wins over 1, at any --fail-on)

Examples:
  cf-sso-guard check
  cf-sso-guard check -c prod.yaml --report sarif=cf-sso.sarif --report html=cf-sso.html
  cf-sso-guard check --snapshot evidence/2026-11-28.json --format json -o report.json
  terraform show -json plan.out > plan.json && cf-sso-guard check --terraform-plan plan.json --report sarif=cf-sso.sarif`,
};

/** Dates outside this range are typos, not judgements (`0000-01-01`, `9999-12-31`). */
const AS_OF_RANGE = { min: '2000-01-01', max: '2999-12-31' };

/** `--as-of DATE`: a real calendar day, in a sane range. Whether it may lie in the past is decided against the data. */
export function parseAsOf(raw: string | undefined, today: string): string {
  if (raw === undefined) return today;
  if (!isIsoDay(raw)) {
    throw new UsageError(`--as-of must be a date like 2026-11-28, got "${raw}"`);
  }
  if (raw < AS_OF_RANGE.min || raw > AS_OF_RANGE.max) {
    throw new UsageError(`--as-of ${raw} is outside ${AS_OF_RANGE.min}..${AS_OF_RANGE.max}`);
  }
  return raw;
}

/**
 * Judging waivers as of a day before the data was read would revive expired waivers (a back-dated
 * pass), so it is refused: a live read's data is from today, a snapshot's from the day it was recorded.
 */
export function refuseBackdating(asOf: string, dataDay: string, what: string): void {
  if (asOf < dataDay) {
    throw new UsageError(`--as-of ${asOf} is before ${what} (${dataDay}); judging waivers as of an earlier day would revive expired ones`);
  }
}

/** Which accounts to check: the file's, narrowed by --account (ids or names), then this shard's deal. */
export function selectAccounts(desired: DesiredState, values: ParsedValues): string[] {
  const ids = selectedAccounts(desired, values);
  const shard = shardOption(values);
  return shard === undefined ? ids : shardAccounts(ids, shard);
}

/** What the progress lines call each account: its name from the file, else its id. */
function progressLabels(desired: DesiredState): Map<string, string> {
  return new Map(desired.accounts.map((a) => [a.id, a.name ?? a.id]));
}

function shardOption(values: ParsedValues): Shard | undefined {
  const raw = stringOption(values, 'shard');
  return raw === undefined ? undefined : parseShard(raw);
}

/** What a check judges, read by the command (the I/O) and handed to the engine's assess. */
type Observed = Pick<AssessInput, 'inventories' | 'evaluation' | 'source' | 'provenance'>;

interface CheckRun {
  values: ParsedValues;
  argv: string[];
  terminal: Terminal;
  targets: OutputTarget[];
  failOn: Severity | 'never';
  today: string;
  runDay: string;
  now: Date;
}

export async function runCheck(argv: string[], terminal: Terminal): Promise<number> {
  const { values, help } = parseCommandArgs(checkSpec, argv);
  if (help) {
    process.stdout.write(renderHelp(checkSpec));
    return 0;
  }
  // Parsed before any work, so a bad flag costs nothing.
  const targets = outputTargets(values);
  const failOn = failOnOption(values);
  const now = new Date();
  const runDay = utcDay(now);
  const today = parseAsOf(stringOption(values, 'as-of'), runDay);
  const snapshotPath = stringOption(values, 'snapshot');
  const planPath = stringOption(values, 'terraform-plan');
  const shard = shardOption(values);
  const configPath = desiredStatePath(stringOption(values, 'config'), terminal.env);
  if (snapshotPath !== undefined) refuseLiveOptions(values);
  if (snapshotPath !== undefined && planPath !== undefined) throw new UsageError('--terraform-plan and --snapshot cannot be combined: a plan is judged on its own, or with the live API (--live)');
  if (planPath !== undefined && shard !== undefined) throw new UsageError('--shard splits the accounts of live reads; a Terraform plan is checked in one run');
  if (values.live === true && planPath === undefined) throw new UsageError('--live applies to --terraform-plan (a check without a plan reads the live API anyway)');
  checkOutputPaths(targets, [configPath, ...(snapshotPath === undefined ? [] : [snapshotPath]), ...(planPath === undefined ? [] : [planPath])]);
  const run: CheckRun = { values, argv, terminal, targets, failOn, today, runDay, now };
  if (planPath !== undefined) return runPlanCheck(planPath, run);

  const desired = await loadDesired(stringOption(values, 'config'), terminal);
  const accountIds = selectAccounts(desired, values);
  if (shard !== undefined && accountIds.length === 0 && !isQuiet(values)) process.stderr.write(`cf-sso-guard: ${emptyShardNote(shard)}\n`);
  const observed = snapshotPath !== undefined ? observeSnapshot(snapshotPath, accountIds, today) : await observeLive(desired, accountIds, run);
  return assessAndDeliver(desired, accountIds, observed, run, shard);
}

/** `--snapshot`: the recorded inventories of the checked accounts. */
function observeSnapshot(path: string, accountIds: string[], today: string): Observed {
  // A file that cannot be read or is not a snapshot is a usage error (exit 2) that names it.
  const snapshot = readSnapshotFile(path);
  refuseBackdating(today, snapshot.recordedAt.slice(0, 10), `the snapshot was recorded`);
  const missing = { error: `account is not in the snapshot ${path} (recorded ${snapshot.recordedAt})`, fetchedAt: snapshot.recordedAt };
  return {
    inventories: recordedInventories(snapshot.accounts, accountIds, missing),
    source: { kind: 'snapshot', location: path, sha256: snapshot.sha256, recordedAt: snapshot.recordedAt, api: publicUrl(snapshot.source) },
  };
}

/** A live read of the checked accounts. */
async function observeLive(desired: DesiredState, accountIds: string[], run: CheckRun): Promise<Observed> {
  const live = liveReadOptions(run.values, run.terminal.env, 'check offline with --snapshot FILE');
  refuseBackdating(run.today, run.runDay, 'today, the day the live state is read');
  const inventories = await readWithProgress(accountIds, live, run.terminal, progressLabels(desired));
  return { inventories, source: { kind: 'api', location: live.source } };
}

/** `--terraform-plan`: the plan's end state (and with --live, what the API shows besides) judged by the same engine. */
async function runPlanCheck(planPath: string, run: CheckRun): Promise<number> {
  const { values, terminal, today, runDay, now } = run;
  const live = values.live === true ? liveReadOptions(values, terminal.env) : undefined;
  if (live === undefined) refuseLiveOptions(values, '--terraform-plan without --live');
  const { view, sha256 } = readTerraformPlanFile(planPath);
  const desired = await loadDesired(stringOption(values, 'config'), terminal);
  const accountIds = selectAccounts(desired, values);
  refuseBackdating(today, runDay, 'today, the day the plan is judged');
  const liveInventories = live === undefined ? undefined : await readWithProgress(accountIds, live, terminal, progressLabels(desired));
  const readAt = view.timestamp !== undefined && !Number.isNaN(Date.parse(view.timestamp)) ? new Date(view.timestamp).toISOString() : now.toISOString();
  const judged = judgeTerraformPlan(desired, view, { accountIds, today, readAt, ...(liveInventories ? { live: liveInventories } : {}) });
  const terraformPlan = {
    path: planPath,
    sha256,
    formatVersion: view.formatVersion,
    ...(view.terraformVersion !== undefined ? { terraformVersion: view.terraformVersion } : {}),
    live: live !== undefined,
  };
  return assessAndDeliver(desired, accountIds, {
    inventories: judged.inventories,
    evaluation: judged,
    ...(live === undefined ? {} : { source: { kind: 'api', location: live.source } }),
    provenance: { terraformPlan },
  }, run);
}

function assessAndDeliver(desired: DesiredState, accountIds: string[], observed: Observed, run: CheckRun, shard?: Shard): number {
  const report = assess({
    desired,
    accountIds,
    ...observed,
    asOf: run.today,
    generatedAt: run.now.toISOString(),
    failOn: run.failOn,
    toolVersion: TOOL_VERSION,
    runtime: { node: process.version, commandLine: redactedCommandLine(['check', ...run.argv], run.terminal.env.CLOUDFLARE_API_TOKEN) },
    ...(shard ? { shard } : {}),
  });
  return deliver(report, run);
}

function deliver(report: Report, run: CheckRun): number {
  const { values, targets, terminal } = run;
  writeReport(report, targets, terminal);

  if (inGitHubActions(terminal.env)) {
    if (values['no-annotations'] !== true && !isQuiet(values) && annotationsFit(targets)) {
      writeTargets(report, [{ format: 'github' }], () => renderContextFor(false));
    }
    const summaryPath = terminal.env.GITHUB_STEP_SUMMARY;
    if (values['no-step-summary'] !== true && summaryPath) {
      appendStepSummary(summaryPath, renderReport('markdown', report, renderContextFor(false)));
    }
  }
  return report.gate.exitCode;
}
