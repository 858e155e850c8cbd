// How a rule turns its words into a finding. A rule's words live in its own module, in
// `meta.messages` (templates with {{placeholders}}, like ESLint's), and every rule builds its
// findings through `ruleFinding`, so wording, account labels and field order are decided once.
import type { DesiredAccount, Severity, SourceLocation } from '../core/types';
import { accountLabel } from '../core/describe';
import type { RuleFinding, RuleMeta } from './rule';

export type MessageData = Readonly<Record<string, string | number>>;

/** A template split once: literal text at even indexes, placeholder names at odd ones. */
type CompiledTemplate = readonly string[];

/** Templates are the rules' constant words (a bounded set), so each is split once, not per finding. */
const compiled = new Map<string, CompiledTemplate>();
/** Bounds the cache should a caller ever pass made-up templates. */
const MAX_COMPILED = 256;

function compile(template: string): CompiledTemplate {
  let parts = compiled.get(template);
  if (parts === undefined) {
    // split() with a capturing group keeps the names: [text, name, text, name, …, text].
    parts = template.split(/\{\{(\w+)\}\}/);
    if (compiled.size < MAX_COMPILED) compiled.set(template, parts);
  }
  return parts;
}

/** Fills `{{name}}` placeholders in one pass (a value that itself contains braces is left as is). */
export function fillMessage(template: string, data: MessageData, prefix = ''): string {
  const parts = compile(template);
  // join() makes one flat string; `+=` would keep a chain of pieces per finding (more memory, 12k findings).
  const out = new Array<string>(parts.length + 1);
  out[0] = prefix;
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) {
      out[i + 1] = parts[i];
      continue;
    }
    const value = data[parts[i]];
    // A rule whose template names data it does not pass is a programming error, caught by its tests.
    if (value === undefined) throw new Error(`message placeholder {{${parts[i]}}} has no value`);
    out[i + 1] = String(value);
  }
  return out.join('');
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
  // Built key by key in contract order, without spreading a small object per optional key (12k findings).
  const finding: Partial<RuleFinding> = {
    ruleId: rule.id,
    kind: rule.kind,
    severity: details.severity ?? rule.defaultSeverity,
    accountId: details.accountId,
    emailDomain: details.emailDomain,
  };
  if (details.connectorId !== undefined) finding.connectorId = details.connectorId;
  if (details.expected !== undefined) finding.expected = details.expected;
  if (details.actual !== undefined) finding.actual = details.actual;
  finding.message = fillMessage(wordsOf(rule, details.message), data, `${accountLabel(account)}: `);
  if (details.remediation !== undefined) finding.remediation = fillMessage(wordsOf(rule, details.remediation), data);
  if (details.location !== undefined) finding.location = details.location;
  // Every required key is set above.
  return finding as RuleFinding;
}

function wordsOf(rule: RuleMeta, id: string): string {
  const template = rule.messages[id];
  if (template === undefined) throw new Error(`${rule.id} has no message "${id}"`);
  return template;
}
