// 3. Engine scale: the rule engine alone on 1k, 10k and 100k connectors spread over 1,000 accounts,
// all compliant and with drift. The targets are on 10k connectors with drift, a large real estate
// (one connector per email domain); 100k is shown for information. First run: FRESH children that
// each build the inputs and run the engine once, as the CLI does (nothing warmed), which also gives
// the peak memory. Warm time: one more child runs the engine RUNS times.
import { buildReport, evaluate } from '../../src/engine';
import type { AccountInventory, DesiredAccount, DesiredConnector, DesiredState, ObservedConnector, Report, Waiver } from '../../src/core/types';
import { fmtMs, fmtRatio, median, timeProcess } from './measure';
import { PREVIOUS } from './previous';
import type { BenchContext } from './context';

const SECTION = '3. Engine scale (evaluate + buildReport, 1,000 accounts)';
const SIZES = [1_000, 10_000, 100_000];
const TARGET_SIZE = 10_000;
const FIRST_RUN_LIMIT_MS = 250;
const PEAK_LIMIT_MB = 200;
const GROWTH_LIMIT = 12;
const ACCOUNTS = 1_000;
const RUNS = 5;
const FRESH = 5;
const TODAY = '2026-06-01';

/**
 * The bench's only call into the engine, through its public functions: one run as the CLI makes it.
 * When the engine's signatures change, this is the one place to follow them.
 */
export function runEngine(desired: DesiredState, inventories: AccountInventory[]): Report {
  return buildReport({ desired, inventories, ...evaluate(desired, inventories, { today: TODAY }), generatedAt: new Date().toISOString(), asOf: TODAY, toolVersion: 'bench', failOn: 'error' });
}

interface ChildResult {
  connectors: number;
  drift: boolean;
  firstMs: number;
  /** CPU time of the main thread in the first run: about what the wall time would be with the machine to itself. */
  firstCpuMs: number;
  medianMs: number;
  findings: number;
  /** Peak resident set of the whole child (inputs + engine), MB. */
  peakRssMB: number;
  /** Resident set with the inputs built, before the engine ran, MB. */
  inputsRssMB: number;
  /** Heap held by one result (findings + report), MB. */
  resultHeapMB: number;
}

const hex = (n: number): string => n.toString(16).padStart(32, '0');

/** Deterministic inputs. Drift: about 1 connector in 50 of each kind, plus waivers (used, unused, expired). */
export function engineInputs(total: number, drift: boolean): { desired: DesiredState; inventories: AccountInventory[] } {
  const perAccount = total / ACCOUNTS;
  const accounts: DesiredAccount[] = [];
  const inventories: AccountInventory[] = [];
  const waivers: Waiver[] = [];
  let line = 1;
  for (let a = 0; a < ACCOUNTS; a++) {
    const accountId = hex(a + 1);
    const connectors: DesiredConnector[] = [];
    const observed: ObservedConnector[] = [];
    for (let c = 0; c < perAccount; c++) {
      const n = a * perAccount + c;
      const emailDomain = `c${c}.a${a}.example.com`;
      connectors.push({ accountId, emailDomain, state: 'present', enabled: true, verification: ['verified'], useFedrampLanguage: false, location: { file: 'bench.yaml', line: line++, column: 9 } });
      const live: ObservedConnector = {
        accountId,
        id: hex(0x10000000 + n),
        emailDomain,
        enabled: true,
        useFedrampLanguage: false,
        verification: { status: 'verified', code: `cloudflare_dashboard_sso=${n}` },
        createdOn: '2026-01-01T00:00:00Z',
        updatedOn: '2026-01-01T00:00:00Z',
      };
      const kind = drift ? n % 50 : -1;
      if (kind === 0) continue; // missing
      if (kind === 1) live.enabled = false;
      if (kind === 2) live.verification = { status: 'pending', code: `cloudflare_dashboard_sso=${n}` };
      if (kind === 3) live.useFedrampLanguage = true;
      observed.push(live);
      if (kind === 4) observed.push({ ...live, id: hex(0x20000000 + n) }); // duplicate
      if (kind === 5) observed.push({ ...live, id: hex(0x30000000 + n), emailDomain: `extra${c}.a${a}.example.com` }); // unexpected
    }
    accounts.push({ id: accountId, name: `account-${a}`, unmanaged: a % 2 === 0 ? 'error' : 'warning', connectors, location: { file: 'bench.yaml', line: line++, column: 5 } });
    inventories.push({ accountId, status: 'ok', connectors: observed, fetchedAt: '2026-06-01T00:00:00Z', pagesFetched: Math.max(1, Math.ceil(observed.length / 50)) });
    if (drift && a % 10 === 0 && perAccount > 0) {
      const base = { accountId, reason: 'bench', approvedBy: 'bench@example.com', location: { file: 'bench.yaml', line: line++, column: 5 } };
      waivers.push({ ...base, emailDomain: `c0.a${a}.example.com`, kind: 'missing', expires: '2027-01-01' }); // used when c0 is missing
      waivers.push({ ...base, emailDomain: `c1.a${a}.example.com`, kind: 'enabled_mismatch', expires: '2026-01-01' }); // expired
    }
  }
  return { desired: { version: 1, file: 'bench.yaml', sha256: '0'.repeat(64), accounts, waivers }, inventories };
}

