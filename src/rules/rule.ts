// The rule module contract. One rule per file in this folder (like ESLint rule modules): metadata
// next to the check. Add a rule by adding a file, listing it in ./index.ts and its kind in FindingKind (core/types.ts).
// Rules are pure: no I/O, no clock. The engine matches desired <-> observed and calls them once per pair.
//
// A connector rule returns every check it makes for its pair (like Checkov's PASSED/FAILED records):
// pass, fail, unverifiable (the value is unknown) or not_checked (the account was not read). The engine
// makes the findings (failed and unverifiable checks) and the report's connector listing from the same
// records, so a finding never goes without its check.
import type {
  CheckedProperty,
  DesiredAccount,
  DesiredConnector,
  FindingKind,
  ObservedConnector,
  Severity,
  SourceLocation,
  UnknownValue,
  Waiver,
} from '../core/types';
import type { MessageData } from './message';

export interface RuleMeta<M extends string = string> {
  /** Stable id used in SARIF, JUnit and reports, e.g. CFSSO001. */
  id: string;
  kind: FindingKind;
  title: string;
  /** Default severity; `unexpected` takes the account's `unmanaged` setting instead. */
  defaultSeverity: Severity;
  /** Why the rule exists (one or two sentences, shown in SARIF fullDescription and HTML). */
  rationale: string;
  /** Generic remediation; findings may carry a more specific one. */
  remediation: string;
  /** Short help in Markdown (SARIF help.markdown). */
  helpMarkdown: string;
  /**
   * NIST SP 800-53 Rev. 5 controls this rule gives evidence for (OSCAL reports, policy `framework`).
   * The one place the mapping lives; waiver bookkeeping rules map to none.
   */
  controls: readonly NistControl[];
  /**
   * The rule's words, by message id (like ESLint's `meta.messages`): templates with {{placeholders}}
   * for the finding's message and remediation. A message says what is wrong with the email domain and
   * connector; it names no account (the report and each format say which account a finding is about).
   */
  messages: Readonly<Record<M, string>>;
  /**
   * How the policy pack says the same finding about the stack's resources in `pulumi preview`.
   * Placeholders: {{who}} (account and email_domain), {{where}} (file:line:column), {{resource}},
   * {{resources}}, {{file}}, {{unmanaged}}, {{domain}}, {{expected}}, {{actual}}. Rules that only
   * judge the live account (waivers, unverifiable checks) have none: the pack shows their message.
   */
  stackMessage?: string;
  /** The policy of the Pulumi pack that reports this rule's findings (policies/checks), if one does. */
  policy?: string;
}

/** The NIST SP 800-53 Rev. 5 controls the rules map to. */
export type NistControl = 'IA-2' | 'AC-8' | 'CM-6';

/** What became of one check: compared and equal, compared and different, the value unknown, or the account not read. */
export type CheckResult = 'pass' | 'fail' | 'unverifiable' | 'not_checked';

/** What a failed check's finding says: a message id of the rule, and the values for its placeholders. */
export interface CheckMessage<M extends string = string> {
  id: M;
  /** The id of the remediation text in the rule's `messages`, if the finding has one. */
  remediation?: M;
  data: MessageData;
}

/**
 * One check a rule made: which property of which connector, what the file expects and what was seen.
 * `connectorId` absent: the check is about the declaration (every connector of the domain, or none).
 */
export interface RuleCheck<M extends string = string> {
  property: CheckedProperty;
  result: CheckResult;
  expected: string;
  /** As observed; absent when nothing was observed (account not read) or the value is unknown. */
  actual?: string;
  connectorId?: string;
  /** Where the file says what is expected (the account entry for an undeclared connector). */
  location: SourceLocation;
  /** result fail: what the finding says. */
  message?: CheckMessage<M>;
  /** result fail: the finding's severity when not the rule's default (unexpected: the account's `unmanaged`). */
  severity?: Severity;
  /** result fail: the finding's expected / actual when they read otherwise than the check's. */
  finding?: { expected?: string; actual?: string };
  /** result unverifiable: the setting as the message names it, and why it is unknown (default: the API did not report it). */
  unknown?: { field: string; reason?: UnknownValue };
}

