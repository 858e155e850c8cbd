// History: JSON reports (schemaVersion 2) of many runs, in any order, turned into a timeline per connector and
// a per-account share of compliant runs. Pure: reports in, history out.
//
// Rules, stated once:
// - Reports of different desired-state files (by path) are separate series; an edited file (same path, new
//   SHA-256) continues its series, and each SHA-256 is listed.
// - A connector is identified by account, email domain and connector id (none for a declared connector that
//   was not found). A drift episode opens at the first run where its verdict is drift and is resolved at the
//   first later run that read its account and did not find it drifting (compliant, waived, or gone).
// - A run that could not decide for an account (account not read, or a check not made) is a gap for that
//   account and its connectors: it neither resolves an episode nor counts as compliant. A day in the range
//   with no report at all is a gap too.
import type { ConnectorVerdict, Report, ReportAccount } from '../types';
import { isDrift } from '../engine/status';
import { compareText } from '../order';

export type DayState = 'compliant' | 'drift' | 'undecided' | 'no_report';

export interface HistoryRun {
  file: string;
  generatedAt: string;
  day: string;
  status: Report['status'];
  desiredStateSha256: string;
}

export interface DriftEpisode {
  firstSeen: string;
  lastSeen: string;
  /** The run that first found it fixed; absent while still open at the last run. */
  resolved?: string;
  /** Whole days from the first-seen day to the resolved day (or to the last run's day while open). */
  daysOpen: number;
  /** The rules that reported it, over the episode. */
  ruleIds: string[];
}

export interface ConnectorTimeline {
  accountId: string;
  accountName?: string;
  emailDomain: string;
  connectorId?: string;
  firstSeen: string;
  lastSeen: string;
  /** The verdict at each run that listed it (run order). */
  verdicts: Array<{ generatedAt: string; verdict: ConnectorVerdict }>;
  episodes: DriftEpisode[];
  /** Per day of the series' range: how it stood at the day's last run. */
  days: Array<{ day: string; state: DayState }>;
}

export interface AccountShare {
  accountId: string;
  accountName?: string;
  runs: number;
  compliant: number;
  drift: number;
  undecided: number;
  /** compliant / runs (gaps count against it, never for it); 0 when no run. */
  compliantShare: number;
  days: Array<{ day: string; state: DayState }>;
}

export interface HistorySeries {
  desiredState: string;
  desiredStateSha256s: string[];
  firstDay: string;
  lastDay: string;
  runs: HistoryRun[];
  /** Days in the range with no report. */
  missingDays: string[];
  accounts: AccountShare[];
  connectors: ConnectorTimeline[];
}

export interface History {
  kind: 'cf-sso-guard-history';
  schemaVersion: 1;
  series: HistorySeries[];
}

export interface HistoryInput {
  file: string;
  report: Report;
}

const DAY_MS = 86_400_000;

