// GitHub Actions annotations on the offending line of the desired-state file (at most 10 per level are shown).
import { ANNOTATIONS_PER_LEVEL, escapeData, escapeProperty } from '../github';
import { cleanText } from '../../core/text';
import { repoRelativePath } from '../shared';
import type { ValidationFormatter, ValidationRenderContext, ValidationResult } from './formatter';

function renderGithub(result: ValidationResult, ctx: ValidationRenderContext): string {
  const file = result.onDisk ? repoRelativePath(result.file, ctx) : undefined;
  const lines = result.issues.slice(0, ANNOTATIONS_PER_LEVEL).map((issue) => {
    const props: Array<[string, string]> = [];
    if (file !== undefined) {
      props.push(['file', file]);
      if (issue.line > 0) props.push(['line', String(issue.line)], ['col', String(issue.column)]);
    }
    props.push(['title', `cf-sso-guard: invalid desired-state file${issue.path ? ` (${cleanText(issue.path)})` : ''}`]);
    const message = `${issue.path ? `${issue.path}: ` : ''}${issue.message}${issue.hint ? ` (${issue.hint})` : ''}`;
    // escapeData makes CR/LF inert; cleanText the other controls (a message quotes the file's values).
    return `::error ${props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',')}::${escapeData(cleanText(message))}`;
  });
  const leftOut = result.issues.length - lines.length;
  if (leftOut > 0) lines.push(`::notice title=cf-sso-guard::${escapeData(`${leftOut} more problem(s) in ${result.file}; run cf-sso-guard validate locally to see them all`)}`);
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

export const validationGithubFormatter: ValidationFormatter = { name: 'github', render: renderGithub };
