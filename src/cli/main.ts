#!/usr/bin/env node
// cf-sso-guard entry point: dispatch, and the one place that turns errors into exit codes.
import { normaliseToken, redact } from '../core/redact';
import { cleanText } from '../core/text';
import { TOOL_VERSION } from '../core/version';
import { renderHelp, type CommandSpec } from './args';
import { currentTerminal, ENVIRONMENT_HELP, type Terminal } from './environment';
import { nearest } from '../core/suggest';
import { UsageError } from './errors';

interface Command {
  spec: CommandSpec;
  run(argv: string[], terminal: Terminal): number | Promise<number>;
}

/**
 * Each command is loaded only when it runs (dynamic import: the bundler keeps every command in
 * dist/ but evaluates only the one asked for), so `validate` does not pay for the report
 * formatters, the emulator or the HTTP client. Listed in help order.
 */
const COMMANDS: Array<{ name: string; load(): Promise<Command> }> = [
  { name: 'check', load: async () => { const m = await import('./commands/check'); return { spec: m.checkSpec, run: m.runCheck }; } },
  { name: 'validate', load: async () => { const m = await import('./commands/validate'); return { spec: m.validateSpec, run: m.runValidate }; } },
  { name: 'init', load: async () => { const m = await import('./commands/init'); return { spec: m.initSpec, run: m.runInit }; } },
  { name: 'snapshot', load: async () => { const m = await import('./commands/snapshot'); return { spec: m.snapshotSpec, run: m.runSnapshot }; } },
  { name: 'merge', load: async () => { const m = await import('./commands/merge'); return { spec: m.mergeSpec, run: m.runMerge }; } },
  { name: 'history', load: async () => { const m = await import('./commands/history'); return { spec: m.historySpec, run: m.runHistory }; } },
  { name: 'schema', load: async () => { const m = await import('./commands/schema'); return { spec: m.schemaSpec, run: (argv) => m.runSchema(argv) }; } },
  { name: 'emulator', load: async () => { const m = await import('./commands/emulator'); return { spec: m.emulatorSpec, run: (argv) => m.runEmulator(argv) }; } },
  { name: 'policy-pack', load: async () => { const m = await import('./commands/policy-pack'); return { spec: m.policyPackSpec, run: (argv) => m.runPolicyPack(argv) }; } },
  { name: 'demo', load: async () => { const m = await import('./commands/demo'); return { spec: m.demoSpec, run: m.runDemo }; } },
  { name: 'completion', load: async () => { const m = await import('./commands/completion'); return { spec: m.completionSpec, run: (argv) => m.runCompletion(argv, loadAll) }; } },
];

export const COMMAND_NAMES: readonly string[] = COMMANDS.map((c) => c.name);

function loadAll(): Promise<Command[]> {
  return Promise.all(COMMANDS.map((c) => c.load()));
}

function topLevelHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.spec.name.length));
  const lines = commands.map((c) => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary}`);
  return `cf-sso-guard ${TOOL_VERSION} — compliance checks for Cloudflare SSO connectors

Usage: cf-sso-guard <command> [options]

Commands:
${lines.join('\n')}

Run 'cf-sso-guard <command> --help' for a command's options.
Exit codes (the --fail-on gate): 0 passed, 1 an unwaived finding at or above --fail-on, 2 could not decide
(bad input, missing token, any account not fully read). The report's status says what was observed.

${ENVIRONMENT_HELP}

Docs: README.md; the desired-state format: 'cf-sso-guard schema'; shell completion: 'cf-sso-guard completion --help'.
`;
}

export async function main(argv: string[], terminal: Terminal = currentTerminal()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const target = COMMANDS.find((c) => c.name === rest[0]);
    process.stdout.write(target ? renderHelp((await target.load()).spec) : topLevelHelp(await loadAll()));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const guess = nearest(name.replace(/^-+/, ''), COMMAND_NAMES);
    const hint = guess !== undefined ? ` Did you mean "${guess}"?` : name.startsWith('-') ? '' : ` Commands: ${COMMAND_NAMES.join(', ')}.`;
    process.stderr.write(`cf-sso-guard: unknown command "${redact(name, terminal.env.CLOUDFLARE_API_TOKEN)}".${hint}\nRun 'cf-sso-guard --help' for usage.\n`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, terminal);
  } catch (error) {
    // The same trimmed token the requests use (a trailing newline is not part of it).
    const token = normaliseToken(terminal.env.CLOUDFLARE_API_TOKEN);
    if (error instanceof UsageError) {
      // A desired-state file's own problems are file:line:column lines, sanitised where they are made; the
      // others get the command and a pointer to --help, each line cleaned on its own (the breaks between
      // lines are the tool's own). Decided by the error's code, not its wording.
      const text = redact(error.message, token).trimEnd();
      if (error.code === 'invalid_desired_state' || error.code === 'file_not_found') process.stderr.write(`${text}\n`);
      else process.stderr.write(`cf-sso-guard ${name}: ${error.lines.map((line) => cleanText(redact(line, token))).join('\n').trimEnd()}\nRun 'cf-sso-guard ${name} --help' for usage.\n`);
    } else {
      const detail = terminal.env.CF_SSO_GUARD_DEBUG && error instanceof Error ? error.stack ?? error.message : (error as Error)?.message ?? String(error);
      process.stderr.write(`cf-sso-guard ${name}: unexpected error: ${String(detail).split('\n').map((line) => cleanText(redact(line, token))).join('\n')}\nThis is a bug; please report it. Result: could not decide.\n`);
    }
    return 2;
  }
}

/** Runs the command line of this process and sets its exit code (dist/cli.js calls this). */
export function runCli(argv: string[] = process.argv.slice(2)): Promise<void> {
  // A closed pipe (e.g. `| head`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  return main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`cf-sso-guard: unexpected error: ${cleanText(redact(String(error), process.env.CLOUDFLARE_API_TOKEN))}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) void runCli();
