// 3. Engine scale: the rule engine alone (evaluate + buildReport) on 1k, 10k and 100k connectors
// spread over 1,000 accounts, all compliant and with drift. Times: a child per size and case runs the
// engine RUNS times. Peak memory: another child runs it once, as the CLI does (in the timing child
// V8 may keep the earlier runs' discarded results, as no full collection is due yet).
import { buildReport, evaluate } from '../../src/engine';
import type { AccountInventory, DesiredAccount, DesiredConnector, DesiredState, ObservedConnector, Waiver } from '../../src/core/types';
import { fmtMs, fmtRatio, median, timeProcess } from './measure';
import type { BenchContext } from './context';

const SECTION = '3. Engine scale (evaluate + buildReport, 1,000 accounts)';
const SIZES = [1_000, 10_000, 100_000];
const ACCOUNTS = 1_000;
const RUNS = 5;
const TODAY = '2026-06-01';

interface ChildResult {
  connectors: number;
  drift: boolean;
  firstMs: number;
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
  let findings = 0;
  let resultHeap = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = evaluate(desired, inventories, { today: TODAY });
    const report = buildReport({ desired, inventories, ...result, generatedAt: new Date().toISOString(), asOf: TODAY, toolVersion: 'bench', failOn: 'error' });
    times.push(performance.now() - started);
    findings = report.findings.length;
    if (i === 0) {
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
    const bySize = new Map<number, ChildResult>();
    const child = async (size: number, runs: number): Promise<ChildResult> => {
      const run = await timeProcess({ command: process.execPath, args: ['--expose-gc', ctx.self, 'engine-child', String(size), drift ? 'drift' : 'compliant', String(runs)], cwd: ctx.root });
      if (run.code !== 0) throw new Error(`engine child ${size} ${label} exited ${run.code}: ${run.stderr.slice(0, 500)}`);
      return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
    };
    for (const size of SIZES) {
      const result = await child(size, RUNS);
      const once = await child(size, 1);
      bySize.set(size, result);
      const big = size === 100_000;
      ctx.results.add({
        section: SECTION,
        name: `${size.toLocaleString('en')} connectors, ${label}: time`,
        measured: fmtMs(result.medianMs),
        ratio: big ? `${fmtRatio(result.medianMs / 300)} target` : '',
        target: big ? '≤ 300 ms' : '',
        pass: big ? result.medianMs <= 300 && result.firstMs <= 300 : null,
        note: `median of ${RUNS} in one process; first run ${fmtMs(result.firstMs)}; ${result.findings} findings`,
      });
      ctx.results.add({
        section: SECTION,
        name: `${size.toLocaleString('en')} connectors, ${label}: peak memory`,
        measured: `${once.peakRssMB.toFixed(0)} MB`,
        ratio: big ? `${fmtRatio(once.peakRssMB / 300)} target` : '',
        target: big ? '≤ 300 MB (peak RSS of the whole child: inputs + engine)' : '',
        pass: big ? once.peakRssMB <= 300 : null,
        note:
          `one run in a child of its own; inputs alone ${once.inputsRssMB.toFixed(0)} MB RSS; one result (findings + report) holds ` +
          `${once.resultHeapMB.toFixed(1)} MB of heap; the timing child peaked at ${result.peakRssMB.toFixed(0)} MB after ${RUNS} runs`,
      });
    }
    const growth = (bySize.get(100_000)?.medianMs ?? NaN) / (bySize.get(10_000)?.medianMs ?? NaN);
    ctx.results.add({
      section: SECTION,
      name: `10k -> 100k connectors, ${label}: time growth`,
      measured: fmtRatio(growth),
      ratio: `${fmtRatio(growth / 10)} linear`,
      target: '≤ 12× (10× the input)',
      pass: growth <= 12,
    });
  }
}
