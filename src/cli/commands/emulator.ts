// `cf-sso-guard emulator`: the local API emulator in the foreground until SIGINT/SIGTERM.
import { readInputText } from '../../fs/input';
import { join } from 'node:path';
import { EmulatorSeedError, FaultSpecError, loadSeedFile, startEmulator, validateFaults, type EmulatorOptions, type Fault } from '../../emulator';
import { integerOption, parseCommandArgs, rateLimitOption, renderHelp, stringOption, type CommandSpec } from '../args';
import { cleanText } from '../../core/text';
import { BOOLEAN_SETTINGS } from '../../core/settings';
import { UsageError } from '../errors';
import { packageRoot } from '../package-root';

export const DEFAULT_EMULATOR_TOKEN = 'demo-token';
export const DEFAULT_EMULATOR_PORT = 8788;

/** The example seed connector's boolean settings in the help: enabled, the others off. */
const SEED_SETTING_LINES = BOOLEAN_SETTINGS.map(({ api }) => `            "${api}": ${api === 'enabled'},`).join('\n');

export const emulatorSpec: CommandSpec = {
  name: 'emulator',
  summary: 'Run the local Cloudflare API emulator (SSO connector routes) for demos, tests and benchmarks.',
  usage: 'cf-sso-guard emulator [--port N] [--seed FILE] [--token T] [--latency MS] [--rate-limit N/SECONDS] [--faults FILE]',
  options: {
    port: { type: 'string' },
    seed: { type: 'string' },
    token: { type: 'string' },
    latency: { type: 'string' },
    'rate-limit': { type: 'string' },
    faults: { type: 'string' },
  },
  help: `Runs a local Cloudflare API emulator for SSO connectors on 127.0.0.1.
Point the tool at it with CLOUDFLARE_BASE_URL=<printed URL>.

Options:
  --port N                TCP port (default ${DEFAULT_EMULATOR_PORT}; 0 picks a free one)
  --seed FILE             JSON inventory to serve (default: the built-in demo inventory)
  --token T               API token to accept (default: the seed's "token", else "${DEFAULT_EMULATOR_TOKEN}")
  --latency MS            delay every API response by MS milliseconds
  --rate-limit N/SECONDS  allow N requests per SECONDS per token, then 429 with Retry-After
  --faults FILE           JSON array of faults to inject from the start (kinds: latency, rate_limit,
                          status, html, malformed, item_missing_fields, hang, wrong_total, and the
                          server behaviours ignore_paging, fixed_page_size, no_result_info,
                          fractional_result_info, omit_fields)
  -h, --help              show this help

Token: every API request needs "Authorization: Bearer <token>"; the token is --token, else the
seed's "token", else "${DEFAULT_EMULATOR_TOKEN}". Any other token gets 403 with Cloudflare's error envelope.
  CLOUDFLARE_API_TOKEN=${DEFAULT_EMULATOR_TOKEN} CLOUDFLARE_BASE_URL=http://127.0.0.1:${DEFAULT_EMULATOR_PORT}/client/v4 cf-sso-guard check

Seed file (JSON; schemas/emulator-seed.schema.json; examples/demo-inventory.json is one). Every
problem is listed at once:
  {
    "token": "my-token",                                  optional
    "accounts": {
      "023e105f4ecef8ad9ca31a8372d0c353": {               account id: 32 lowercase hex
        "name": "production",                             optional label
        "connectors": [
          { "id": "acade23a639dbf4bec9b765339c9c326",     32 lowercase hex, unique in the account
            "email_domain": "example.com",
${SEED_SETTING_LINES}
            "verification": { "status": "verified", "code": "cloudflare_dashboard_sso=..." },
                                                          status: awaiting, pending, failed, verified
            "created_on": "2024-03-04T09:15:22.000Z",     ISO 8601
            "updated_on": "2025-06-11T14:02:47.000Z" }
        ]
      }
    }
  }

Control API on the same port: GET /__emulator/stats, GET|POST /__emulator/faults,
POST /__emulator/config, POST /__emulator/reset.`,
};

export interface EmulatorIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Stops the emulator like SIGINT would (for embedding and tests). */
  stopSignal?: AbortSignal;
}

function loadFaultsFile(path: string): Fault[] {
  // A file that cannot be read is InputFileError, a UsageError that names it.
  const text = readInputText(path, 'emulatorFaults');
  try {
    return validateFaults(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`faults file ${path}: ${(error as Error).message}`);
  }
}

/** The emulator's options from the command line; usage mistakes throw UsageError. */
export function emulatorOptions(argv: string[]): EmulatorOptions | 'help' {
  const { values, help } = parseCommandArgs(emulatorSpec, argv);
  if (help) return 'help';
  const seedFile = stringOption(values, 'seed');
  const seed = loadSeedFile(seedFile ?? join(packageRoot(), 'examples', 'demo-inventory.json'));
  const token = stringOption(values, 'token');
  if (token === '') throw new UsageError('--token must not be empty');
  const faultsFile = stringOption(values, 'faults');
  const latencyMs = integerOption(values, 'latency', { min: 0, max: 600_000 });
  const rateLimit = rateLimitOption(values);
  return {
    port: integerOption(values, 'port', { min: 0, max: 65_535 }) ?? DEFAULT_EMULATOR_PORT,
    token: token ?? seed.token ?? DEFAULT_EMULATOR_TOKEN,
    seed,
    ...(faultsFile !== undefined ? { faults: loadFaultsFile(faultsFile) } : {}),
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    ...(rateLimit !== undefined ? { rateLimit } : {}),
  };
}

/**
 * Runs the emulator until SIGINT/SIGTERM (or `io.stopSignal`). Resolves with the exit code:
 * 0 after a clean stop, 2 on a usage mistake or when it cannot start.
 */
export async function runEmulator(argv: string[], io: EmulatorIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let options: EmulatorOptions | 'help';
  try {
    options = emulatorOptions(argv);
  } catch (error) {
    if (error instanceof UsageError || error instanceof EmulatorSeedError || error instanceof FaultSpecError) {
      // The message quotes keys and values from the seed file: each line passes the sanitiser.
      stderr.write(`cf-sso-guard emulator: ${error.message.split('\n').map(cleanText).join('\n')}\n`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    stdout.write(renderHelp(emulatorSpec));
    return 0;
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
