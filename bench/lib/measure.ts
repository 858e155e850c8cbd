// Timing helpers: whole processes timed from spawn to exit, medians, interleaved rounds.
import { spawn } from 'node:child_process';

export interface ProcessRun {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SpawnSpec {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs one process to its end; the time is spawn -> exit as the parent sees it. */
export function timeProcess(spec: SpawnSpec, timeoutMs = 120_000): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(spec.command, spec.args, { env: spec.env ?? process.env, cwd: spec.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${spec.command} ${spec.args.join(' ')}: no exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // 'close' follows once the pipes are drained; the time is taken at exit.
      child.on('close', () => {
        clearTimeout(timer);
        resolve({ ms, code, stdout, stderr });
      });
    });
  });
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs every named spec `rounds` times, interleaved (round 1: a b c, round 2: b c a, ...), so that
 * noise from other load on the machine falls on all of them alike. `check` sees every run.
 */
export async function interleaved(
  specs: Record<string, SpawnSpec>,
  rounds: number,
  check: (name: string, run: ProcessRun) => void,
): Promise<Record<string, number[]>> {
  const names = Object.keys(specs);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      const run = await timeProcess(specs[name]);
      check(name, run);
      times[name].push(run.ms);
    }
  }
  return times;
}

export const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
export const fmtRatio = (r: number): string => `${r.toFixed(2)}×`;
