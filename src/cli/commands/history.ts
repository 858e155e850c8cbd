// `cf-sso-guard history REPORT.json...`: a timeline of drift per connector and the share of compliant runs per
// account, from JSON reports (schemaVersion 2) in any order. Every input is checked before anything is written:
// one clear error per bad file, exit 2, no output file touched.
import { writeFileAtomic } from '../../fs/atomic-write';
import { InputFileError, readBoundedBytes } from '../../fs/read-bounded';
import { buildHistory, HISTORY_FORMATS, HISTORY_FORMATTERS, type HistoryInput } from '../../history';
import type { Report } from '../../types';
import { choiceOption, parseCommandArgs, renderHelp, stringOption, type CommandSpec } from '../args';
import type { Terminal } from '../environment';
import { UsageError } from '../errors';
import { validateReportDocument } from '../report-schema';
import { cleanText } from '../../report/sanitise';
import { sha256Hex } from '../../digest';

/** A report is a few MiB even for thousands of accounts; anything far bigger is not one. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export const historySpec: CommandSpec = {
  name: 'history',
  summary: 'Drift per connector over time, and the share of compliant runs per account, from JSON reports.',
  usage: 'cf-sso-guard history [--format F] [-o PATH] REPORT.json...',
  options: {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
  },
  positionals: true,
  help: `Options:
  -f, --format F     text (default), markdown, json, html (one page with an inline SVG chart, no scripts)
  -o, --output PATH  write to PATH (atomically) instead of stdout

Reads JSON reports of \`cf-sso-guard check --format json\` (schemaVersion 2), in any order.
- Reports of different desired-state files (by path) are shown as separate series; an edited file
  (same path, new SHA-256) continues its series.
- A drift is first seen at the first run that found it, resolved at the first later run that read its
  account and found it fixed (or gone); days open count from the one day to the other.
- Gaps are never compliant: a day with no report, and a run that could not decide (an account not read,
  a check not made), are shown as gaps.

Exit codes: 0 written; 2 any input is not a usable report (each bad file is named; nothing is written).

Example:
  cf-sso-guard history evidence/*.json --format html -o history.html`,
};

/** Reads one report, or says in one line why it is not usable. */
function readReport(path: string): { report: Report; sha256: string } | string {
  let bytes: Buffer;
  try {
    // A regular file only (a FIFO would block), and bounded in size.
    bytes = readBoundedBytes(path, MAX_REPORT_BYTES, 'JSON report');
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    // The message names the file already; the caller adds the name once.
    return error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return `not JSON (${(error as Error).message}); expected a report of \`cf-sso-guard check --format json\``;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'not a cf-sso-guard JSON report (expected a JSON object)';
  const version = (doc as { schemaVersion?: unknown }).schemaVersion;
  if (version !== 2) {
    return version === undefined
      ? 'not a cf-sso-guard JSON report (no schemaVersion)'
      : `a report of schemaVersion ${JSON.stringify(version)}; history reads schemaVersion 2 (reports of this version of cf-sso-guard)`;
  }
  const problem = validateReportDocument(doc);
  if (problem !== undefined) return `not a valid cf-sso-guard JSON report: ${problem}`;
  // A plan's report judges a state that does not exist yet: counting it as a day's evidence would be a false green.
  if ((doc as Report).provenance.terraformPlan !== undefined) return 'a report of `check --terraform-plan` (a planned end state, not the live state); history is of live checks and snapshots';
  return { report: doc as Report, sha256: sha256Hex(bytes) };
}

export function runHistory(argv: string[], _terminal: Terminal): number {
  const { values, positionals, help } = parseCommandArgs(historySpec, argv);
  if (help) {
    process.stdout.write(renderHelp(historySpec));
    return 0;
  }
  const format = choiceOption(values, 'format', HISTORY_FORMATS, 'text');
  const output = stringOption(values, 'output');
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
    throw new UsageError(`${problems.length} of ${positionals.length} input(s) cannot be used; nothing was written:\n${problems.map((p) => `  ${cleanText(p)}`).join('\n')}`);
  }

  const text = HISTORY_FORMATTERS[format].render(buildHistory(inputs));
  if (output === undefined || output === '-') {
    process.stdout.write(text);
  } else {
    try {
      writeFileAtomic(output, text);
    } catch (error) {
      throw new UsageError(`cannot write ${format} history to ${output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return 0;
}
