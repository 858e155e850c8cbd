// History: JSON reports (schemaVersion 2) of many runs, in any order, turned into one verdict per UTC day — for
// the period, per account and per connector — and a timeline of drift episodes. Pure: reports in, history out.
//
// Rules, stated once:
// - The unit is the UTC day. A run is filed under the time its data was read (each account's `readAt`: the
//   live read, or the snapshot's record of it; else the snapshot's `recordedAt`; else `generatedAt`), so
//   checking an old snapshot lands on the snapshot's day. A day takes the worst state of the runs filed
//   under it (drift, then could not decide, then compliant); ten runs on one day are still that one day.
// - A day with no run that read an account is a gap for it ("no evidence"), never compliant. A run that could
//   not decide for an account (not read completely, a check not made) is a gap too. The accounts of a series are
//   those any of its runs lists, inside the period or not.
// - The state of a run is what it observed, never its gate: drift when an unwaived error finding stands (or a
//   failed check no finding explains), whatever `--fail-on` decided; unwaived warnings and notes are not drift,
//   as in the run's own status ("compliant, with N warnings"); a report whose own status says
//   drift or could not decide is never read as better than that.
// - Rows: one per account, one per declared connector (by email domain, whichever live connector matched
//   it), one per undeclared live connector (by its id). A day the account was read and the connector was
//   not there is `absent`, not a gap.
// - The period is --from..--to, default the days the runs span, at most MAX_HISTORY_DAYS days.
// - Reports of different desired-state files (by path) are separate series; an edited file (same path, new
//   SHA-256) continues its series, and each SHA-256 is listed.
import { instantOf } from '../core/day';
import { decide } from '../engine/decide';
import { isDrift } from '../engine/status';
import { compareText } from '../core/order';
import type { ConnectorCheck, ConnectorVerdict, Report, ReportAccount } from '../core/types';

/** Ten years and a little: a longer period is refused (a day is one cell per row; 0001..9999 would be 3.65M). */
export const MAX_HISTORY_DAYS = 3660;

export type DayState = 'compliant' | 'drift' | 'undecided' | 'no_report' | 'absent';

/** Consecutive days in one state. */
export interface DaySpan {
  from: string;
  to: string;
  state: DayState;
}

/** The figures of a period, counted in days. Compliant only when every day is (absent days aside). */
export interface DayFigures {
  verdict: 'compliant' | 'not_shown_compliant';
  days: number;
  compliant: number;
  drift: number;
  undecided: number;
  noReport: number;
  /** Connectors only: days its account was read and it was not there. */
  absent?: number;
}

export interface HistoryRun {
  file: string;
  generatedAt: string;
  /** When its data was read (see the rules above). */
  readAt: string;
  day: string;
  /** What the run observed (never its gate): compliant, drift, or error (could not decide). */
  observed: Report['status'];
  source: 'api' | 'snapshot' | 'other';
  desiredStateSha256: string;
}

export interface DriftEpisode {
  firstSeen: string;
  lastSeen: string;
  /** When the data that first showed it fixed (or gone) was read; absent while still open at the last run. */
  resolved?: string;
  /** Whole days from the first-seen day to the resolved day (or to the last run's day while open). */
  daysOpen: number;
  /** The rules that reported it, over the episode. */
  ruleIds: string[];
}

export interface ConnectorHistory extends DayFigures {
  accountId: string;
  accountName?: string;
  emailDomain: string;
  /** Declared in the desired-state file (one row per domain), or an undeclared live connector (one row per id). */
  declared: boolean;
  /** Undeclared rows: the live connector's id. */
  connectorId?: string;
  /** Declared rows: the live connectors that matched it over the period. */
  connectorIds?: string[];
  firstSeen: string;
  lastSeen: string;
  episodes: DriftEpisode[];
  spans: DaySpan[];
}

export interface AccountHistory extends DayFigures {
  accountId: string;
  accountName?: string;
  /** Runs that read (or tried to read) it in the period; many on one day are still one day. */
  runs: number;
  spans: DaySpan[];
}

