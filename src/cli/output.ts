// Writes a report in one or more formats: stdout or files, files atomically.
import { appendFileSync } from 'node:fs';
import { FORMAT_NAMES, FORMATTERS, type FormatName, type RenderContext } from '../report';
import { writeFileAtomic } from '../fs/atomic-write';
import type { Report } from '../types';
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
