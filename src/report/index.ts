// The report formatters, by name. Add a format: one file exporting a Formatter, listed here.
import type { Report } from '../core/types';
import { csvFormatter } from './csv';
import type { FormatName, Formatter, RenderContext } from './formatter';
import { FORMAT_NAMES } from './formatter';
import { githubFormatter } from './github';
import { htmlFormatter } from './html';
import { jsonFormatter } from './json';
import { junitFormatter } from './junit';
import { markdownFormatter } from './markdown';
import { oscalFormatter } from './oscal';
import { oscalPoamFormatter } from './oscal-poam';
import { sarifFormatter } from './sarif';
import { textFormatter } from './text';

export type { FormatName, Formatter, RenderContext } from './formatter';
export { FORMAT_NAMES } from './formatter';

export const FORMATTERS: Record<FormatName, Formatter> = {
  text: textFormatter,
  json: jsonFormatter,
  markdown: markdownFormatter,
  sarif: sarifFormatter,
  junit: junitFormatter,
  html: htmlFormatter,
  csv: csvFormatter,
  github: githubFormatter,
  oscal: oscalFormatter,
  'oscal-poam': oscalPoamFormatter,
};

export function isFormatName(value: string): value is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(value);
}

export function renderReport(format: FormatName, report: Report, ctx: RenderContext): string {
  return FORMATTERS[format].render(report, ctx);
}
