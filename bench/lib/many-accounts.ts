// 2. Many accounts: 400 accounts x 20 connectors on the emulator with 25 ms per request, the CLI as
// a whole process at its default concurrency; then the same under a small server-side rate limit.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import { join } from 'node:path';
import { readInventories } from '../../src/cloudflare';
import { generateSeed, startEmulator, type EmulatorStats, type RunningEmulator } from '../../src/emulator';
import type { Report } from '../../src/core/types';
import { BENCH_TOKEN, desiredYamlFor, writeFixture } from './fixtures';
import { fmtMs, fmtRatio, median, timeProcess } from './measure';
import { PREVIOUS } from './previous';
import type { BenchContext } from './context';

const SECTION = '2. Many accounts (400 accounts x 20 connectors, 25 ms per request)';
const ACCOUNTS = 400;
const CONNECTORS = 20;
const LATENCY_MS = 25;
const CONCURRENCY = 8; // the CLI's default; the runs below do not pass --concurrency
const LIMIT = { requests: 100, windowMs: 2_000 };
const READ_LIMIT = 1.15; // × ideal
const RATE_LIMITED_LIMIT = 1.2; // × the time the limit allows

interface CliRun {
  ms: number;
  report: Report;
  stats: EmulatorStats;
}

/** Every account read exactly once, with one request each (per_page 50 > 20 connectors), all ok. */
function everyAccountRead(run: CliRun, accountIds: string[]): string | undefined {
  const ok = run.report.accounts.filter((a) => a.status === 'ok' && a.connectors === CONNECTORS).length;
  if (ok !== accountIds.length) return `${ok}/${accountIds.length} accounts read completely`;
  const served = accountIds.filter((id) => run.stats.byAccount[id]?.byRoute.list !== undefined).length;
  if (served !== accountIds.length) return `the emulator served ${served}/${accountIds.length} accounts`;
  if (run.report.status !== 'compliant') return `status ${run.report.status}`;
  return undefined;
}

/** CPU time of the whole process since `start`, ms: the client's own work, whatever the machine's load. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** In the child: reads every account of the ids file once; prints {ms, ok}. Token from the environment. */
export async function readerChild(argv: string[]): Promise<number> {
  const [baseURL, idsPath] = argv;
  const ids = JSON.parse(readFileSync(idsPath, 'utf8')) as string[];
  const started = performance.now();
  const cpu = process.cpuUsage();
  const inventories = await readInventories(ids, { apiToken: process.env.CLOUDFLARE_API_TOKEN ?? '', baseURL });
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, cpuMs: cpuMsSince(cpu), ok: inventories.filter((i) => i.status === 'ok').length }));
  return 0;
}

/**
 * In the child: the same requests from a bare client (node:http keep-alive, the same concurrency,
 * JSON.parse of each body, nothing else): what any client pays against this emulator.
 */
export async function bareReaderChild(argv: string[]): Promise<number> {
  const [baseURL, idsPath] = argv;
  const ids = JSON.parse(readFileSync(idsPath, 'utf8')) as string[];
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const get = (id: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const request = http.get(`${baseURL}/accounts/${id}/sso_connectors`, { agent, headers: { authorization: `Bearer ${process.env.CLOUDFLARE_API_TOKEN ?? ''}` } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { result: unknown[] }).result.length));
        response.on('error', reject);
      });
      request.on('error', reject);
    });
  let next = 0;
  let ok = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ids.length) if ((await get(ids[next++])) === CONNECTORS) ok++;
    }),
  );
  const ms = performance.now() - started;
  agent.destroy();
  process.stdout.write(JSON.stringify({ ms, cpuMs: cpuMsSince(cpu), ok }));
  return 0;
}

