// History as Markdown (a PR comment, a wiki page): the period's verdict first, then per series a table of
// accounts and connectors counted in UTC days, and one of drift episodes.
import { escapeMarkdown as m } from '../report/markdown';
import type { HistoryFormatter } from './format';
import { connectorLabel, connectorsByAccount, periodVerdict } from './format';
import type { DayFigures, History } from './timeline';

const cells = (f: DayFigures): string => `${f.verdict === 'compliant' ? 'compliant' : 'not shown compliant'} | ${f.compliant}/${f.days} | ${f.drift} | ${f.undecided} | ${f.noReport}`;

function render(history: History): string {
  const out: string[] = ['## cf-sso-guard: compliance history', '', `**${m(periodVerdict(history, history.spans))}.**`, ''];
  out.push('Counted in UTC days: a day takes the worst state of the runs that read it; a day without a report is a gap, never compliant.', '');
  for (const series of history.series) {
    out.push(`### ${m(series.desiredState)}`, '');
    out.push(`${m(periodVerdict(series, series.spans))}. ${series.runs.length} run(s).`);
    if (series.desiredStateSha256s.length > 1) out.push('', `The desired-state file changed during the period (${series.desiredStateSha256s.length} versions).`);
    out.push('', '| Account or connector | Verdict | Compliant days | Drift days | Undecided days | Days with no evidence |', '| --- | --- | ---: | ---: | ---: | ---: |');
    const byAccount = connectorsByAccount(series);
    for (const account of series.accounts) {
      out.push(`| **${m(account.accountName ?? account.accountId)}** | ${cells(account)} |`);
      for (const connector of byAccount.get(account.accountId) ?? []) out.push(`| ${m(connectorLabel(connector))} | ${cells(connector)} |`);
    }
    const episodes = series.connectors.flatMap((connector) => connector.episodes.map((episode) => ({ connector, episode })));
    out.push('', '| Account | Connector | First seen | Last seen | Resolved | Days open | Rules |', '| --- | --- | --- | --- | --- | ---: | --- |');
    if (episodes.length === 0) out.push('| — | — | — | — | — | 0 | no drift seen |');
    for (const { connector, episode } of episodes) {
      out.push(
        `| ${m(connector.accountName ?? connector.accountId)} | ${m(connectorLabel(connector))} | ${m(episode.firstSeen)} | ${m(episode.lastSeen)} | ` +
          `${m(episode.resolved ?? 'open')} | ${episode.daysOpen} | ${m(episode.ruleIds.join(' '))} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

export const historyMarkdown: HistoryFormatter = { name: 'markdown', render };
