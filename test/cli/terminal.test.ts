// The CLI on a real terminal: under a pseudo-terminal made by util-linux's `script` (no extra package;
// .ci/run installs bsdutils if it is missing). Progress from the start, per account; text wrapped to the
// terminal's width there and never in a pipe; markers that need no colour.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSeedFile, startEmulator, type RunningEmulator } from '../../src/emulator';
import { CLI, REPO_ROOT, runCli } from '../support/cli';

const TOKEN = 'cfut_SECRET-tty-8Pq4Xn2Bv7Cs';
const ALL_KINDS = 'test/fixtures/e2e/all-kinds.yaml';
const COLUMNS = 72;
const hasScript = spawnSync('script', ['--version']).status === 0;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(REPO_ROOT, 'examples', 'demo-inventory.json')) });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI with stdout and stderr on one pseudo-terminal of COLUMNS columns; returns what it showed. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; screen: string }> {
  const command = `stty cols ${COLUMNS} rows 50; exec ${[process.execPath, CLI, ...args].map(shellQuote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-q', '-e', '-f', '-c', command, '/dev/null'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen: screen.replace(/\r\n/g, '\n') }));
  });
}

const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

// Visible skip when `script` is absent, not a silent pass.
describe.skipIf(!hasScript)('on a terminal (pseudo-terminal via script)', () => {
  const env = { CLOUDFLARE_API_TOKEN: TOKEN };

  it('progress starts before any account is read, then says per account what was read', async () => {
    const { code, screen } = await onTerminal(['check', '-c', ALL_KINDS, '--concurrency', '1'], { ...env, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1' });
    expect(code).toBe(1);
    const first = screen.indexOf('Reading 0/2 accounts…');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(screen.indexOf('Reading 1/2 accounts…'));
    expect(screen).toContain('Reading 1/2 accounts…  production: read, 5 connectors');
    expect(screen).toContain('Reading 2/2 accounts…  gov: read, 3 connectors');
    // The report's heading keeps "read" and the verdict apart.
    expect(screen).toMatch(/production \(023e105f4ecef8ad9ca31a8372d0c353\)\s+read, 5\s+connectors ·\s+drift: \d+ errors?/);
    expect(screen).not.toContain(TOKEN);
  });

  it('wraps the text report to the terminal width; the same run in a pipe is not wrapped', async () => {
    const { screen } = await onTerminal(['check', '-c', ALL_KINDS], { ...env, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1' });
    // The report (after the progress line is cleared) fits the terminal.
    const report = stripAnsi(screen.slice(screen.indexOf('cf-sso-guard 0.1.0')));
    const lines = report.split('\n');
    expect(lines.length).toBeGreaterThan(10);
    // Only a single word longer than the terminal (an API path) may stick out: it is never cut.
    for (const line of lines) if (line.length > COLUMNS) expect(line.trim(), line).not.toContain(' ');
    expect(lines.filter((line) => line.length > COLUMNS).length).toBeLessThan(lines.length / 4);
    const piped = await runCli(['check', '-c', ALL_KINDS], { env: { ...env, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1' } });
    expect(piped.stdout.split('\n').some((line) => line.length > COLUMNS)).toBe(true);
    expect(piped.stderr).not.toContain('Reading');
    expect(report.replace(/\s+/g, ' ')).toContain(piped.stdout.replace(/\s+/g, ' ').trim());
  });

  it('colour on a terminal, off with NO_COLOR; the markers carry the meaning either way', async () => {
    const coloured = await onTerminal(['check', '-c', ALL_KINDS], { ...env, CLOUDFLARE_BASE_URL: emulator.url });
    expect(coloured.screen).toContain('\u001b[31m✖\u001b[0m');
    const plain = await onTerminal(['check', '-c', ALL_KINDS], { ...env, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1' });
    expect(plain.screen).not.toMatch(/\u001b\[3\dm/);
    const report = stripAnsi(plain.screen);
    expect(report).toMatch(/^ {2}○ CFSSO005 staging\.example\.com {2}\[waived error\] /m);
    expect(report).toMatch(/^ {2}⚠ CFSSO00\d /m);
    expect(report).toMatch(/^ {2}ℹ CFSSO009 /m);
    expect(report).not.toMatch(/^ {2}✖ CFSSO005 staging\.example\.com/m);
  });
});
