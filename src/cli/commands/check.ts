import { evaluate, buildReport, exitCodeFor } from '../../engine';
import { readSnapshotFile, SnapshotError } from '../../cloudflare';
import { ALL_RULES } from '../../rules';
import type { RenderContext } from '../../report';
import type { AccountInventory, DesiredState, Report, Severity } from '../../types';
import { TOOL_VERSION } from '../../version';
import { accountIdsOption, choiceOption, parseCommandArgs, renderHelp, stringOption, type CommandSpec, type ParsedValues } from '../args';
import { loadDesired, desiredStatePath } from '../desired';
import { colorEnabled, inGitHubActions, type Terminal } from '../environment';
import { UsageError } from '../errors';
import { LIVE_HELP, LIVE_OPTIONS, liveReadOptions, readWithProgress } from '../live';
import { appendStepSummary, OUTPUT_HELP, OUTPUT_OPTIONS, outputTargets, renderReport, writeTargets } from '../output';
import { inShard, parseShard } from '../shard';

const FAIL_ON = ['error', 'warning', 'note', 'never'] as const;

export const checkSpec: CommandSpec = {
  name: 'check',
  summary: 'Compare the live SSO connectors with the desired-state file and report drift.',
  usage: 'cf-sso-guard check [-c FILE] [--format F] [-o PATH] [--report F=PATH]... [--fail-on LEVEL] [--snapshot FILE] [--account ID]...',
  options: {
    config: { type: 'string', short: 'c' },
    ...OUTPUT_OPTIONS,
    'fail-on': { type: 'string' },
    snapshot: { type: 'string' },
    account: { type: 'string', multiple: true },
    shard: { type: 'string' },
    'as-of': { type: 'string' },
    'no-annotations': { type: 'boolean' },
    'no-step-summary': { type: 'boolean' },
    ...LIVE_OPTIONS,
  },
  help: `Options:
  -c, --config FILE      desired-state file (default $CF_SSO_GUARD_CONFIG, else sso-connectors.yaml)
${OUTPUT_HELP}
      --fail-on LEVEL    lowest unwaived severity that fails the check: error (default), warning, note, never
      --snapshot FILE    check offline against a snapshot recorded by \`cf-sso-guard snapshot\`
      --account ID       check only this account (repeatable; must be in the file)
      --shard I/N        check a stable 1/N of the accounts (combine shards with \`cf-sso-guard merge\`)
      --as-of DATE       judge waiver expiry as of DATE (YYYY-MM-DD, default today in UTC)
      --no-annotations   in GitHub Actions, do not print ::error annotations
      --no-step-summary  in GitHub Actions, do not append to $GITHUB_STEP_SUMMARY

${LIVE_HELP}

Exit codes:
  0  compliant: nothing unwaived at or above --fail-on
  1  drift: at least one unwaived finding at or above --fail-on
  2  could not decide: bad arguments, invalid desired-state file, missing token,
     or any account not read completely (2 wins over 1)

Examples:
  cf-sso-guard check
  cf-sso-guard check -c prod.yaml --report sarif=cf-sso.sarif --report html=cf-sso.html
  cf-sso-guard check --snapshot evidence/2026-11-28.json --format json -o report.json`,
};

