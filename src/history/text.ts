// History for a terminal: first the verdict for the whole period, then per series the days of each account and
// connector and each drift episode. Counted in UTC days: ten runs on one day are that one day.
import { cleanText as clean } from '../core/text';
import { accountTitle } from '../core/describe';
import type { HistoryFormatter } from './format';
import { connectorLabel, figuresText, periodVerdict } from './format';
import type { History } from './timeline';

function render(history: History): string {
  const lines: string[] = [`${periodVerdict(history, history.spans)}.`, ''];
  for (const series of history.series) {
    lines.push(`${clean(series.desiredState)}: ${series.runs.length} run(s), ${history.from} to ${history.to}`);
    if (series.desiredStateSha256s.length > 1) lines.push(`  the file changed during the period (${series.desiredStateSha256s.length} versions)`);
    lines.push(`  ${periodVerdict(series, series.spans)}`);
    lines.push('');
    lines.push('  Accounts (by UTC day; a day without a report never counts as compliant):');
    for (const account of series.accounts) {
      lines.push(`    ${clean(accountTitle(account.accountName, account.accountId))}: ${figuresText(account)}`);
    }
    lines.push('');
    lines.push('  Connectors:');
    for (const connector of series.connectors) {
      const ids = connector.declared && connector.connectorIds !== undefined && connector.connectorIds.length > 0 ? ` [${connector.connectorIds.join(', ')}]` : '';
      lines.push(`    ${clean(connectorLabel(connector) + ids)} in ${clean(connector.accountName ?? connector.accountId)}: ${figuresText(connector)}`);
    }
    lines.push('');
    lines.push('  Drift:');
    const drifting = series.connectors.filter((connector) => connector.episodes.length > 0);
    if (drifting.length === 0) lines.push('    none seen');
    for (const connector of drifting) {
      for (const episode of connector.episodes) {
        const end = episode.resolved === undefined ? `still open at the last run, ${episode.daysOpen} day(s)` : `resolved ${episode.resolved}, open ${episode.daysOpen} day(s)`;
        lines.push(
          `    ${clean(connectorLabel(connector))} in ${clean(connector.accountName ?? connector.accountId)}: first seen ${clean(episode.firstSeen)}, last seen ${clean(episode.lastSeen)}, ${clean(end)} [${clean(episode.ruleIds.join(', '))}]`,
        );
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

export const historyText: HistoryFormatter = { name: 'text', render };
