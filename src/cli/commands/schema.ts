import { DESIRED_STATE_SCHEMA } from '../../desired';
import { parseCommandArgs, renderHelp, type CommandSpec } from '../args';

export const schemaSpec: CommandSpec = {
  name: 'schema',
  summary: 'Print the JSON Schema of the desired-state file (for editors and other tools).',
  usage: 'cf-sso-guard schema',
  options: {},
  help: `Point your editor at it, e.g. the first line of sso-connectors.yaml:
  # yaml-language-server: $schema=./sso-connectors.schema.json
after \`cf-sso-guard schema > sso-connectors.schema.json\`.`,
};

export function runSchema(argv: string[]): number {
  const { help } = parseCommandArgs(schemaSpec, argv);
  process.stdout.write(help ? renderHelp(schemaSpec) : `${JSON.stringify(DESIRED_STATE_SCHEMA, null, 2)}\n`);
  return 0;
}
