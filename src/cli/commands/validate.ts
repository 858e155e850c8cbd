import { DesiredStateError, formatDesiredStateError } from '../../desired';
import { VALIDATION_FORMAT_NAMES, VALIDATION_FORMATTERS, type ValidationFormatName, type ValidationResult } from '../../report/validation';
import { TOOL_VERSION } from '../../core/version';
import { choiceOption, parseCommandArgs, renderHelp, stringOption, type CommandSpec, type ParsedValues } from '../args';
import { chooseDesiredState, explainDesiredStateError, readDesired, STDIN_PATH, type DesiredStateChoice } from '../desired';
import { UsageError } from '../errors';
import { colorEnabled, inGitHubActions, type Terminal } from '../environment';
import { annotationsFit, checkOutputPaths, isQuiet, isStdout, writeText, type OutputTarget } from '../output';

export const validateSpec: CommandSpec = {
  name: 'validate',
  summary: 'Check the desired-state file only (schema, duplicates, waivers). No network, no token.',
  usage: 'cf-sso-guard validate [-c FILE|-] [--format F] [-o PATH] [-q] | validate FILE...',
  positionals: true,
  options: {
    config: { type: 'string', short: 'c' },
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    quiet: { type: 'boolean', short: 'q' },
    'no-annotations': { type: 'boolean' },
  },
  help: `Options:
  -c, --config FILE      desired-state file (default $CF_SSO_GUARD_CONFIG, else sso-connectors.yaml or
                         sso-connectors.yml); - reads it from standard input (messages then say <stdin>)
  FILE...                validate each of these files instead (text or github format on stdout; the
                         pre-commit hook passes the files it matched)
  -f, --format F         ${VALIDATION_FORMAT_NAMES.join(', ')} (default text)
  -o, --output PATH      write the --format output to PATH instead of stdout
  -q, --quiet            nothing on stdout (a file from -o is still written); the exit code says it all
      --no-annotations   in GitHub Actions, do not print ::error annotations on the offending lines

Exit codes: 0 valid (every file), 2 any invalid or missing (each problem is printed as file:line:column: key path: what was expected).

Examples:
  cf-sso-guard validate
  git show HEAD:sso-connectors.yaml | cf-sso-guard validate -c -
  cf-sso-guard validate --format sarif -o validate.sarif
  cf-sso-guard validate sso-connectors.yaml infra/sso-connectors.yaml`,
};

export async function runValidate(argv: string[], terminal: Terminal): Promise<number> {
  const { values, positionals, help } = parseCommandArgs(validateSpec, argv);
  if (help) {
    process.stdout.write(renderHelp(validateSpec));
    return 0;
  }
  const format = choiceOption<ValidationFormatName>(values, 'format', VALIDATION_FORMAT_NAMES, 'text');
  const output = stringOption(values, 'output');
  const config = stringOption(values, 'config');
  if (positionals.length > 0 && config !== undefined) throw new UsageError('give the desired-state file as -c FILE or as arguments, not both');
  if (positionals.length > 1 && ((format !== 'text' && format !== 'github') || output !== undefined)) {
    throw new UsageError(`several files are validated with --format text or github on stdout; give one file for --format ${format}${output === undefined ? '' : ' or -o'}`);
  }
  const choices: DesiredStateChoice[] = positionals.length > 0 ? positionals.map((path) => ({ path, from: 'argument' })) : [chooseDesiredState(config, terminal.env)];
  let valid = true;
  // Every file is validated (and its problems shown) even after one failed.
  for (const choice of choices) if (!(await validateFile(choice, values, terminal, format, output))) valid = false;
  return valid ? 0 : 2;
}

/** One desired-state file, its result written to the --format target; whether it is valid. */
async function validateFile(choice: DesiredStateChoice, values: ParsedValues, terminal: Terminal, format: ValidationFormatName, output: string | undefined): Promise<boolean> {
  const tool = { name: 'cf-sso-guard', version: TOOL_VERSION };
  const onDisk = choice.path !== STDIN_PATH;
  // Before reading: -o must not be the file being validated, and its directory must be writable.
  if (output !== undefined) checkOutputPaths([{ path: output }], [choice.path], '-o');

  let result: ValidationResult;
  let problem: DesiredStateError | undefined;
  try {
    const desired = await readDesired(choice);
    const counts = { accounts: desired.accounts.length, connectors: desired.accounts.reduce((n, a) => n + a.connectors.length, 0), waivers: desired.waivers.length };
    result = {
      tool,
      file: desired.file,
      onDisk,
      valid: true,
      issues: [],
      // Read only by the formats that show it: the digest is computed on first read.
      get sha256() {
        return desired.sha256;
      },
      counts,
    };
  } catch (error) {
    // A missing file is not a validation result: the command cannot run (exit 2 with how to create one).
    if (!(error instanceof DesiredStateError) || error.code === 'not_found') {
      throw error instanceof DesiredStateError ? explainDesiredStateError(error, choice, colorEnabled(terminal, 'stderr')) : error;
    }
    problem = error;
    result = { tool, file: error.issues[0]?.file ?? choice.path, onDisk, valid: false, issues: error.issues };
  }

  const ctx = { repoRoot: process.cwd(), cwd: process.cwd() };
  const targets: OutputTarget[] = [output === undefined ? { format } : { format, path: output }];
  for (const target of targets) {
    if (isQuiet(values) && isStdout(target)) continue;
    // On a terminal, an invalid file's problems are shown with the offending line quoted (stderr, as before).
    if (target.format === 'text' && isStdout(target) && problem !== undefined) {
      process.stderr.write(`${formatDesiredStateError(problem, { color: colorEnabled(terminal, 'stderr') }).trimEnd()}\n`);
      continue;
    }
    writeText(target, VALIDATION_FORMATTERS[target.format as ValidationFormatName].render(result, ctx));
  }
  if (!result.valid && inGitHubActions(terminal.env) && values['no-annotations'] !== true && !isQuiet(values) && annotationsFit(targets)) {
    process.stdout.write(VALIDATION_FORMATTERS.github.render(result, ctx));
  }
  return result.valid;
}
