import { runEmulatorCli } from '../../emulator/main';
import { parseCommandArgs, renderHelp, type CommandSpec } from '../args';

export const emulatorSpec: CommandSpec = {
  name: 'emulator',
  summary: 'Run the local Cloudflare API emulator (SSO connector routes) for demos, tests and benchmarks.',
  usage: 'cf-sso-guard emulator [--port N] [--seed FILE] [--token T] [--latency MS] [--rate-limit N/SECONDS]',
  options: {
    port: { type: 'string' },
    seed: { type: 'string' },
    token: { type: 'string' },
    latency: { type: 'string' },
    'rate-limit': { type: 'string' },
  },
  help: `Options:
  --port N               port on 127.0.0.1 (default 0: any free port; the URL is printed)
  --seed FILE            JSON inventory to serve (default examples/demo-inventory.json)
  --token T              the Bearer token it accepts (default demo-token)
  --latency MS           added latency per request
  --rate-limit N/SECONDS answer 429 with Retry-After above N requests per window

Then point the checker at it:
  CLOUDFLARE_BASE_URL=http://127.0.0.1:PORT/client/v4 CLOUDFLARE_API_TOKEN=demo-token cf-sso-guard check

Faults can be injected while it runs: POST /__emulator/faults (see src/emulator).`,
};

export async function runEmulator(argv: string[]): Promise<number> {
  const { help } = parseCommandArgs(emulatorSpec, argv);
  if (help) {
    process.stdout.write(renderHelp(emulatorSpec));
    return 0;
  }
  return runEmulatorCli(argv);
}
