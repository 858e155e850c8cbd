// History as Markdown (a PR comment, a wiki page): a table per series of accounts and of drift episodes.
import { escapeMarkdown as m } from '../report/markdown';
import type { HistoryFormatter } from './format';
import { percent } from './format';
import type { History } from './timeline';

function render(history: History): string {
  const out: string[] = ['## cf-sso-guard: compliance history', ''];
  for (const series of history.series) {
    out.push(`### ${m(series.desiredState)}`, '');
    out.push(`${series.runs.length} run(s) from ${series.firstDay} to ${series.lastDay}. Days without a report: ${series.missingDays.length === 0 ? 'none' : series.missingDays.join(', ')}. ` +
      `Runs that could not decide: ${series.runs.filter((run) => run.status === 'error').length}. Gaps never count as compliant.`);
    if (series.desiredStateSha256s.length > 1) out.push('', `The desired-state file changed during the period (${series.desiredStateSha256s.length} versions).`);
    out.push('', '| Account | Compliant runs | Share | Drift runs | Undecided runs |', '| --- | ---: | ---: | ---: | ---: |');
    for (const account of series.accounts) {
      out.push(`| ${m(account.accountName ?? account.accountId)} | ${account.compliant}/${account.runs} | ${percent(account.compliantShare)} | ${account.drift} | ${account.undecided} |`);
    }
    const episodes = series.connectors.flatMap((connector) => connector.episodes.map((episode) => ({ connector, episode })));
    out.push('', '| Account | Email domain | Connector | First seen | Last seen | Resolved | Days open | Rules |', '| --- | --- | --- | --- | --- | --- | ---: | --- |');
    if (episodes.length === 0) out.push('| — | — | — | — | — | — | 0 | no drift seen |');
    for (const { connector, episode } of episodes) {
      out.push(
        `| ${m(connector.accountName ?? connector.accountId)} | ${m(connector.emailDomain)} | ${m(connector.connectorId ?? 'none')} | ${episode.firstSeen} | ${episode.lastSeen} | ` +
          `${episode.resolved ?? 'open'} | ${episode.daysOpen} | ${episode.ruleIds.join(' ')} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

export const historyMarkdown: HistoryFormatter = { name: 'markdown', render };