/** In the child: builds the inputs, runs the engine `runs` times, prints one JSON line. */
export async function engineChild(argv: string[]): Promise<number> {
  const total = Number(argv[0]);
  const drift = argv[1] === 'drift';
  const runs = Number(argv[2] ?? RUNS);
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const { desired, inventories } = engineInputs(total, drift);
  gc();
  const inputsRss = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const times: number[] = [];
  let firstCpuMs = 0;
  let findings = 0;
  let resultHeap = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuBefore = process.threadCpuUsage();
    const report = runEngine(desired, inventories);
    times.push(performance.now() - started);
    findings = report.findings.length;
    if (i === 0) {
      const cpu = process.threadCpuUsage(cpuBefore);
      firstCpuMs = (cpu.user + cpu.system) / 1000;
      gc();
      resultHeap = process.memoryUsage().heapUsed - heapBefore;
    }
    if (report.accounts.length !== ACCOUNTS || report.status !== (drift ? 'drift' : 'compliant')) {
      throw new Error(`unexpected report: ${report.accounts.length} accounts, status ${report.status}`);
    }
  }
  const result: ChildResult = {
    connectors: total,
    drift,
    firstMs: times[0],
    firstCpuMs,
    medianMs: median(times),
    findings,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    inputsRssMB: inputsRss / 2 ** 20,
    resultHeapMB: resultHeap / 2 ** 20,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

export async function engineScale(ctx: BenchContext): Promise<void> {
  process.stdout.write(`\n${SECTION}\n`);
  for (const drift of [false, true]) {
    const label = drift ? 'with drift' : 'all compliant';
    const previous = PREVIOUS.engine[drift ? 'drift' : 'compliant'];
    const child = async (size: number, runs: number): Promise<ChildResult> => {
      const run = await timeProcess({ command: process.execPath, args: ['--expose-gc', ctx.self, 'engine-child', String(size), drift ? 'drift' : 'compliant', String(runs)], cwd: ctx.root });
      if (run.code !== 0) throw new Error(`engine child ${size} ${label} exited ${run.code}: ${run.stderr.slice(0, 500)}`);
      return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
    };
    const warmBySize = new Map<number, number>();
    const costs: string[] = [];
    for (const size of SIZES) {
      const fresh: ChildResult[] = [];
      for (let i = 0; i < FRESH; i++) fresh.push(await child(size, 1));
      const warm = await child(size, RUNS);
      warmBySize.set(size, warm.medianMs);
      const first = median(fresh.map((r) => r.firstMs));
      const peak = median(fresh.map((r) => r.peakRssMB));
      const targeted = drift && size === TARGET_SIZE;
      const before = previous[size];
      const firstCpu = median(fresh.map((r) => r.firstCpuMs));
      if (before) {
        costs.push(
          `${size.toLocaleString('en')}: first run ${fmtMs(first)} (CPU ${fmtMs(firstCpu)}), warm ${fmtMs(warm.medianMs)}, peak ${peak.toFixed(0)} MB; ` +
            `previously ${fmtMs(before.firstMs)}, ${fmtMs(before.medianMs)}, ${before.peakMB} MB`,
        );
      }
      ctx.results.add({
        section: SECTION,
        name: `${size.toLocaleString('en')} connectors, ${label}: first run`,
        measured: fmtMs(first),
        ratio: targeted ? `${fmtRatio(first / FIRST_RUN_LIMIT_MS)} target` : '',
        target: targeted ? `≤ ${FIRST_RUN_LIMIT_MS} ms` : '',
        pass: targeted ? first <= FIRST_RUN_LIMIT_MS : null,
        note:
          `median of ${FRESH} fresh processes, each running the engine once (main-thread CPU ${fmtMs(firstCpu)}: ` +
          `about the wall time on an idle machine); warm: ${fmtMs(warm.medianMs)} (median of ${RUNS} in one process); ${warm.findings} findings`,
        previous: before ? `${fmtMs(before.firstMs)} (warm ${fmtMs(before.medianMs)})` : '',
      });
      ctx.results.add({
        section: SECTION,
        name: `${size.toLocaleString('en')} connectors, ${label}: peak memory`,
        measured: `${peak.toFixed(0)} MB`,
        ratio: targeted ? `${fmtRatio(peak / PEAK_LIMIT_MB)} target` : '',
        target: targeted ? `≤ ${PEAK_LIMIT_MB} MB (peak RSS of the whole process: inputs + engine)` : '',
        pass: targeted ? peak <= PEAK_LIMIT_MB : null,
        note:
          `median of the ${FRESH} fresh processes; inputs alone ${median(fresh.map((r) => r.inputsRssMB)).toFixed(0)} MB RSS; one result ` +
          `(findings + report) holds ${median(fresh.map((r) => r.resultHeapMB)).toFixed(1)} MB of heap`,
        previous: before ? `${before.peakMB} MB` : '',
      });
    }
    const growth = (warmBySize.get(TARGET_SIZE) ?? NaN) / (warmBySize.get(1_000) ?? NaN);
    const previousGrowth = (previous[TARGET_SIZE]?.medianMs ?? NaN) / (previous[1_000]?.medianMs ?? NaN);
    ctx.results.add({
      section: SECTION,
      name: `1k -> 10k connectors, ${label}: time growth (warm medians)`,
      measured: fmtRatio(growth),
      ratio: `${fmtRatio(growth / 10)} linear`,
      target: drift ? `≤ ${GROWTH_LIMIT}× (10× the input)` : '',
      pass: drift ? growth <= GROWTH_LIMIT : null,
      previous: fmtRatio(previousGrowth),
    });
    if (drift) {
      ctx.results.note(
        `What issue 20's simplification cost the engine, connectors with drift: ${costs.join('; ')}. The previous run was on a quiet machine, so its ` +
          'times compare with the CPU times here when this one was not.',
      );
    }
  }
}