export interface CheckPlan {
  desired: DesiredState;
  accountIds: string[];
  failOn: Severity | 'never';
  today: string;
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function parseAsOf(raw: string | undefined): string {
  if (raw === undefined) return todayUtc();
  const date = new Date(`${raw}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== raw) {
    throw new UsageError(`--as-of must be a date like 2026-11-28, got "${raw}"`);
  }
  return raw;
}

/** Which accounts to check: the file's, narrowed by --account and --shard. */
export function selectAccounts(desired: DesiredState, values: ParsedValues): string[] {
  const declared = desired.accounts.map((a) => a.id);
  const requested = accountIdsOption(values);
  for (const id of requested) {
    if (!declared.includes(id)) throw new UsageError(`--account ${id} is not declared in ${desired.file}`);
  }
  let ids = requested.length > 0 ? declared.filter((id) => requested.includes(id)) : declared;
  const shardRaw = stringOption(values, 'shard');
  if (shardRaw !== undefined) {
    const shard = parseShard(shardRaw);
    ids = ids.filter((id) => inShard(id, shard));
  }
  return ids;
}

export function renderContextFor(desired: DesiredState, color: boolean): RenderContext {
  return { color, rules: ALL_RULES, repoRoot: process.cwd(), cwd: process.cwd(), waivers: desired.waivers, desiredAccounts: desired.accounts };
}

export function assessReport(desired: DesiredState, inventories: AccountInventory[], plan: Omit<CheckPlan, 'desired'>, source: Report['source']): Report {
  const findings = evaluate(desired, inventories, { today: plan.today });
  return buildReport({
    desired,
    inventories,
    findings,
    generatedAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    failOn: plan.failOn,
    ...(source ? { source } : {}),
    accountFilter: plan.accountIds,
  });
}

function inventoriesFromSnapshot(path: string, accountIds: string[]): AccountInventory[] {
  let snapshot;
  try {
    snapshot = readSnapshotFile(path);
  } catch (error) {
    if (error instanceof SnapshotError) throw new UsageError(error.message);
    throw error;
  }
  const byId = new Map(snapshot.accounts.map((a) => [a.accountId, a]));
  return accountIds.map((id) => byId.get(id) ?? {
    accountId: id,
    status: 'error',
    error: `account is not in the snapshot ${path} (recorded ${snapshot.recordedAt})`,
    connectors: [],
    fetchedAt: snapshot.recordedAt,
    pagesFetched: 0,
  });
}

export async function runCheck(argv: string[], terminal: Terminal): Promise<number> {
  const { values, help } = parseCommandArgs(checkSpec, argv);
  if (help) {
    process.stdout.write(renderHelp(checkSpec));
    return 0;
  }
  // Parsed before any work, so a bad flag costs nothing.
  const targets = outputTargets(values);
  const failOn = choiceOption(values, 'fail-on', FAIL_ON, 'error');
  const today = parseAsOf(stringOption(values, 'as-of'));
  const snapshotPath = stringOption(values, 'snapshot');

  const desired = loadDesired(desiredStatePath(stringOption(values, 'config'), terminal.env), colorEnabled(terminal, 'stderr'));
  const accountIds = selectAccounts(desired, values);

  let inventories: AccountInventory[];
  let source: Report['source'];
  if (snapshotPath !== undefined) {
    inventories = inventoriesFromSnapshot(snapshotPath, accountIds);
    source = { kind: 'snapshot', location: snapshotPath };
  } else {
    const live = liveReadOptions(values, terminal.env);
    const labels = new Map(desired.accounts.map((a) => [a.id, a.name ?? a.id]));
    inventories = await readWithProgress(accountIds, live, terminal, labels);
    source = { kind: 'api', location: live.source };
  }

  const report = assessReport(desired, inventories, { accountIds, failOn, today }, source);
  const primary = targets[0];
  const stdoutColor = colorEnabled(terminal, 'stdout');
  writeTargets(report, targets, (t) => renderContextFor(desired, t.path === undefined && t.format === 'text' && stdoutColor));

  if (inGitHubActions(terminal.env)) {
    const stdoutCarriesData = primary.path === undefined && !['text', 'markdown', 'github'].includes(primary.format);
    const alreadyAnnotated = targets.some((t) => t.format === 'github' && t.path === undefined);
    if (values['no-annotations'] !== true && !stdoutCarriesData && !alreadyAnnotated) {
      writeTargets(report, [{ format: 'github' }], () => renderContextFor(desired, false));
    }
    const summaryPath = terminal.env.GITHUB_STEP_SUMMARY;
    if (values['no-step-summary'] !== true && summaryPath) {
      appendStepSummary(summaryPath, renderReport(report, 'markdown', renderContextFor(desired, false)));
    }
  }
  return exitCodeFor(report);
}
