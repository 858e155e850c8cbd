// How a rule's words become a finding's message: `meta.messages` templates with {{placeholders}}
// (like ESLint's), filled with the check's data. Messages name no account: the report says which.
export type MessageData = Readonly<Record<string, string | number>>;

/** Fills `{{name}}` placeholders in one pass (a value that itself contains braces is left as is). */
export function fillMessage(template: string, data: MessageData): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = data[name];
    // A rule whose template names data it does not pass is a programming error, caught by its tests.
    if (value === undefined) throw new Error(`message placeholder {{${name}}} has no value`);
    return String(value);
  });
}

/** A rule's template by id; an id the rule does not have is a programming error. */
export function wordsOf(rule: { id: string; messages: Readonly<Record<string, string>> }, id: string): string {
  const template = rule.messages[id];
  if (template === undefined) throw new Error(`${rule.id} has no message "${id}"`);
  return template;
}
