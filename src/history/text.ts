// History for a terminal: per series, the runs and gaps, the share of compliant runs per account, each drift episode.
import { cleanText as clean } from '../report/sanitise';
import { accountTitle } from '../rules/describe';
import type { HistoryFormatter } from './format';
import { percent } from './format';
import type { History } from './timeline';

function render(history: History): string {
  const lines: string[] = [];
  for (const series of history.series) {
    lines.push(`${clean(series.desiredState)}: ${series.runs.length} run(s), ${series.firstDay} to ${series.lastDay}`);
    if (series.desiredStateSha256s.length > 1) lines.push(`  the file changed during the period (${series.desiredStateSha256s.length} versions)`);
    lines.push(`  days without a report: ${series.missingDays.length === 0 ? 'none' : series.missingDays.join(', ')}`);
    const undecided = series.runs.filter((run) => run.status === 'error');
    if (undecided.length > 0) lines.push(`  runs that could not decide (gaps): ${undecided.map((run) => run.generatedAt).join(', ')}`);
    lines.push('');
    lines.push('  Accounts (share of runs compliant; gaps never count as compliant):');
    for (const account of series.accounts) {
      const label = accountTitle(account.accountName, account.accountId);
      lines.push(`    ${clean(label)}: ${percent(account.compliantShare)} — ${account.compliant}/${account.runs} compliant, ${account.drift} drift, ${account.undecided} undecided`);
    }
    lines.push('');
    lines.push('  Drift:');
    const drifting = series.connectors.filter((connector) => connector.episodes.length > 0);
    if (drifting.length === 0) lines.push('    none seen');
    for (const connector of drifting) {
      const name = `${connector.emailDomain}${connector.connectorId === undefined ? ' (no live connector)' : ` (${connector.connectorId})`}`;
      for (const episode of connector.episodes) {
        const end = episode.resolved === undefined ? `still open at the last run, ${episode.daysOpen} day(s)` : `resolved ${episode.resolved}, open ${episode.daysOpen} day(s)`;
        lines.push(`    ${clean(name)} in ${clean(connector.accountName ?? connector.accountId)}: first seen ${episode.firstSeen}, last seen ${episode.lastSeen}, ${end} [${episode.ruleIds.join(', ')}]`);
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

export const historyText: HistoryFormatter = { name: 'text', render };
