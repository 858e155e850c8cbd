// Runs the built CLI as a child process, the way CI runs it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Async on purpose: an emulator in the test process must keep serving while the CLI runs. */
export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** written to stdin, then closed */
  input?: string;
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return runProcess(process.execPath, [CLI, ...args], options, `cf-sso-guard ${args.join(' ')}`);
}

/** Any program as a process (e.g. `bash -c` for a README recipe): PATH and HOME plus `options.env`, in REPO_ROOT by default. */
export function runProcess(command: string, args: string[], options: RunOptions = {}, name = `${command} ${args.join(' ')}`): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    // Like /dev/null when there is no input: EOF at once.
    child.stdin.on('error', () => undefined); // the program may exit before reading it
    child.stdin.end(options.input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not finish in time\nstdout:${stdout}\nstderr:${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