export async function manyAccounts(ctx: BenchContext): Promise<void> {
  process.stdout.write(`\n${SECTION}\n`);
  const seed = generateSeed({ accounts: ACCOUNTS, connectorsPerAccount: CONNECTORS, salt: 'many' });
  const accountIds = Object.keys(seed.accounts);
  const desiredPath = writeFixture(ctx.cacheDir, 'many-accounts.yaml', desiredYamlFor(seed));
  const reportPath = join(ctx.cacheDir, 'many-accounts-report.json');
  const idsPath = writeFixture(ctx.cacheDir, 'many-accounts-ids.json', JSON.stringify(accountIds));
  const emulator: RunningEmulator = await startEmulator({ token: BENCH_TOKEN, seed, latencyMs: LATENCY_MS });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', CLOUDFLARE_API_TOKEN: BENCH_TOKEN, CLOUDFLARE_BASE_URL: emulator.url };
  const runCli = async (extra: string[]): Promise<CliRun> => {
    const run = await timeProcess({ command: process.execPath, args: [ctx.cli, 'check', '-c', desiredPath, '--format', 'json', '-o', reportPath, ...extra], env, cwd: ctx.root });
    if (run.code !== 0) throw new Error(`check exited ${run.code}: ${run.stderr.slice(0, 500)}`);
    return { ms: run.ms, report: JSON.parse(readFileSync(reportPath, 'utf8')) as Report, stats: emulator.stats() };
  };
  try {
    const ideal = (ACCOUNTS / CONCURRENCY) * LATENCY_MS;
    const before = PREVIOUS.many;
    const was = (ms: number, of: number, what: string): string => `${fmtMs(ms)}, ${fmtRatio(ms / of)} ${what}`;
    // What one request costs here at all: sequential round trips from this (warm) process.
    const trips: number[] = [];
    for (let i = 0; i < 21; i++) {
      const started = performance.now();
      const response = await fetch(`${emulator.url}/accounts/${accountIds[i]}/sso_connectors?per_page=50`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
      await response.text();
      if (i > 0) trips.push(performance.now() - started);
    }
    const trip = median(trips);
    ctx.results.add({
      section: SECTION,
      name: 'one request to the emulator, round trip (sequential, warm)',
      measured: fmtMs(trip),
      ratio: `${fmtRatio(trip / LATENCY_MS)} the ${LATENCY_MS} ms latency`,
      target: '',
      pass: null,
      note: `${ACCOUNTS} ÷ ${CONCURRENCY} of these = ${fmtMs((ACCOUNTS / CONCURRENCY) * trip)}, ${fmtRatio(((ACCOUNTS / CONCURRENCY) * trip) / ideal)} ideal: the emulator's own floor (timer granularity, serving)`,
      previous: fmtMs(before.trip),
    });

    // Default limits: Cloudflare's 1,200 requests / 5 min allows 400 requests at once.
    const times: number[] = [];
    const runs = 3;
    for (let i = 0; i < runs; i++) {
      emulator.reset();
      const run = await runCli([]);
      const problem = everyAccountRead(run, accountIds);
      if (problem) throw new Error(`unlimited run: ${problem}`);
      if (run.stats.maxInFlight > CONCURRENCY) throw new Error(`${run.stats.maxInFlight} requests in flight, more than the concurrency ${CONCURRENCY}`);
      times.push(run.ms);
    }
    const wall = median(times);
    ctx.results.add({
      section: SECTION,
      name: `check, whole process, default concurrency ${CONCURRENCY}, every account read`,
      measured: fmtMs(wall),
      ratio: `${fmtRatio(wall / ideal)} ideal (${ACCOUNTS} ÷ ${CONCURRENCY} × ${LATENCY_MS} ms = ${fmtMs(ideal)})`,
      target: '',
      pass: null,
      note: `median of ${runs}; includes process start, loading ${ACCOUNTS * CONNECTORS} declared connectors and the report (no target: the read below is what the ideal models)`,
      previous: was(before.wholeProcess, ideal, 'ideal'),
    });

    // The read alone (readInventories in a child process, default options): what the ideal models.
    const readIn = async (child: 'reader-child' | 'bare-reader-child'): Promise<{ ms: number; cpuMs: number }> => {
      const reads: number[] = [];
      const cpus: number[] = [];
      for (let i = 0; i < runs; i++) {
        emulator.reset();
        const run = await timeProcess({ command: process.execPath, args: [ctx.self, child, emulator.url, idsPath], env, cwd: ctx.root });
        if (run.code !== 0) throw new Error(`${child} exited ${run.code}: ${run.stderr.slice(0, 500)}`);
        const read = JSON.parse(run.stdout) as { ms: number; cpuMs: number; ok: number };
        if (read.ok !== ACCOUNTS) throw new Error(`${child}: ${read.ok}/${ACCOUNTS} accounts ok`);
        reads.push(read.ms);
        cpus.push(read.cpuMs);
      }
      return { ms: median(reads), cpuMs: median(cpus) };
    };
    const { ms: readMs, cpuMs: readCpuMs } = await readIn('reader-child');
    const { ms: bareMs, cpuMs: bareCpuMs } = await readIn('bare-reader-child');
    ctx.results.add({
      section: SECTION,
      name: `the read alone (readInventories, default concurrency ${CONCURRENCY}, in a child process)`,
      measured: fmtMs(readMs),
      ratio: `${fmtRatio(readMs / ideal)} ideal`,
      target: `≤ ${READ_LIMIT} × ideal (${fmtMs(ideal)})`,
      pass: readMs / ideal <= READ_LIMIT,
      note: `median of ${runs}; every account read; the process's CPU time in the read ${fmtMs(readCpuMs)}; the whole-process figure above adds start, YAML and report`,
      previous: was(before.read, ideal, 'ideal'),
    });
    ctx.results.add({
      section: SECTION,
      name: `the same requests from a bare node:http client (keep-alive, concurrency ${CONCURRENCY}, JSON.parse only)`,
      measured: fmtMs(bareMs),
      ratio: `${fmtRatio(bareMs / ideal)} ideal`,
      target: '',
      pass: null,
      note:
        `median of ${runs}; what any client pays against this emulator (CPU time ${fmtMs(bareCpuMs)}); the reader (SDK, paging proof, limits, ` +
        `redaction) adds ${fmtMs(readMs - bareMs)} of time and ${fmtMs(readCpuMs - bareCpuMs)} of CPU`,
      previous: was(before.bare, ideal, 'ideal'),
    });

    const fixed = wall - readMs;
    const floor = (ACCOUNTS / CONCURRENCY) * trip + fixed;
    ctx.results.note(
      `Many accounts: the whole-process figure is bounded by the emulator's round trip (${fmtMs(trip)} for a ${LATENCY_MS} ms latency, ` +
        `so ${ACCOUNTS / CONCURRENCY} sequential rounds take ${fmtMs((ACCOUNTS / CONCURRENCY) * trip)} at best) plus what is not the read ` +
        `(${fmtMs(fixed)}: process start, loading ${ACCOUNTS * CONNECTORS} declared connectors, evaluation, report): ` +
        `${fmtMs(floor)} = ${fmtRatio(floor / ideal)} ideal before any client overhead.`,
    );

    // A small server-side limit, and the same limit told to the tool: no 429 at all.
    emulator.reset();
    emulator.configure({ rateLimit: LIMIT });
    const limited = await runCli(['--rate-limit', `${LIMIT.requests}/${LIMIT.windowMs / 1000}`]);
    const problem = everyAccountRead(limited, accountIds);
    // The limit lets R requests through per window: the last batch starts after (ceil(N/R) - 1)
    // windows and then takes as long as an unlimited batch of its size.
    const batches = Math.ceil(ACCOUNTS / LIMIT.requests);
    const lastBatch = ACCOUNTS - (batches - 1) * LIMIT.requests;
    const allowed = (batches - 1) * LIMIT.windowMs + (lastBatch / CONCURRENCY) * LATENCY_MS;
    ctx.results.add({
      section: SECTION,
      name: `rate limit ${LIMIT.requests} requests / ${LIMIT.windowMs / 1000} s on the emulator and --rate-limit ${LIMIT.requests}/${LIMIT.windowMs / 1000}: 429 responses`,
      measured: String(limited.stats.rateLimited),
      ratio: '',
      target: '0 (emulator stats().rateLimited)',
      pass: limited.stats.rateLimited === 0 && problem === undefined,
      note: problem ?? `${limited.stats.totalRequests} requests, every account read`,
      previous: String(before.rateLimited),
    });
    ctx.results.add({
      section: SECTION,
      name: 'rate-limited run, whole process',
      measured: fmtMs(limited.ms),
      ratio: `${fmtRatio(limited.ms / allowed)} allowed`,
      target: `≤ ${RATE_LIMITED_LIMIT} × the time the limit allows ((${batches} - 1) × ${LIMIT.windowMs / 1000} s + ${lastBatch} ÷ ${CONCURRENCY} × ${LATENCY_MS} ms = ${fmtMs(allowed)})`,
      pass: limited.ms / allowed <= RATE_LIMITED_LIMIT && problem === undefined,
      previous: was(before.limitedWholeProcess, allowed, 'allowed'),
    });
  } finally {
    await emulator.close();
  }
}
