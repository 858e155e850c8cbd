#!/usr/bin/env node
// cf-sso-guard entry point: dispatch, and the one place that turns errors into exit codes.
import { redact } from '../cloudflare/redact';
import { TOOL_VERSION } from '../version';
import { renderHelp, type CommandSpec } from './args';
import { InvalidDesiredState } from './desired';
import { currentTerminal, type Terminal } from './environment';
import { UsageError } from './errors';
import { checkSpec, runCheck } from './commands/check';
import { validateSpec, runValidate } from './commands/validate';
import { schemaSpec, runSchema } from './commands/schema';
import { initSpec, runInit } from './commands/init';
import { snapshotSpec, runSnapshot } from './commands/snapshot';
import { emulatorSpec, runEmulator } from './commands/emulator';
import { demoSpec, runDemo } from './commands/demo';
import { mergeSpec, runMerge } from './commands/merge';

interface Command {
  spec: CommandSpec;
  run(argv: string[], terminal: Terminal): number | Promise<number>;
}

const COMMANDS: Command[] = [
  { spec: checkSpec, run: runCheck },
  { spec: validateSpec, run: runValidate },
  { spec: initSpec, run: runInit },
  { spec: snapshotSpec, run: runSnapshot },
  { spec: mergeSpec, run: runMerge },
  { spec: schemaSpec, run: (argv) => runSchema(argv) },
  { spec: emulatorSpec, run: (argv) => runEmulator(argv) },
  { spec: demoSpec, run: runDemo },
];

function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length));
  const lines = COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary}`);
  return `cf-sso-guard ${TOOL_VERSION} — compliance checks for Cloudflare SSO connectors

Usage: cf-sso-guard <command> [options]

Commands:
${lines.join('\n')}

Run 'cf-sso-guard <command> --help' for a command's options.
Exit codes: 0 compliant, 1 drift, 2 could not decide (bad input, missing token, any account not fully read).
Docs: README.md; the desired-state format: 'cf-sso-guard schema'.
`;
}

export async function main(argv: string[], terminal: Terminal = currentTerminal()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const target = COMMANDS.find((c) => c.spec.name === rest[0]);
    process.stdout.write(target ? renderHelp(target.spec) : topLevelHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (!command) {
    const hint = name.startsWith('-') ? '' : ` Commands: ${COMMANDS.map((c) => c.spec.name).join(', ')}.`;
    process.stderr.write(`cf-sso-guard: unknown command "${name}".${hint}\nRun 'cf-sso-guard --help' for usage.\n`);
    return 2;
  }
  try {
    return await command.run(rest, terminal);
  } catch (error) {
    const token = terminal.env.CLOUDFLARE_API_TOKEN;
    if (error instanceof InvalidDesiredState) {
      process.stderr.write(`${redact(error.message, token).trimEnd()}\n`);
    } else if (error instanceof UsageError) {
      process.stderr.write(`cf-sso-guard ${name}: ${redact(error.message, token)}\nRun 'cf-sso-guard ${name} --help' for usage.\n`);
    } else {
      const detail = terminal.env.CF_SSO_GUARD_DEBUG && error instanceof Error ? error.stack ?? error.message : (error as Error)?.message ?? String(error);
      process.stderr.write(`cf-sso-guard ${name}: unexpected error: ${redact(String(detail), token)}\nThis is a bug; please report it. Result: could not decide.\n`);
    }
    return 2;
  }
}

if (require.main === module) {
  // A closed pipe (e.g. `| head`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`cf-sso-guard: unexpected error: ${redact(String(error), process.env.CLOUDFLARE_API_TOKEN)}\n`);
      process.exitCode = 2;
    },
  );
}
