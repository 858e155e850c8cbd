export { buildHistory } from './timeline';
export type { History, HistoryInput, HistorySeries, ConnectorTimeline, DriftEpisode, AccountShare, DayState } from './timeline';
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
