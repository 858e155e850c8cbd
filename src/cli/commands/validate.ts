import { parseCommandArgs, renderHelp, stringOption, type CommandSpec } from '../args';
import { desiredStatePath, loadDesired } from '../desired';
import { colorEnabled, type Terminal } from '../environment';

export const validateSpec: CommandSpec = {
  name: 'validate',
  summary: 'Check the desired-state file only (schema, duplicates, waivers). No network, no token.',
  usage: 'cf-sso-guard validate [-c FILE]',
  options: { config: { type: 'string', short: 'c' } },
  help: `Options:
  -c, --config FILE   desired-state file (default $CF_SSO_GUARD_CONFIG, else sso-connectors.yaml)

Exit codes: 0 valid, 2 invalid (each problem is printed as file:line:column: key path: what was expected).`,
};

export function runValidate(argv: string[], terminal: Terminal): number {
  const { values, help } = parseCommandArgs(validateSpec, argv);
  if (help) {
    process.stdout.write(renderHelp(validateSpec));
    return 0;
  }
  const desired = loadDesired(desiredStatePath(stringOption(values, 'config'), terminal.env), colorEnabled(terminal, 'stderr'));
  const connectors = desired.accounts.reduce((n, a) => n + a.connectors.length, 0);
  process.stdout.write(
    `${desired.file}: valid — ${desired.accounts.length} account(s), ${connectors} connector(s), ${desired.waivers.length} waiver(s)\n`,
  );
  return 0;
}
