export { buildHistory, checkPeriod, HistoryRangeError, MAX_HISTORY_DAYS } from './timeline';
export type { History, HistoryInput, HistoryOptions } from './timeline';
export { HISTORY_FORMATS } from './format';
export type { HistoryFormatName, HistoryFormatter } from './format';
import type { HistoryFormatName, HistoryFormatter } from './format';
import { historyHtml } from './html';
import { historyJson } from './json';
import { historyMarkdown } from './markdown';
import { historyText } from './text';

export const HISTORY_FORMATTERS: Record<HistoryFormatName, HistoryFormatter> = {
  text: historyText,
  markdown: historyMarkdown,
  json: historyJson,
  html: historyHtml,
};
