// The rule module contract. One rule per file in this folder (like ESLint rule modules):
// metadata next to the check. Add a rule by adding a file and listing it in ./index.ts.
// Rules are pure: no I/O, no clock. The engine matches desired <-> observed and calls them.
import type {
  DesiredAccount,
  DesiredConnector,
  Finding,
  FindingKind,
  ObservedConnector,
  Severity,
  Waiver,
} from '../core/types';

export interface RuleMeta {
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
   * for the finding's message and remediation, filled by `ruleFinding`. The message speaks about the
   * live account (CLI and reports); the account's label is put in front of it.
   */
  messages: Readonly<Record<string, string>>;
  /**
   * How the policy pack says the same finding about the stack's resources in `pulumi preview`.
   * Placeholders: {{who}} (account and email_domain), {{where}} (file:line:column), {{resource}},
   * {{resources}}, {{file}}, {{unmanaged}}, {{domain}}, {{expected}}, {{actual}}. Rules that only
   * judge the live account (waivers, unverifiable checks) have none: the pack shows their message.
   */
  stackMessage?: string;
}

/** The NIST SP 800-53 Rev. 5 controls the rules map to. */
export type NistControl = 'IA-2' | 'AC-8' | 'CM-6';

/** What a rule returns; the engine adds `waived` / `waiver`. */
export type RuleFinding = Omit<Finding, 'waived' | 'waiver'>;

/**
 * What a rule returns when it finds nothing: one frozen empty list, not a new array per call (the
 * engine calls every connector rule for each of up to 100k connectors).
 */
export const NO_FINDINGS: readonly RuleFinding[] = Object.freeze([]);

/**
 * One (account, email domain) pair as matched by the engine. `emailDomain` is normalised;
 * `observed` holds every live connector with that domain (more than one is a duplicate),
 * sorted by connector id. A pair exists when the domain is declared, observed, or both.
 */
export interface MatchedPair {
  account: DesiredAccount;
  accountId: string;
  emailDomain: string;
  desired?: DesiredConnector;
  observed: ObservedConnector[];
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
  /** The pairs of every evaluated account with this (normalised) email domain, in the file's account order. */
  pairsOf(emailDomain: string): readonly MatchedPair[];
}

/**
 * Per-connector rules see one matched pair and the run around it. The engine always passes `run`;
 * it is optional so a rule that needs only its pair can be called (and tested) with the pair alone.
 */
export interface ConnectorRule extends RuleMeta {
  scope: 'connector';
  check(pair: MatchedPair, run?: RunView): readonly RuleFinding[];
}

/** Waiver rules see one waiver after the engine applied all waivers to the connector findings. */
export interface WaiverRule extends RuleMeta {
  scope: 'waiver';
  check(use: WaiverUse): readonly RuleFinding[];
}

export type Rule = ConnectorRule | WaiverRule;