export interface HistorySeries extends DayFigures {
  desiredState: string;
  desiredStateSha256s: string[];
  runs: HistoryRun[];
  accounts: AccountHistory[];
  connectors: ConnectorHistory[];
  spans: DaySpan[];
}

export interface History extends DayFigures {
  kind: 'cf-sso-guard-history';
  schemaVersion: 2;
  from: string;
  to: string;
  /** Per day over every series: the worst state of any account. */
  spans: DaySpan[];
  series: HistorySeries[];
}

export interface HistoryInput {
  file: string;
  report: Report;
}

export interface HistoryOptions {
  /** First day (YYYY-MM-DD), default the first day a run was read. */
  from?: string;
  /** Last day, default the last day a run was read. */
  to?: string;
}

/** The period asked for, or the days the reports span, is longer than MAX_HISTORY_DAYS (or reversed). */
export class HistoryRangeError extends Error {}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of a day written YYYY-MM-DD. */
function dayNumber(day: string): number {
  return Math.floor((instantOf(`${day}T00:00:00Z`) as number) / DAY_MS);
}

function dayText(n: number): string {
  const iso = new Date(n * DAY_MS).toISOString();
  return iso.slice(0, iso.indexOf('T'));
}

/** The instant of a date-time from a valid report; the schema's format check ran first, so it parses. */
function instant(value: string): number {
  const at = instantOf(value);
  if (at === undefined) throw new Error(`not a date-time: ${value}`);
  return at;
}

// Severity of day states, for "the worst of the day". Rows count absent below compliant (gone is not a verdict).
const RANK: Record<DayState, number> = { absent: 0, compliant: 1, no_report: 2, undecided: 3, drift: 4 };
const worse = (a: DayState | undefined, b: DayState): DayState => (a === undefined || RANK[b] > RANK[a] ? b : a);

type Observed = 'compliant' | 'drift' | 'undecided';

function verdictState(verdict: ConnectorVerdict): Observed {
  if (verdict === 'drift') return 'drift';
  // warning: only warnings or notes failed, which leave the run compliant.
  if (verdict === 'unverifiable' || verdict === 'not_checked') return 'undecided';
  return 'compliant';
}

/**
 * A connector's state in one run. A connector whose failed checks all belong to unwaived warnings or notes (an
 * undeclared connector under `unmanaged: warning`, a stalled verification) is compliant, as the run's status says
 * ("compliant, with N warnings"); a failed check no finding explains stays drift (a report is never read as better).
 */
function itemState(drift: ReadonlyMap<string, boolean>, accountId: string, item: ConnectorCheck): Observed {
  const state = verdictState(item.verdict);
  if (state !== 'drift') return state;
  const failed = item.checks.filter((check) => check.result === 'fail');
  return failed.length > 0 && failed.every((check) => drift.get(checkKey(accountId, item.emailDomain, check.ruleId)) === false) ? 'compliant' : 'drift';
}

const checkKey = (accountId: string, emailDomain: string, ruleId: string): string => `${accountId}\u0000${emailDomain.toLowerCase()}\u0000${ruleId}`;

/** For each (account, domain, rule) a finding names: whether any of them is drift (an unwaived error). */
function driftByCheck(report: Report): Map<string, boolean> {
  const map = new Map<string, boolean>();
  for (const finding of report.findings) {
    const key = checkKey(finding.accountId, finding.emailDomain, finding.ruleId);
    map.set(key, (map.get(key) ?? false) || isDrift(finding));
  }
  return map;
}

/**
 * What the run observed for each account (never its gate), from the decided report; the status the report claimed
 * of itself counts only when it is worse (a report's own worse status is never read as better).
 */
