// Argument parsing on node:util parseArgs, with one help text per command.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { nearest } from '../core/suggest';
import { UsageError } from './errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  /** The help body: options and examples, already formatted. */
  help: string;
  options: OptionSpec;
  positionals?: boolean;
}

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

const HELP_OPTION: OptionSpec = { help: { type: 'boolean', short: 'h' } };

/**
 * The first flag in argv that the command does not have, as an error with the nearest flag it does have.
 * Done before parseArgs so the flag's name comes from argv, not from parseArgs' message text.
 */
function unknownOption(options: OptionSpec, argv: string[]): UsageError | undefined {
  const longNames = Object.keys(options);
  const shortNames = new Map(Object.entries(options).flatMap(([name, o]) => (o.short === undefined ? [] : [[o.short, name] as const])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return undefined;
    let name: string | undefined;
    if (arg.startsWith('--')) {
      name = arg.slice(2).split('=')[0];
      if (!longNames.includes(name)) {
        const guess = nearest(name, longNames);
        return new UsageError(`unknown option "--${name}"${guess === undefined ? '' : `; did you mean "--${guess}"?`}`, 'unknown_option');
      }
    } else if (arg.startsWith('-') && arg.length > 1) {
      name = shortNames.get(arg[1]);
      if (name === undefined) return new UsageError(`unknown option "-${arg[1]}"`, 'unknown_option');
      if (arg.length > 2) continue; // -ofile: the value is attached
    }
    // A string option without `=` takes the next argument as its value, whatever it looks like.
    if (name !== undefined && options[name].type === 'string' && !arg.includes('=')) i++;
  }
  return undefined;
}

export function parseCommandArgs(spec: CommandSpec, argv: string[]): { values: ParsedValues; positionals: string[]; help: boolean } {
  const options = { ...spec.options, ...HELP_OPTION };
  const unknown = unknownOption(options, argv);
  if (unknown !== undefined) throw unknown;
  try {
    const { values, positionals, tokens } = parseArgs({
      args: argv,
      options,
      allowPositionals: spec.positionals ?? false,
      strict: true,
      tokens: true,
    });
    // A single-valued option given twice is a mistake, not "the last one wins".
    const counts = new Map<string, number>();
    for (const token of tokens) {
      if (token.kind !== 'option' || options[token.name]?.multiple === true || options[token.name]?.type === 'boolean') continue;
      counts.set(token.name, (counts.get(token.name) ?? 0) + 1);
      if (counts.get(token.name) === 2) throw new UsageError(`--${token.name} is given more than once; give it once`, 'usage');
    }
    return { values: values as ParsedValues, positionals, help: values.help === true };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // `--concurrency -1`: parseArgs calls a value starting with "-" ambiguous; say what is wrong with it.
    const negative = /^Option '--([\w-]+)(?: <value>)?' argument is ambiguous/.exec((error as Error).message);
    if (negative !== null) {
      const index = argv.indexOf(`--${negative[1]}`);
      const value = index >= 0 ? argv[index + 1] : undefined;
      if (value !== undefined && /^-\d/.test(value)) throw new UsageError(`--${negative[1]} must not be negative, got "${value}"`, 'usage');
    }
    // parseArgs messages are good but name internals; keep the gist and point at --help. The
    // "ambiguous" one is several lines naming only our options: shown as lines. Others may quote the
    // command line (one line, cleaned as a whole).
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(/^Option '[^'\n]*' argument is ambiguous\./.test(message) ? message.split('\n') : message, 'usage');
  }
}

export function renderHelp(spec: CommandSpec): string {
  return `${spec.summary}\n\nUsage: ${spec.usage}\n\n${spec.help.trimEnd()}\n`;
}

export function stringOption(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(values: ParsedValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

export function integerOption(values: ParsedValues, name: string, range: { min: number; max: number }): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new UsageError(`--${name} must be a whole number from ${range.min} to ${range.max}, got "${raw}"`);
  }
  return value;
}

export function choiceOption<T extends string>(values: ParsedValues, name: string, choices: readonly T[], fallback: T): T {
  const raw = stringOption(values, name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got "${raw}"`);
  }
  return raw as T;
}

/** `N/SECONDS` such as 1200/300: N requests per SECONDS (check's client-side limit, the emulator's server-side one). */
export function rateLimitOption(values: ParsedValues, name = 'rate-limit'): { requests: number; windowMs: number } | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(raw);
  const requests = match ? Number(match[1]) : NaN;
  const seconds = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(requests) || requests < 1 || !(seconds > 0)) {
    throw new UsageError(`--${name} must look like 1200/300 (requests per seconds), got "${raw}"`);
  }
  return { requests, windowMs: Math.round(seconds * 1000) };
}

const ACCOUNT_ID = /^[0-9a-f]{32}$/;

/** --account values as given: repeatable and comma-separated. */
export function accountSelectors(values: ParsedValues, name = 'account'): string[] {
  return [...new Set(listOption(values, name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))];
}

export function accountIdsOption(values: ParsedValues, name = 'account'): string[] {
  const ids = accountSelectors(values, name);
  for (const id of ids) {
    if (!ACCOUNT_ID.test(id)) throw new UsageError(`--${name} "${id}" is not a Cloudflare account id (32 lowercase hex characters)`);
  }
  return ids;
}
