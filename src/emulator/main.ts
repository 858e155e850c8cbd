// `cf-sso-guard emulator`: runs the emulator in the foreground until SIGINT/SIGTERM.
import { readFileSync } from 'node:fs';
import demoInventory from '../../examples/demo-inventory.json';
import { FaultSpecError, validateFaults } from './faults';
import { EmulatorSeedError, loadSeedFile, validateSeed } from './seed';
import { startEmulator } from './server';
import type { EmulatorOptions, Fault, RateLimit } from './types';

export const DEFAULT_EMULATOR_TOKEN = 'demo-token';
export const DEFAULT_EMULATOR_PORT = 8788;

export const EMULATOR_USAGE = `Usage: cf-sso-guard emulator [options]

Runs a local Cloudflare API emulator for SSO connectors on 127.0.0.1.
Point the tool at it with CLOUDFLARE_BASE_URL=<printed URL>.

Options:
  --port N                TCP port (default ${DEFAULT_EMULATOR_PORT}; 0 picks a free one)
  --seed FILE             JSON inventory to serve (default: the built-in demo inventory)
  --token T               API token to accept (default: the seed's "token", else "${DEFAULT_EMULATOR_TOKEN}")
  --latency MS            delay every API response by MS milliseconds
  --rate-limit N/SECONDS  allow N requests per SECONDS per token, then 429 with Retry-After
  --faults FILE           JSON array of faults to inject from the start
  -h, --help              show this help

Control API on the same port: GET /__emulator/stats, GET|POST /__emulator/faults,
POST /__emulator/config, POST /__emulator/reset.
`;

export interface EmulatorCliIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Stops the emulator like SIGINT would (for embedding and tests). */
  stopSignal?: AbortSignal;
}

class UsageError extends Error {}

interface CliSettings {
  help: boolean;
  port: number;
  seedFile?: string;
  token?: string;
  latencyMs?: number;
  rateLimit?: RateLimit;
  faultsFile?: string;
}

function parseInteger(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} expects a whole number, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function parseEmulatorArgs(argv: string[]): CliSettings {
  const settings: CliSettings = { help: false, port: DEFAULT_EMULATOR_PORT };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') {
      settings.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const known = ['--port', '--seed', '--token', '--latency', '--rate-limit', '--faults'];
    if (!known.includes(flag)) throw new UsageError(`unknown option "${arg}"`);
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      value = next;
      i++;
    }
    switch (flag) {
      case '--port':
        settings.port = parseInteger('--port', value, 0, 65535);
        break;
      case '--seed':
        settings.seedFile = value;
        break;
      case '--token':
        if (value === '') throw new UsageError('--token must not be empty');
        settings.token = value;
        break;
      case '--latency':
        settings.latencyMs = parseInteger('--latency', value, 0);
        break;
      case '--rate-limit': {
        const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(value);
        if (!match) throw new UsageError(`--rate-limit expects N/SECONDS such as 1200/300, got "${value}"`);
        const requests = parseInteger('--rate-limit requests', match[1] as string, 1);
        const seconds = Number(match[2]);
        if (!(seconds > 0)) throw new UsageError('--rate-limit SECONDS must be greater than 0');
        settings.rateLimit = { requests, windowMs: Math.round(seconds * 1000) };
        break;
      }
      case '--faults':
        settings.faultsFile = value;
        break;
    }
  }
  return settings;
}

function loadFaultsFile(path: string): Fault[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`faults file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return validateFaults(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`faults file ${path}: ${(error as Error).message}`);
  }
}

/**
 * Runs the emulator until SIGINT/SIGTERM (or `io.stopSignal`). `argv` is the arguments after
 * the command name. Resolves with the exit code: 0 after a clean stop, 2 on a usage error.
 */
export async function runEmulatorCli(argv: string[], io: EmulatorCliIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let options: EmulatorOptions;
  try {
    const settings = parseEmulatorArgs(argv);
    if (settings.help) {
      stdout.write(EMULATOR_USAGE);
      return 0;
    }
    const seed = settings.seedFile ? loadSeedFile(settings.seedFile) : validateSeed(demoInventory, 'built-in demo inventory');
    options = {
      port: settings.port,
      token: settings.token ?? seed.token ?? DEFAULT_EMULATOR_TOKEN,
      seed,
      ...(settings.faultsFile ? { faults: loadFaultsFile(settings.faultsFile) } : {}),
      ...(settings.latencyMs !== undefined ? { latencyMs: settings.latencyMs } : {}),
      ...(settings.rateLimit ? { rateLimit: settings.rateLimit } : {}),
    };
  } catch (error) {
    if (error instanceof UsageError || error instanceof EmulatorSeedError || error instanceof FaultSpecError) {
      stderr.write(`cf-sso-guard emulator: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${options.port} is already in use (try --port 0)` : (error as Error).message;
    stderr.write(`cf-sso-guard emulator: cannot start: ${reason}\n`);
    return 2;
  }
  stdout.write(`cf-sso-guard emulator listening on ${emulator.url}\n`);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stopSignal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (io.stopSignal?.aborted) stop();
    else io.stopSignal?.addEventListener('abort', stop);
  });
  await emulator.close();
  return 0;
}
