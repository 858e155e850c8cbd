// How a rule turns its words into a finding. A rule's words live in its own module, in
// `meta.messages` (templates with {{placeholders}}, like ESLint's), and every rule builds its
// findings through `ruleFinding`, so wording, account labels and field order are decided once.
import type { DesiredAccount, Severity, SourceLocation } from '../types';
import { accountLabel } from './describe';
import type { RuleFinding, RuleMeta } from './rule';

export type MessageData = Readonly<Record<string, string | number>>;

/** Fills `{{name}}` placeholders in one pass (a value that itself contains braces is left as is). */
export function fillMessage(template: string, data: MessageData): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = data[name];
    // A rule whose template names data it does not pass is a programming error, caught by its tests.
    if (value === undefined) throw new Error(`message placeholder {{${name}}} has no value`);
    return String(value);
  });
}

export interface FindingDetails {
  /** The id of the message in the rule's `messages`. */
  message: string;
  /** The id of the remediation text in the rule's `messages`, if the finding has one. */
  remediation?: string;
  data: MessageData;
  accountId: string;
  emailDomain: string;
  /** Defaults to the rule's `defaultSeverity`. */
  severity?: Severity;
  connectorId?: string;
  expected?: string;
  actual?: string;
  location?: SourceLocation;
}

/**
 * The one way rules make findings: metadata from the rule, the message prefixed with the account's
 * label, keys in the report contract's order, and no key for what the finding does not have.
 */
export function ruleFinding(rule: RuleMeta, account: DesiredAccount, details: FindingDetails): RuleFinding {
  const { data } = details;
  return {
    ruleId: rule.id,
    kind: rule.kind,
    severity: details.severity ?? rule.defaultSeverity,
    accountId: details.accountId,
    emailDomain: details.emailDomain,
    ...(details.connectorId !== undefined ? { connectorId: details.connectorId } : {}),
    ...(details.expected !== undefined ? { expected: details.expected } : {}),
    ...(details.actual !== undefined ? { actual: details.actual } : {}),
    message: `${accountLabel(account)}: ${fillMessage(wordsOf(rule, details.message), data)}`,
    ...(details.remediation !== undefined ? { remediation: fillMessage(wordsOf(rule, details.remediation), data) } : {}),
    ...(details.location !== undefined ? { location: details.location } : {}),
  };
}

function wordsOf(rule: RuleMeta, id: string): string {
  const template = rule.messages[id];
  if (template === undefined) throw new Error(`${rule.id} has no message "${id}"`);
  return template;
}
