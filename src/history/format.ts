// The history formats, one interface: text, markdown, json, html (see ./html.ts); and the words they share,
// so every format states the same verdict with the same figures.
import type { ConnectorHistory, DayFigures, DaySpan, DayState, History, HistorySeries } from './timeline';

export type HistoryFormatName = 'text' | 'markdown' | 'json' | 'html';
export const HISTORY_FORMATS: readonly HistoryFormatName[] = ['text', 'markdown', 'json', 'html'];

export interface HistoryFormatter {
  name: HistoryFormatName;
  /** Pure: the same history gives the same string. */
  render(history: History): string;
}

/** How each day state is named, in every format. */
export const STATE_WORDS: Record<DayState, string> = {
  compliant: 'compliant',
  drift: 'drift',
  undecided: 'could not decide (gap)',
  no_report: 'no evidence: no report read it that day (gap)',
  absent: 'not present (its account was read; the connector was not there)',
};

export function days(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'day' : 'days'}`;
}

/** At most this many stretches of days are listed in a verdict line; the rest are counted. */
const LISTED_SPANS = 8;

/** The days in one state, as stretches: "2026-11-03, 2026-11-05 to 2026-11-07, and 4 more". */
export function dayList(spans: readonly DaySpan[], state: DayState): string {
  const of = spans.filter((span) => span.state === state);
  const shown = of.slice(0, LISTED_SPANS).map((span) => (span.from === span.to ? span.from : `${span.from} to ${span.to}`));
  if (of.length > LISTED_SPANS) shown.push(`and ${of.length - LISTED_SPANS} more`);
  return shown.join(', ');
}

/**
 * The verdict of a period in one sentence: "Compliant on all 92 days (…)" or "Not shown compliant (…): drift on
 * 3 of 92 days (…); could not decide on 1 day (…); no evidence on 2 days (…)".
 */
export function periodVerdict(figures: DayFigures, spans: readonly DaySpan[]): string {
  const range = spans.length === 0 ? '' : spans[0].from === (spans.at(-1) as DaySpan).to ? spans[0].from : `${spans[0].from} to ${(spans.at(-1) as DaySpan).to}`;
  if (figures.verdict === 'compliant') {
    return figures.days === 1 ? `Compliant on its one day (${range})` : `Compliant on all ${days(figures.days)} (${range})`;
  }
  const parts: string[] = [];
  if (figures.drift > 0) parts.push(`drift on ${figures.drift.toLocaleString('en-US')} of ${days(figures.days)} (${dayList(spans, 'drift')})`);
  if (figures.undecided > 0) parts.push(`could not decide on ${days(figures.undecided)} (${dayList(spans, 'undecided')})`);
  if (figures.noReport > 0) parts.push(`no evidence on ${days(figures.noReport)} (${dayList(spans, 'no_report')})`);
  if (parts.length === 0) parts.push(`no day it was there and compliant`);
  if (figures.compliant > 0) parts.push(`compliant on ${days(figures.compliant)}`);
  return `Not shown compliant (${range}): ${parts.join('; ')}`;
}

/** A row's figures in a few words: "compliant on 3 of 7 days, drift on 2, could not decide on 1, no evidence on 1". */
export function figuresText(figures: DayFigures): string {
  const parts = [`compliant on ${figures.compliant.toLocaleString('en-US')} of ${days(figures.days)}`];
  if (figures.drift > 0) parts.push(`drift on ${figures.drift}`);
  if (figures.undecided > 0) parts.push(`could not decide on ${figures.undecided}`);
  if (figures.noReport > 0) parts.push(`no evidence on ${figures.noReport}`);
  if ((figures.absent ?? 0) > 0) parts.push(`not present on ${figures.absent}`);
  return parts.join(', ');
}

/** "example.com" for a declared connector (any live connector that matched it), "x.example (undeclared c-1)" for another. */
export function connectorLabel(connector: Pick<ConnectorHistory, 'emailDomain' | 'declared' | 'connectorId'>): string {
  return connector.declared ? connector.emailDomain : `${connector.emailDomain} (undeclared ${connector.connectorId ?? 'connector'})`;
}

/** The series' connectors grouped by account (once, not a scan per account). */
export function connectorsByAccount(series: HistorySeries): Map<string, ConnectorHistory[]> {
  const byAccount = new Map<string, ConnectorHistory[]>();
  for (const connector of series.connectors) {
    const list = byAccount.get(connector.accountId);
    if (list === undefined) byAccount.set(connector.accountId, [connector]);
    else list.push(connector);
  }
  return byAccount;
}
