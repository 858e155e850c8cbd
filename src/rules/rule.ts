// The rule module contract. One rule per file in this folder; add a rule by adding a file
// and listing it in ./index.ts.
import type {
  AccountInventory,
  DesiredAccount,
  DesiredConnector,
  DesiredState,
  Finding,
  FindingKind,
  ObservedConnector,
  Severity,
  Waiver,
} from '../types';

export interface RuleMeta {
  /** Stable id used in SARIF, JUnit and waivers, e.g. CFSSO001. */
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
}

/** One (account, domain) pair as matched by the engine. */
export interface MatchedPair {
  account: DesiredAccount;
  accountId: string;
  emailDomain: string;
  desired?: DesiredConnector;
  observed: ObservedConnector[];
}

/** Per-connector rules see one matched pair; waiver rules see the whole evaluation. */
export interface ConnectorRule extends RuleMeta {
  scope: 'connector';
  check(pair: MatchedPair): Omit<Finding, 'waived' | 'waiver'>[];
}

export interface WaiverRule extends RuleMeta {
  scope: 'waiver';
  check(ctx: { waivers: Waiver[]; findings: Finding[]; today: string; desired: DesiredState; inventories: AccountInventory[] }): Omit<Finding, 'waived' | 'waiver'>[];
}

export type Rule = ConnectorRule | WaiverRule;
