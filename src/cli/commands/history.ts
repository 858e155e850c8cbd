// `cf-sso-guard history REPORT.json...`: "were we compliant all quarter?" from JSON reports (schemaVersion 2) in
// any order: one verdict for the period, counted in UTC days, per account and per connector, and a timeline of
// drift. Every input is checked before anything is written: one clear error per bad file, exit 2, no output
// file touched.
import { buildHistory, checkPeriod, HISTORY_FORMATS, HISTORY_FORMATTERS, HistoryRangeError, MAX_HISTORY_DAYS, type HistoryInput } from '../../history';
import { isIsoDay } from '../../engine';
import type { Report } from '../../core/types';
import { choiceOption, parseCommandArgs, renderHelp, stringOption, type CommandSpec, type ParsedValues } from '../args';
import type { Terminal } from '../environment';
import { UsageError } from '../errors';
import { writeOutput } from '../output';
import { loadReportFile } from '../report-schema';

export const historySpec: CommandSpec = {
  name: 'history',
  summary: 'Were we compliant all quarter? One verdict per UTC day, per account and connector, from JSON reports.',
  usage: 'cf-sso-guard history [--from DAY] [--to DAY] [--format F] [-o PATH] REPORT.json...',
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
  },
  positionals: true,
  help: `Options:
      --from DAY     first UTC day of the period (YYYY-MM-DD); default the first day a report read
      --to DAY       last UTC day of the period; default the last day a report read
  -f, --format F     text (default), markdown, json, html (one page with an inline SVG chart, no scripts)
  -o, --output PATH  write to PATH (atomically) instead of stdout

Reads JSON reports of \`cf-sso-guard check --format json\` (schemaVersion 2), in any order. The first
line is the verdict for the period: "Compliant on all 92 days" or "Not shown compliant: drift on 3 of
92 days, no evidence on 2 days (...)".
- The unit is the UTC day. A run is filed under the day its data was read (a snapshot's recording time
  for \`check --snapshot\`, so checking old snapshots fills in their days); a day takes the worst state
  of its runs (drift, then could not decide, then compliant); ten runs on a day are that one day.
- What a run observed counts, never its gate: drift under \`--fail-on never\` is still drift.
- Gaps are never compliant: a day with no report, and a run that could not decide (an account not read,
  a check not made).
- A drift is first seen at the first run that found it, resolved at the first later run that read its
  account and found it fixed (or gone); days open count from the one day to the other.
- Reports of different desired-state files (by path) are shown as separate series; an edited file
  (same path, new SHA-256) continues its series.
- A shard report (\`check --shard I/N\`) holds only its own accounts: give history the merged report.
- The period is at most ${MAX_HISTORY_DAYS.toLocaleString('en-US')} days.

Exit codes: 0 written (whatever the verdict); 2 any input is not a usable report (each bad file is named;
nothing is written), or the period is longer than ${MAX_HISTORY_DAYS.toLocaleString('en-US')} days.

Example:
  cf-sso-guard history evidence/*.json --from 2026-10-01 --to 2026-12-31 --format html -o history.html`,
};

/** A --from or --to day, checked. */
function dayOption(values: ParsedValues, name: 'from' | 'to'): string | undefined {
  const raw = stringOption(values, name);
  if (raw !== undefined && !isIsoDay(raw)) throw new UsageError(`--${name} must be a day written YYYY-MM-DD, got "${raw}"`);
  return raw;
}

/** Reads one report (the one loader: bounded, validated, decided again), or says in one line why history cannot use it. */
function readReport(path: string): { report: Report; sha256: string } | string {
  const loaded = loadReportFile(path);
  if (!loaded.ok) return loaded.problem;
  const { report } = loaded;
  // A plan's report judges a state that does not exist yet: counting it as a day's evidence would be a false green.
  if (report.provenance.terraformPlan !== undefined) return 'a report of `check --terraform-plan` (a planned end state, not the live state); history is of live checks and snapshots';
  // A shard holds only the accounts dealt to it: alone, the others would never show as gaps (a false green).
  if (report.shard !== undefined) {
    return `a shard report (check --shard ${report.shard.index}/${report.shard.count}), which holds only the accounts dealt to it; give history the report of \`cf-sso-guard merge\` over all the shards`;
  }
  return loaded;
}

/** A period that cannot be drawn is a usage error (exit 2), said plainly. */
function rangeChecked<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof HistoryRangeError) throw new UsageError(`${error.message}; nothing was written`);
    throw error;
  }
}

export function runHistory(argv: string[], _terminal: Terminal): number {
  const { values, positionals, help } = parseCommandArgs(historySpec, argv);
  if (help) {
    process.stdout.write(renderHelp(historySpec));
    return 0;
  }
  const format = choiceOption(values, 'format', HISTORY_FORMATS, 'text');
  const output = stringOption(values, 'output');
  const from = dayOption(values, 'from');
  const to = dayOption(values, 'to');
  // A period that cannot be drawn is said at once, before hundreds of reports are read.
  if (from !== undefined && to !== undefined) rangeChecked(() => checkPeriod(from, to));
  if (positionals.length === 0) throw new UsageError('history needs one or more JSON reports (cf-sso-guard check --format json -o FILE)');

  const problems: string[] = [];
  const inputs: HistoryInput[] = [];
  const byBytes = new Map<string, string>();
  const byRun = new Map<string, string>();
  for (const file of positionals) {
    const read = readReport(file);
    if (typeof read === 'string') {
      problems.push(`${file}: ${read}`);
      continue;
    }
    const sameBytes = byBytes.get(read.sha256);
    const runKey = `${read.report.desiredState.path}\u0000${read.report.generatedAt}`;
    const sameRun = byRun.get(runKey);
    if (sameBytes !== undefined) problems.push(`${file}: the same file as ${sameBytes} (give each report once)`);
    else if (sameRun !== undefined) problems.push(`${file}: the same run as ${sameRun} (${read.report.desiredState.path}, generated ${read.report.generatedAt}); give each report once`);
    else inputs.push({ file, report: read.report });
    byBytes.set(read.sha256, byBytes.get(read.sha256) ?? file);
    byRun.set(runKey, byRun.get(runKey) ?? file);
  }
  if (problems.length > 0) {
    // One line per file: main cleans each on its own, so the line breaks are the tool's own.
    throw new UsageError([`${problems.length} of ${positionals.length} input(s) cannot be used; nothing was written:`, ...problems.map((p) => `  ${p}`)], 'bad_input_files');
  }

  const history = rangeChecked(() => buildHistory(inputs, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }));
  writeOutput(output, HISTORY_FORMATTERS[format].render(history), `${format} history`);
  return 0;
}
