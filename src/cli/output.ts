// Writes a report in one or more formats: stdout or files, files atomically.
import { appendFileSync } from 'node:fs';
import { FORMAT_NAMES, FORMATTERS, type FormatName, type RenderContext } from '../report';
import { writeFileAtomic } from '../fs/atomic-write';
import type { Report } from '../types';
import { listOption, stringOption, type OptionSpec, type ParsedValues } from './args';
import { UsageError } from './errors';

export interface OutputTarget {
  format: FormatName;
  /** undefined = stdout */
  path?: string;
}

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
};

export const OUTPUT_HELP = `  -f, --format F         stdout format: text (default), json, markdown, sarif, junit, html, csv, github
  -o, --output PATH      write the --format output to PATH instead of stdout
      --report F=PATH    also write format F to PATH; repeat for several (files are written atomically)`;

/** --format/-o first, then each --report. */
export function outputTargets(values: ParsedValues): OutputTarget[] {
  const format = parseFormat(stringOption(values, 'format') ?? 'text', '--format');
  const output = stringOption(values, 'output');
  return [output === undefined ? { format } : { format, path: output }, ...listOption(values, 'report').map(parseReportTarget)];
}

export function renderReport(report: Report, format: FormatName, ctx: RenderContext): string {
  return FORMATTERS[format].render(report, ctx);
}

export function writeTargets(report: Report, targets: OutputTarget[], ctxFor: (target: OutputTarget) => RenderContext): void {
  for (const target of targets) {
    const text = renderReport(report, target.format, ctxFor(target));
    if (target.path === undefined || target.path === '-') {
      process.stdout.write(text.endsWith('\n') || text.length === 0 ? text : `${text}\n`);
    } else {
      try {
        writeFileAtomic(target.path, text);
      } catch (error) {
        throw new UsageError(`cannot write ${target.format} report to ${target.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
  }
}

export function appendStepSummary(path: string, markdown: string): void {
  try {
    appendFileSync(path, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  } catch (error) {
    process.stderr.write(`warning: could not append to GITHUB_STEP_SUMMARY (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
  }
}
