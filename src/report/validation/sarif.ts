// SARIF 2.1.0 for a desired-state file's problems: one result per problem, on its line.
import { escapeJsonText } from '../../core/text';
import { artifactLocation, directoryUri, TOOL_INFORMATION_URI } from '../sarif';
import { VALIDATION_RULE_ID, type ValidationFormatter, type ValidationRenderContext, type ValidationResult } from './formatter';

function renderSarif(result: ValidationResult, ctx: ValidationRenderContext): string {
  const renderCtx = { ...ctx, color: false, rules: [] };
  const run = {
    tool: {
      driver: {
        name: result.tool.name,
        version: result.tool.version,
        semanticVersion: result.tool.version,
        informationUri: TOOL_INFORMATION_URI,
        rules: [
          {
            id: VALIDATION_RULE_ID,
            name: 'InvalidDesiredState',
            shortDescription: { text: 'The desired-state file is not valid' },
            fullDescription: { text: 'A desired-state file that does not follow its JSON Schema cannot be checked: nothing is compared until it is fixed.' },
            help: { text: "Fix the key named in the message; 'cf-sso-guard schema' prints the JSON Schema." },
            defaultConfiguration: { level: 'error' },
          },
        ],
      },
    },
    automationDetails: { id: `cf-sso-guard-validate/${result.file}/` },
    ...(ctx.repoRoot !== undefined ? { originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(ctx.repoRoot) } } } : {}),
    columnKind: 'unicodeCodePoints',
    results: result.issues.map((issue) => ({
      ruleId: VALIDATION_RULE_ID,
      ruleIndex: 0,
      level: 'error',
      message: { text: `${issue.path ? `${issue.path}: ` : ''}${issue.message}${issue.hint ? ` (${issue.hint})` : ''}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(result.file, renderCtx),
            ...(issue.line > 0 ? { region: { startLine: issue.line, startColumn: Math.max(1, issue.column) } } : {}),
          },
        },
      ],
    })),
    properties: { valid: result.valid, ...(result.sha256 !== undefined ? { desiredStateSha256: result.sha256 } : {}) },
  };
  return escapeJsonText(JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] }, null, 2)) + '\n';
}

export const validationSarifFormatter: ValidationFormatter = { name: 'sarif', render: renderSarif };
