// The report flags of the commands that produce a report (check, merge): -f, -o, --report, -q; and
// rendering and writing each target on its own.
import { FORMAT_NAMES, renderReport, type FormatName, type RenderContext } from '../report';
import { ALL_RULES } from '../rules';
import type { Report } from '../core/types';
import { listOption, stringOption, type OptionSpec, type ParsedValues } from './args';
import { UsageError } from './errors';
import { isQuiet, isStdout, writeText, type OutputTarget } from './output';
import { stdoutTextStyle, type Terminal } from './environment';

export function parseFormat(raw: string, flag: string): FormatName {
  if (!(FORMAT_NAMES as readonly string[]).includes(raw)) {
    throw new UsageError(`${flag}: unknown format "${raw}"; expected one of ${FORMAT_NAMES.join(', ')}`);
  }
  return raw as FormatName;
}

/** `--report F=PATH` */
export function parseReportTarget(raw: string): OutputTarget {
  const eq = raw.indexOf('=');
  if (eq <= 0 || eq === raw.length - 1) throw new UsageError(`--report must look like FORMAT=PATH (e.g. sarif=results.sarif), got "${raw}"`);
  return { format: parseFormat(raw.slice(0, eq), '--report'), path: raw.slice(eq + 1) };
}

/** The output flags of every command that produces a report (check, merge). */
export const OUTPUT_OPTIONS: OptionSpec = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  report: { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
};

export const OUTPUT_HELP = `  -f, --format F         stdout format: text (default), json, markdown, sarif, junit, html, csv, github, oscal, oscal-poam
  -o, --output PATH      write the --format output to PATH instead of stdout
      --report F=PATH    also write format F to PATH; repeat for several (files are written atomically)
  -q, --quiet            nothing on stdout (files from -o and --report are still written); the exit code says it all`;

/** --format/-o first, then each --report; with --quiet, none on stdout. */
export function outputTargets(values: ParsedValues): OutputTarget[] {
  const format = parseFormat(stringOption(values, 'format') ?? 'text', '--format');
  const output = stringOption(values, 'output');
  const targets: OutputTarget[] = [output === undefined ? { format } : { format, path: output }, ...listOption(values, 'report').map(parseReportTarget)];
  return isQuiet(values) ? targets.filter((t) => !isStdout(t)) : targets;
}

/**
 * Each target is rendered and written on its own: one format that fails (a formatter bug, a full disk)
 * does not cost the others their files. Regular files are replaced atomically (a failed write leaves the
 * old file whole); a device or pipe (`/dev/null`, a link to the terminal) is written in place, never
 * replaced by a regular file. After trying every target, any failure is a UsageError naming each one
 * (exit 2: could not decide, whatever the report said).
 */
export function writeTargets(report: Report, targets: OutputTarget[], ctxFor: (target: OutputTarget) => RenderContext): void {
  const failures: string[] = [];
  for (const target of targets) {
    try {
      writeText(target, renderReport(target.format, report, ctxFor(target)));
    } catch (error) {
      const where = target.path === undefined ? 'stdout' : target.path;
      failures.push(error instanceof UsageError ? error.message : `cannot render the ${target.format} report for ${where}: ${(error as Error)?.message ?? String(error)}`);
    }
  }
  if (failures.length > 0) throw new UsageError(failures.join('; '), 'output_path');
}

/** What every formatter needs to render a report of this desired state (colour and width for a terminal). */
export function renderContextFor(color: boolean, width?: number): RenderContext {
  return { color, ...(width !== undefined ? { width } : {}), rules: ALL_RULES, repoRoot: process.cwd(), cwd: process.cwd() };
}

/** Every target of a command's report: a text report on a terminal's stdout in its colour and width, the rest plain. */
export function writeReport(report: Report, targets: OutputTarget[], terminal: Terminal): void {
  const style = stdoutTextStyle(terminal);
  writeTargets(report, targets, (t) => (isStdout(t) && t.format === 'text' ? renderContextFor(style.color, style.width) : renderContextFor(false)));
}
