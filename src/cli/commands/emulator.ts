import { EMULATOR_USAGE, runEmulatorCli } from '../../emulator';
import type { CommandSpec } from '../args';

// The emulator parses its own flags (it also runs standalone); this only lists it among the commands.
export const emulatorSpec: CommandSpec = {
  name: 'emulator',
  summary: 'Run the local Cloudflare API emulator (SSO connector routes) for demos, tests and benchmarks.',
  usage: 'cf-sso-guard emulator [--port N] [--seed FILE] [--token T] [--latency MS] [--rate-limit N/SECONDS] [--faults FILE]',
  options: {},
  help: EMULATOR_USAGE.replace(/^Usage:.*\n\n/, ''),
};

export function runEmulator(argv: string[]): Promise<number> {
  return runEmulatorCli(argv);
}