function accountStates(report: Report, drift: ReadonlyMap<string, boolean>, claimed: Report['status']): Map<string, Observed> {
  // Unwaived errors are drift whatever --fail-on said (an older report may call them compliant); warnings are not
  // (the observed status's own rule, engine/status isDrift).
  const drifting = new Set<string>();
  for (const f of report.findings) if (isDrift(f)) drifting.add(f.accountId);
  const states = new Map<string, Observed>();
  for (const account of report.accounts) {
    // The account's verdict as decided (the loader decides every report again); a failed check no finding explains stays drift.
    const drifted = account.verdict === 'drift' || account.checks.some((item) => itemState(drift, account.id, item) === 'drift');
    states.set(account.id, account.verdict === 'error' ? 'undecided' : drifted ? 'drift' : 'compliant');
  }
  const values = [...states.values()];
  // Drift (or could not decide) that no account explains — the status says so, or a finding names an account
  // the report does not list: every account is at least that.
  const unexplainedDrift = report.status === 'drift' || claimed === 'drift' || [...drifting].some((id) => !states.has(id));
  if (unexplainedDrift && !values.includes('drift')) for (const [id, state] of states) if (state === 'compliant') states.set(id, 'drift');
  if ((report.status === 'error' || claimed === 'error') && !values.includes('undecided')) for (const [id, state] of states) if (state === 'compliant') states.set(id, 'undecided');
  return states;
}

function observedStatus(states: Map<string, Observed>): Report['status'] {
  const values = [...states.values()];
  if (values.length === 0 || values.includes('undecided')) return 'error';
  return values.includes('drift') ? 'drift' : 'compliant';
}

/** When the run's data was read: a snapshot's recording time, else the latest account read, else generatedAt. */
function runReadAt(report: Report): string {
  if (report.source?.kind === 'snapshot') return report.source.recordedAt;
  let latest: string | undefined;
  for (const account of report.accounts) if (account.readAt !== undefined && (latest === undefined || instant(account.readAt) > instant(latest))) latest = account.readAt;
  return latest ?? report.generatedAt;
}

function sourceKind(report: Report): HistoryRun['source'] {
  const kind = report.source?.kind as string | undefined;
  return kind === 'api' || kind === 'snapshot' ? kind : 'other';
}

/** Days of the period, as states per day (index 0 is `first`). */
class DayGrid {
  readonly states: Array<DayState | undefined>;

  constructor(
    readonly first: number,
    count: number,
  ) {
    this.states = new Array<DayState | undefined>(count).fill(undefined);
  }

  add(day: number, state: DayState): void {
    const at = day - this.first;
    this.states[at] = worse(this.states[at], state);
  }

  /** A day nothing was filed under is a gap. */
  at(index: number): DayState {
    return this.states[index] ?? 'no_report';
  }

  figures(withAbsent: boolean): DayFigures {
    const figures: DayFigures = { verdict: 'compliant', days: this.states.length, compliant: 0, drift: 0, undecided: 0, noReport: 0 };
    let absent = 0;
    for (let i = 0; i < this.states.length; i++) {
      const state = this.at(i);
      if (state === 'compliant') figures.compliant += 1;
      else if (state === 'drift') figures.drift += 1;
      else if (state === 'undecided') figures.undecided += 1;
      else if (state === 'no_report') figures.noReport += 1;
      else absent += 1;
    }
    if (figures.drift + figures.undecided + figures.noReport > 0 || figures.compliant === 0) figures.verdict = 'not_shown_compliant';
    if (withAbsent) figures.absent = absent;
    return figures;
  }

  spans(): DaySpan[] {
    const spans: DaySpan[] = [];
    for (let i = 0; i < this.states.length; i++) {
      const state = this.at(i);
      const last = spans.at(-1);
      if (last !== undefined && last.state === state) last.to = dayText(this.first + i);
      else spans.push({ from: dayText(this.first + i), to: dayText(this.first + i), state });
    }
    return spans;
  }
}

interface Row {
  key: string;
  accountId: string;
  accountName?: string;
  emailDomain: string;
  declared: boolean;
  connectorId?: string;
  connectorIds: Set<string>;
  firstSeen?: { at: number; text: string };
  lastSeen?: { at: number; text: string };
  episodes: DriftEpisode[];
  open?: DriftEpisode;
  grid: DayGrid;
}

function rowKey(accountId: string, item: ConnectorCheck): string {
  return item.declared === 'undeclared' ? `u\u0000${accountId}\u0000${item.emailDomain}\u0000${item.connectorId ?? ''}` : `d\u0000${accountId}\u0000${item.emailDomain}`;
}