/**
 * One (account, email domain) pair as matched by the engine. `emailDomain` is normalised;
 * `observed` holds every live connector with that domain (more than one is a duplicate),
 * sorted by connector id. A pair exists when the domain is declared, observed, or both.
 * `read` false: the account was not read completely; `observed` is empty and the rules say
 * `not_checked` for what they would have compared.
 */
export interface MatchedPair {
  account: DesiredAccount;
  accountId: string;
  emailDomain: string;
  desired?: DesiredConnector;
  observed: ObservedConnector[];
  read: boolean;
}

/** A waiver as the engine resolved it for one evaluation. */
export interface WaiverUse {
  waiver: Waiver;
  /** The declared account the waiver names (waivers of accounts not evaluated are not passed). */
  account: DesiredAccount;
  /** The waiver's email domain, normalised. */
  emailDomain: string;
  /** today > expires: the waiver no longer applies. */
  expired: boolean;
  /** How many findings this waiver covered (0 when expired). */
  matchedFindings: number;
  /** The evaluation day, YYYY-MM-DD (UTC). */
  today: string;
}

/**
 * What a connector rule may see beyond its pair: the same email domain in the other evaluated accounts,
 * and when the pair's account was read. Data, not a clock: the engine passes the inventories' times.
 */
export interface RunView {
  /**
   * When the pair's account was read (its inventory's `fetchedAt`, the earliest when several), as
   * written; undefined when unknown. Rules that judge age compare with this, never with a clock.
   */
  readAt: string | undefined;
  /** The pairs of every account read with this (normalised) email domain, in the file's account order. */
  pairsOf(emailDomain: string): readonly MatchedPair[];
}

/** Where the desired-state file writes a connector's setting, for a rule's check of the file itself. */
export interface DesiredSource {
  /**
   * The setting's value position (`yaml`: its key as the YAML spells it); a value inherited through
   * `defaults` (`inherited`) is placed at the connector's email_domain value.
   */
  settingAt(connector: DesiredConnector, yaml: string): { location: SourceLocation; inherited: boolean };
}

/** A mistake a rule finds in the desired-state file before anything is read (shown by `validate` and the loader). */
export interface DesiredIssue {
  connector: DesiredConnector;
  /** The setting the issue is about (its YAML key), placed as `settingAt` places it. */
  setting: string;
  message: string;
  hint?: string;
}

/**
 * Per-connector rules see one matched pair and the run around it. The engine always passes `run`;
 * it is optional so a rule that needs only its pair can be called (and tested) with the pair alone.
 */
export interface ConnectorRule<M extends string = string> extends RuleMeta<M> {
  scope: 'connector';
  /** The property of a connector this rule judges, in the words of the YAML. */
  property: CheckedProperty;
  check(pair: MatchedPair, run?: RunView): readonly RuleCheck<M>[];
  /** A check of the desired-state file alone (its accounts, in file order), run by the loader and so by `validate`. */
  checkDesired?(accounts: readonly DesiredAccount[], source: DesiredSource): readonly DesiredIssue[];
}

/** Waiver rules see one waiver after the engine applied all waivers to the connector findings. */
export interface WaiverRule<M extends string = string> extends RuleMeta<M> {
  scope: 'waiver';
  check(use: WaiverUse): readonly WaiverCheck<M>[];
}

/** What a waiver rule reports about one waiver. */
export interface WaiverCheck<M extends string = string> {
  message: CheckMessage<M>;
  expected?: string;
  actual?: string;
}

/**
 * A rule the engine applies itself: CFSSO010 turns every unverifiable check of the other rules into
 * its finding. It keeps its id and metadata (SARIF, JUnit and OSCAL name it) but has no check.
 */
export interface CheckOutcomeRule<M extends string = string> extends RuleMeta<M> {
  scope: 'outcome';
}

export type Rule = ConnectorRule | WaiverRule | CheckOutcomeRule;

/** Types a connector rule's message ids from its `messages` (like typescript-eslint's createRule). */
export function connectorRule<M extends string>(rule: ConnectorRule<M>): ConnectorRule<M> {
  return rule;
}

export function waiverRule<M extends string>(rule: WaiverRule<M>): WaiverRule<M> {
  return rule;
}
