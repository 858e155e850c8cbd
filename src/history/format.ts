// The history formats, one interface: text, markdown, json, html (see ./html.ts).
import type { History } from './timeline';

export type HistoryFormatName = 'text' | 'markdown' | 'json' | 'html';
export const HISTORY_FORMATS: readonly HistoryFormatName[] = ['text', 'markdown', 'json', 'html'];

export interface HistoryFormatter {
  name: HistoryFormatName;
  /** Pure: the same history gives the same string. */
  render(history: History): string;
}

/** "83%" (one decimal when not whole). */
export function percent(share: number): string {
  const value = Math.round(share * 1000) / 10;
  return `${value}%`;
}