/** One account of one run, filed under the day its data was read. */
interface Entry {
  at: number;
  readAt: string;
  day: number;
  report: Report;
  account: ReportAccount;
  /** Whether the findings behind each (account, domain, rule) of its run are drift (driftByCheck). */
  drift: ReadonlyMap<string, boolean>;
  state: Observed;
}

interface Period {
  first: number;
  count: number;
}

/**
 * `known`: every account any run of the series listed, in the period or not (id to name). One the period's runs
 * never read is no evidence on each of its days: a narrower --from/--to never hides an account that stopped being checked.
 */
function buildSeries(path: string, inputs: Array<HistoryInput & { runAt: number; runReadAt: string; drift: ReadonlyMap<string, boolean>; states: Map<string, Observed> }>, period: Period, known: ReadonlyMap<string, string | undefined>): HistorySeries {
  const ordered = [...inputs].sort((a, b) => a.runAt - b.runAt || compareText(a.file, b.file));
  const runs: HistoryRun[] = ordered.map(({ file, report, runReadAt: readAt, states, runAt }) => ({
    file,
    generatedAt: report.generatedAt,
    readAt,
    day: dayText(Math.floor(runAt / DAY_MS)),
    observed: observedStatus(states),
    source: sourceKind(report),
    desiredStateSha256: report.desiredState.sha256,
  }));

  // Every account of every run, filed under its own read time (a run over midnight files each account apart).
  const entries: Entry[] = [];
  for (const { report, runAt, runReadAt: readAt, drift, states } of ordered) {
    for (const account of report.accounts) {
      const own = account.readAt === undefined ? undefined : instant(account.readAt);
      const at = own ?? runAt;
      const day = Math.floor(at / DAY_MS);
      if (day < period.first || day >= period.first + period.count) continue;
      entries.push({ at, readAt: account.readAt ?? readAt, day, report, account, drift, state: states.get(account.id) as Observed });
    }
  }
  entries.sort((a, b) => a.at - b.at);

  const accountGrids = new Map<string, { name?: string; runs: number; grid: DayGrid }>();
  const rows = new Map<string, Row>();
  const rowsOfAccount = new Map<string, Row[]>();
  for (const entry of entries) {
    const { account } = entry;
    let acc = accountGrids.get(account.id);
    if (acc === undefined) {
      acc = { runs: 0, grid: new DayGrid(period.first, period.count) };
      accountGrids.set(account.id, acc);
    }
    if (account.name !== undefined) acc.name = account.name;
    acc.runs += 1;
    acc.grid.add(entry.day, entry.state);
    for (const item of account.checks) {
      const key = rowKey(account.id, item);
      if (rows.has(key)) continue;
      const row: Row = { key, accountId: account.id, emailDomain: item.emailDomain, declared: item.declared !== 'undeclared', connectorIds: new Set(), episodes: [], grid: new DayGrid(period.first, period.count) };
      if (!row.declared && item.connectorId !== undefined) row.connectorId = item.connectorId;
      rows.set(key, row);
      const list = rowsOfAccount.get(account.id);
      if (list === undefined) rowsOfAccount.set(account.id, [row]);
      else list.push(row);
    }
  }

  for (const [id, name] of known) {
    if (!accountGrids.has(id)) accountGrids.set(id, { ...(name === undefined ? {} : { name }), runs: 0, grid: new DayGrid(period.first, period.count) });
  }

  // Each row at each entry of its account: its checks' worst state; not listed in a decided account is absent.
  for (const entry of entries) {
    const { account } = entry;
    const listed = new Map<string, { state: Observed; rules: string[] }>();
    for (const item of account.checks) {
      const key = rowKey(account.id, item);
      const row = rows.get(key) as Row;
      if (account.name !== undefined) row.accountName = account.name;
      if (row.declared && item.connectorId !== undefined) row.connectorIds.add(item.connectorId);
      const state = itemState(entry.drift, account.id, item);
      const before = listed.get(key);
      const rules = item.checks.filter((check) => check.result === 'fail').map((check) => check.ruleId);
      listed.set(key, { state: before === undefined ? state : (worse(before.state, state) as Observed), rules: [...(before?.rules ?? []), ...rules] });
    }
    const accountDecided = entry.state !== 'undecided' || account.verdict !== 'error';
    for (const row of rowsOfAccount.get(account.id) ?? []) {
      const seen = listed.get(row.key);
      if (seen !== undefined) {
        const text = entry.readAt;
        row.firstSeen ??= { at: entry.at, text };
        row.lastSeen = { at: entry.at, text };
      }
      const state: DayState = seen?.state ?? (accountDecided ? 'absent' : 'undecided');
      row.grid.add(entry.day, state);
      track(row, entry, state, seen?.rules ?? []);
    }
  }

  const lastRunDay = entries.length === 0 ? period.first : (entries.at(-1) as Entry).day;
  for (const row of rows.values()) if (row.open !== undefined) row.open.daysOpen = lastRunDay - Math.floor(instant(row.open.firstSeen) / DAY_MS);

  const accounts: AccountHistory[] = [...accountGrids.entries()].map(([accountId, { name, runs: count, grid }]) => {
    const history: AccountHistory = { accountId, ...(name === undefined ? {} : { accountName: name }), runs: count, ...grid.figures(false), spans: grid.spans() };
    return history;
  });

  const connectors: ConnectorHistory[] = [...rows.values()]
    .filter((row) => row.firstSeen !== undefined)
    .sort((a, b) => compareText(a.accountId, b.accountId) || Number(b.declared) - Number(a.declared) || compareText(a.emailDomain, b.emailDomain) || compareText(a.connectorId ?? '', b.connectorId ?? ''))
    .map((row) => {
      const history: ConnectorHistory = {
        accountId: row.accountId,
        ...(row.accountName === undefined ? {} : { accountName: row.accountName }),
        emailDomain: row.emailDomain,
        declared: row.declared,
        ...(row.declared ? { connectorIds: [...row.connectorIds].sort(compareText) } : row.connectorId === undefined ? {} : { connectorId: row.connectorId }),
        firstSeen: (row.firstSeen as { text: string }).text,
        lastSeen: (row.lastSeen as { text: string }).text,
        episodes: row.episodes,
        ...row.grid.figures(true),
        spans: row.grid.spans(),
      };
      return history;
    });

  // The series per day: the worst state of any of its accounts; an account not read that day is a gap.
  const grid = new DayGrid(period.first, period.count);
  for (let i = 0; i < period.count; i++) {
    for (const { grid: own } of accountGrids.values()) grid.add(period.first + i, own.at(i));
  }
  return {
    desiredState: path,
    desiredStateSha256s: [...new Set(runs.map((run) => run.desiredStateSha256))],
    ...grid.figures(false),
    spans: grid.spans(),
    runs,
    accounts,
    connectors,
  };
}

