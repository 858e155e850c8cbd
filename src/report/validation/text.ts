// The desired-state file's problems as file:line:column lines (what `validate` always printed).
import { renderIssue } from '../../desired/errors';
import { cleanText } from '../../core/text';
import type { ValidationFormatter, ValidationResult } from './formatter';

function renderText(result: ValidationResult): string {
  if (!result.valid) return result.issues.map((issue) => cleanText(renderIssue(issue))).join('\n') + '\n';
  const counts = result.counts ?? { accounts: 0, connectors: 0, waivers: 0 };
  return `${cleanText(result.file)}: valid — ${counts.accounts} account(s), ${counts.connectors} connector(s), ${counts.waivers} waiver(s)\n`;
}

export const validationTextFormatter: ValidationFormatter = { name: 'text', render: renderText };