function dayOf(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function dayRange(first: string, last: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}


/** Whether the run could decide this account: read completely, every check made. */
function decided(account: ReportAccount): boolean {
  return account.status === 'ok' && account.checks.every((item) => item.verdict !== 'unverifiable' && item.verdict !== 'not_checked');
}

/** The account's state in one run: undecided (a gap), drift (an unwaived error, whatever the run's --fail-on gate), or compliant. */
function accountState(report: Report, account: ReportAccount): Exclude<DayState, 'no_report'> {
  if (!decided(account)) return 'undecided';
  const failing = report.findings.some((f) => f.accountId === account.id && isDrift(f));
  return failing ? 'drift' : 'compliant';
}

function connectorKey(accountId: string, emailDomain: string, connectorId: string | undefined): string {
  return `${accountId}\u0000${emailDomain}\u0000${connectorId ?? ''}`;
}

/** Per day, the state of the day's last run; a day with no run is `no_report`. */
function dailyStates(days: string[], states: Array<{ day: string; state: Exclude<DayState, 'no_report'> }>): Array<{ day: string; state: DayState }> {
  const lastOfDay = new Map<string, DayState>();
  for (const entry of states) lastOfDay.set(entry.day, entry.state);
  return days.map((day) => ({ day, state: lastOfDay.get(day) ?? 'no_report' }));
}

function buildSeries(path: string, inputs: HistoryInput[]): HistorySeries {
  const ordered = [...inputs].sort((a, b) => compareText(a.report.generatedAt, b.report.generatedAt) || compareText(a.file, b.file));
  const runs: HistoryRun[] = ordered.map(({ file, report }) => ({
    file,
    generatedAt: report.generatedAt,
    day: dayOf(report.generatedAt),
    status: report.status,
    desiredStateSha256: report.desiredState.sha256,
  }));
  const firstDay = runs[0].day;
  const lastDay = runs[runs.length - 1].day;
  const days = dayRange(firstDay, lastDay);
  const reported = new Set(runs.map((run) => run.day));

  // Accounts, in first-seen order.
  const accountStates = new Map<string, { name?: string; states: Array<{ day: string; state: Exclude<DayState, 'no_report'> }> }>();
  // Connectors: every appearance, per run.
  interface Track {
    accountId: string;
    accountName?: string;
    emailDomain: string;
    connectorId?: string;
    verdicts: Array<{ generatedAt: string; verdict: ConnectorVerdict }>;
    episodes: DriftEpisode[];
    open?: DriftEpisode;
    states: Array<{ day: string; state: Exclude<DayState, 'no_report'> }>;
  }
  const tracks = new Map<string, Track>();

  for (const { report } of ordered) {
    const day = dayOf(report.generatedAt);
    for (const account of report.accounts) {
      const state = accountState(report, account);
      const entry = accountStates.get(account.id) ?? { states: [] };
      if (account.name !== undefined) entry.name = account.name;
      entry.states.push({ day, state });
      accountStates.set(account.id, entry);

      const seen = new Set<string>();
      for (const item of account.checks) {
        const key = connectorKey(account.id, item.emailDomain, item.connectorId);
        seen.add(key);
        let track = tracks.get(key);
        if (track === undefined) {
          track = { accountId: account.id, emailDomain: item.emailDomain, verdicts: [], episodes: [], states: [] };
          if (item.connectorId !== undefined) track.connectorId = item.connectorId;
          tracks.set(key, track);
        }
        if (account.name !== undefined) track.accountName = account.name;
        track.verdicts.push({ generatedAt: report.generatedAt, verdict: item.verdict });
        const undecidedItem = item.verdict === 'unverifiable' || item.verdict === 'not_checked';
        track.states.push({ day, state: undecidedItem ? 'undecided' : item.verdict === 'drift' ? 'drift' : 'compliant' });
        if (item.verdict === 'drift') {
          const rules = item.checks.filter((check) => check.result === 'fail').map((check) => check.ruleId);
          if (track.open === undefined) {
            track.open = { firstSeen: report.generatedAt, lastSeen: report.generatedAt, daysOpen: 0, ruleIds: [] };
            track.episodes.push(track.open);
          }
          track.open.lastSeen = report.generatedAt;
          track.open.ruleIds = [...new Set([...track.open.ruleIds, ...rules])].sort(compareText);
        } else if (!undecidedItem && track.open !== undefined) {
          resolve(track.open, report.generatedAt);
          track.open = undefined;
        }
      }
      // Connectors this run did not list: in an account it could not decide, a gap; otherwise gone (resolved).
      if (!decided(account)) {
        for (const [key, track] of tracks) if (track.accountId === account.id && !seen.has(key)) track.states.push({ day, state: 'undecided' });
      } else {
        for (const [key, track] of tracks) {
          if (track.accountId !== account.id || seen.has(key) || track.open === undefined) continue;
          resolve(track.open, report.generatedAt);
          track.open = undefined;
        }
      }
    }
  }

  for (const track of tracks.values()) {
    if (track.open !== undefined) track.open.daysOpen = daysBetween(dayOf(track.open.firstSeen), lastDay);
  }

  const accounts: AccountShare[] = [...accountStates.entries()].map(([accountId, { name, states }]) => {
    const count = (state: DayState): number => states.filter((s) => s.state === state).length;
    const share: AccountShare = {
      accountId,
      runs: states.length,
      compliant: count('compliant'),
      drift: count('drift'),
      undecided: count('undecided'),
      compliantShare: states.length === 0 ? 0 : count('compliant') / states.length,
      days: dailyStates(days, states),
    };
    if (name !== undefined) share.accountName = name;
    return share;
  });

  const connectors: ConnectorTimeline[] = [...tracks.values()]
    .sort((a, b) => compareText(a.accountId, b.accountId) || compareText(a.emailDomain, b.emailDomain) || compareText(a.connectorId ?? '', b.connectorId ?? ''))
    .map((track) => {
      const timeline: ConnectorTimeline = {
        accountId: track.accountId,
        emailDomain: track.emailDomain,
        firstSeen: track.verdicts[0].generatedAt,
        lastSeen: track.verdicts[track.verdicts.length - 1].generatedAt,
        verdicts: track.verdicts,
        episodes: track.episodes,
        days: dailyStates(days, track.states),
      };
      if (track.accountName !== undefined) timeline.accountName = track.accountName;
      if (track.connectorId !== undefined) timeline.connectorId = track.connectorId;
      return timeline;
    });

  return {
    desiredState: path,
    desiredStateSha256s: [...new Set(runs.map((run) => run.desiredStateSha256))],
    firstDay,
    lastDay,
    runs,
    missingDays: days.filter((day) => !reported.has(day)),
    accounts,
    connectors,
  };
}

function resolve(episode: DriftEpisode, at: string): void {
  episode.resolved = at;
  episode.daysOpen = daysBetween(dayOf(episode.firstSeen), dayOf(at));
}

/** One series per desired-state file path, in path order. Inputs must be valid, distinct reports (see the CLI). */
export function buildHistory(inputs: HistoryInput[]): History {
  const byPath = new Map<string, HistoryInput[]>();
  for (const input of inputs) {
    const list = byPath.get(input.report.desiredState.path);
    if (list === undefined) byPath.set(input.report.desiredState.path, [input]);
    else list.push(input);
  }
  const series = [...byPath.keys()].sort(compareText).map((path) => buildSeries(path, byPath.get(path) as HistoryInput[]));
  return { kind: 'cf-sso-guard-history', schemaVersion: 1, series };
}