/** Opens, extends or resolves the row's drift episode; a gap (undecided) neither extends nor resolves it. */
function track(row: Row, entry: Entry, state: DayState, rules: string[]): void {
  if (state === 'drift') {
    if (row.open === undefined) {
      row.open = { firstSeen: entry.readAt, lastSeen: entry.readAt, daysOpen: 0, ruleIds: [] };
      row.episodes.push(row.open);
    }
    row.open.lastSeen = entry.readAt;
    row.open.ruleIds = [...new Set([...row.open.ruleIds, ...rules])].sort(compareText);
  } else if ((state === 'compliant' || state === 'absent') && row.open !== undefined) {
    row.open.resolved = entry.readAt;
    row.open.daysOpen = entry.day - Math.floor(instant(row.open.firstSeen) / DAY_MS);
    row.open = undefined;
  }
}

/** The days from `first` to `last` (day numbers), or HistoryRangeError: reversed, or over MAX_HISTORY_DAYS. */
function periodDays(first: number, last: number, what: string): number {
  if (last < first) throw new HistoryRangeError(`the period ends (${dayText(last)}) before it starts (${dayText(first)})`);
  const count = last - first + 1;
  if (count > MAX_HISTORY_DAYS) {
    throw new HistoryRangeError(
      `${what} ${count.toLocaleString('en-US')} days (${dayText(first)} to ${dayText(last)}); ` +
        `history covers at most ${MAX_HISTORY_DAYS.toLocaleString('en-US')} days (ten years): give --from and --to (YYYY-MM-DD) for a shorter period`,
    );
  }
  return count;
}

