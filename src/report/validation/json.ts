// Machine-readable validation result; its JSON Schema is schemas/validation.schema.json.
import { escapeJsonText } from '../../core/text';
import type { ValidationFormatter, ValidationResult } from './formatter';

function renderJson(result: ValidationResult): string {
  const doc = {
    schemaVersion: 1,
    tool: result.tool,
    file: result.file,
    valid: result.valid,
    ...(result.sha256 !== undefined ? { sha256: result.sha256 } : {}),
    ...(result.counts !== undefined ? { counts: result.counts } : {}),
    issues: result.issues.map((issue) => ({
      line: issue.line,
      column: issue.column,
      path: issue.path,
      message: issue.message,
      ...(issue.hint !== undefined ? { hint: issue.hint } : {}),
    })),
  };
  return escapeJsonText(JSON.stringify(doc, null, 2)) + '\n';
}

export const validationJsonFormatter: ValidationFormatter = { name: 'json', render: renderJson };