/** A --from/--to period checked before any report is read (HistoryRangeError when it cannot be drawn). */
export function checkPeriod(from: string, to: string): void {
  periodDays(dayNumber(from), dayNumber(to), 'the period spans');
}

/**
 * One series per desired-state file path, in path order, over the period asked for (default: the days the
 * runs were read). Inputs must be valid, distinct reports (see the CLI). Throws HistoryRangeError for a
 * period longer than MAX_HISTORY_DAYS or one that ends before it starts.
 */
export function buildHistory(inputs: HistoryInput[], options: HistoryOptions = {}): History {
  // Each report decided again from its own accounts and findings, whoever passed it: its own status, verdicts
  // and counts are never trusted (the CLI's loader has done so already; this pure function does not rely on it).
  const timed = inputs.map(({ report: given, ...input }) => {
    const report = decide(given);
    const readAt = runReadAt(report);
    const drift = driftByCheck(report);
    return { ...input, report, runReadAt: readAt, runAt: instant(readAt), drift, states: accountStates(report, drift, given.status) };
  });
  // The days the data was read: each account's own read time, else its run's.
  let firstRead = Infinity;
  let lastRead = -Infinity;
  for (const { report, runAt } of timed) {
    for (const at of [runAt, ...report.accounts.flatMap((account) => (account.readAt === undefined ? [] : [instant(account.readAt)]))]) {
      firstRead = Math.min(firstRead, Math.floor(at / DAY_MS));
      lastRead = Math.max(lastRead, Math.floor(at / DAY_MS));
    }
  }
  const first = options.from !== undefined ? dayNumber(options.from) : firstRead;
  const last = options.to !== undefined ? dayNumber(options.to) : lastRead;
  if (!Number.isFinite(first) || !Number.isFinite(last)) throw new HistoryRangeError('no report to draw a history from');
  const count = periodDays(first, last, options.from !== undefined && options.to !== undefined ? 'the period spans' : 'the reports span');
  const period = { first, count };
  const inPeriod = timed.filter(({ report, runAt }) =>
    [runAt, ...report.accounts.flatMap((account) => (account.readAt === undefined ? [] : [instant(account.readAt)]))].some((at) => {
      const day = Math.floor(at / DAY_MS);
      return day >= first && day <= last;
    }),
  );

  // Every file any report checked is a series, with the runs of the period (maybe none: then every day is a gap).
  const byPath = new Map<string, typeof inPeriod>(timed.map(({ report }) => [report.desiredState.path, []]));
  for (const input of inPeriod) {
    const list = byPath.get(input.report.desiredState.path);
    if (list === undefined) byPath.set(input.report.desiredState.path, [input]);
    else list.push(input);
  }
  const known = new Map<string, Map<string, string | undefined>>();
  for (const { report } of timed) {
    const path = report.desiredState.path;
    const accounts = known.get(path) ?? new Map<string, string | undefined>();
    known.set(path, accounts);
    for (const account of report.accounts) accounts.set(account.id, account.name ?? accounts.get(account.id));
  }
  const series = [...byPath.keys()].sort(compareText).map((path) => buildSeries(path, byPath.get(path) as typeof inPeriod, period, known.get(path) as Map<string, string | undefined>));

  // The whole period: per day the worst of every series; a day no series has is a gap.
  const grid = new DayGrid(first, count);
  for (const one of series) {
    let day = first;
    for (const span of one.spans) {
      for (const end = dayNumber(span.to); day <= end; day++) grid.add(day, span.state);
    }
  }
  return { kind: 'cf-sso-guard-history', schemaVersion: 2, from: dayText(first), to: dayText(last), ...grid.figures(false), spans: grid.spans(), series };
}
