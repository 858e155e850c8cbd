// Shared data shapes. Pure types only: every layer imports from here; it imports only the settings table's types.
import type { BooleanSettingKey, SettingKey, SettingYamlKey } from './settings';

/** A value for each boolean connector setting of the table (src/core/settings.ts), each optional. */
export type BooleanSettings = { [K in BooleanSettingKey]?: boolean };

export type Severity = 'error' | 'warning' | 'note';

export type VerificationStatus = 'awaiting' | 'pending' | 'failed' | 'verified';
export const VERIFICATION_STATUSES: readonly VerificationStatus[] = ['awaiting', 'pending', 'failed', 'verified'];

export type FindingKind =
  | 'missing'
  | 'unexpected'
  | 'forbidden'
  | 'enabled_mismatch'
  | 'verification_mismatch'
  | 'fedramp_mismatch'
  | 'duplicate'
  | 'waiver_expired'
  | 'waiver_unused'
  | 'unverifiable'
  | 'domain_conflict'
  | 'verification_stalled';

export type UnmanagedPolicy = 'error' | 'warning' | 'ignore';

/** Where in the desired-state file something was declared (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** The boolean settings (omitted ones are not checked) and the accepted verification statuses (omitted: not checked). */
export interface DesiredConnector extends BooleanSettings {
  accountId: string;
  /** Normalised: trimmed, lowercase, no trailing dot, IDN as ASCII (punycode). */
  emailDomain: string;
  state: 'present' | 'absent';
  /** Accepted statuses; omitted means not checked. */
  verification?: VerificationStatus[];
  location: SourceLocation;
}

export interface DesiredAccount {
  id: string;
  name?: string;
  unmanaged: UnmanagedPolicy;
  connectors: DesiredConnector[];
  location: SourceLocation;
}

export interface Waiver {
  accountId: string;
  emailDomain: string;
  kind: FindingKind;
  reason: string;
  /** Who approved it: required by the desired-state schema; optional here only for reports written before that. */
  approvedBy?: string;
  /** The day (YYYY-MM-DD, UTC) it was approved, when the file says. */
  approvedOn?: string;
  /** ISO date (YYYY-MM-DD); the waiver applies up to and including this day (UTC). */
  expires: string;
  location: SourceLocation;
}

export interface DesiredState {
  version: 1;
  /** Path as given by the user (used in reports and locations). */
  file: string;
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  accounts: DesiredAccount[];
  waivers: Waiver[];
}

/**
 * Exactly what the API said about one connector. Cloudflare documents every field as optional: an
 * absent field is unknown (never a default), and only a check that needs it is undecidable (CFSSO010).
 * `id` and `emailDomain` are required here because a connector without them cannot be matched; the
 * reader fails the account instead.
 */
export interface ObservedConnector extends ObservedValues {
  accountId: string;
  id: string;
  emailDomain: string;
  /**
   * Why a setting left out above is unknown, when the source can say better than "the API did not report
   * it" (a Terraform plan decides it at apply, a Pulumi preview does not know it yet). The rule that needs
   * the value reports its check unverifiable with this reason.
   */
  unknown?: { [K in SettingKey]?: UnknownValue };
}

/** Why an observed value is unknown, in words for a finding. */
export interface UnknownValue {
  /** Why, e.g. "decided at apply (unknown until Terraform applies the plan)". */
  why: string;
  /** A few words for the finding's `actual`, e.g. "decided at apply". */
  short: string;
  /** What to do, e.g. "Set it to a known value in the configuration". */
  fix: string;
}

export interface AccountInventory {
  accountId: string;
  status: 'ok' | 'error';
  /** Plain message when status is error: HTTP status, Cloudflare error code and message. */
  error?: string;
  connectors: ObservedConnector[];
  fetchedAt: string;
  pagesFetched: number;
}

export interface Finding {
  ruleId: string;
  kind: FindingKind;
  severity: Severity;
  accountId: string;
  emailDomain: string;
  connectorId?: string;
  expected?: string;
  actual?: string;
  /** The id of the message in its rule's `messages` (what the message says, apart from its values). */
  messageId?: string;
  message: string;
  remediation?: string;
  location?: SourceLocation;
  waived: boolean;
  waiver?: { reason: string; expires: string; by?: string };
}

export type ReportStatus = 'compliant' | 'drift' | 'error';

/** What `--fail-on` made of a run: the exit code, apart from the observed status. */
export interface ReportGate {
  failOn: Severity | 'never';
  exitCode: 0 | 1 | 2;
  result: 'passed' | 'failed';
}

/**
 * What became of one connector considered (declared, live, or both): every check passed, a check failed with
 * an unwaived error (drift), the only unwaived failures are warnings or notes (warning: not drift, as the run's
 * status says), every failed check is waived, a check could not be made (CFSSO010), or its account was not read.
 */
export type ConnectorVerdict = 'compliant' | 'drift' | 'warning' | 'waived' | 'unverifiable' | 'not_checked';
export const CONNECTOR_VERDICTS: readonly ConnectorVerdict[] = ['compliant', 'drift', 'warning', 'waived', 'unverifiable', 'not_checked'];

/** The property of a connector a check compares, in the words of the YAML. */
export type CheckedProperty =
  | 'state'
  | 'declared'
  /** A connector setting (src/core/settings.ts), by its YAML key. */
  | SettingYamlKey
  | 'unique'
  /** Enabled in no other checked account (CFSSO011). */
  | 'exclusive'
  /** A pending verification still being polled, i.e. changed within two days (CFSSO012). */
  | 'verification_progress';

/** One property of one connector compared with what the desired-state file expects. */
export interface PropertyCheck {
  property: CheckedProperty;
  /** The rule that judges this property (its NIST controls are the rule's). */
  ruleId: string;
  expected: string;
  /** As observed; absent when nothing was observed (account not read) or the API did not report it. */
  actual?: string;
  result: 'pass' | 'fail' | 'waived' | 'unverifiable' | 'not_checked';
}

/** A live connector's values exactly as read (absent = the API did not report it). */
export interface ObservedValues extends BooleanSettings {
  /** `status` as served (any case, possibly one Cloudflare adds later, e.g. `expired`). */
  verification?: { status?: string; code?: string };
  createdOn?: string;
  updatedOn?: string;
}

/** One connector considered for one account: each declared connector and each live one. */
export interface ConnectorCheck {
  emailDomain: string;
  /** The live connector's id; absent when no live connector was found (or the account was not read). */
  connectorId?: string;
  /** What the desired-state file says about the domain. */
  declared: 'present' | 'absent' | 'undeclared';
  /** Where the file declares it (the account entry for an undeclared connector). */
  location?: SourceLocation;
  observed?: ObservedValues;
  checks: PropertyCheck[];
  verdict: ConnectorVerdict;
  /** The findings about this connector, as indexes into the report's `findings` (linked once, by the engine's decide). */
  findingIndexes?: number[];
}

export type WaiverState = 'in_force' | 'expired' | 'unused' | 'not_evaluated';

/** A waiver of the desired-state file and how it fared in this run (decided once, by the engine). */
export interface ReportWaiver extends Waiver {
  /** expired: the as-of day is after `expires`; not_evaluated: its account was not checked or not read; unused: in date, covering no finding. */
  state: WaiverState;
  /** How many findings it covers (0 unless in force). */
  covers: number;
}

/** Findings counted: all of them, the unwaived by severity, and the waived. */
export interface FindingCounts {
  findings: number;
  error: number;
  warning: number;
  note: number;
  waived: number;
}

export interface ReportAccount {
  id: string;
  name?: string;
  status: 'ok' | 'error';
  error?: string;
  /** What was observed for this account (decided by the engine, src/engine/decide.ts): could not decide, drift or compliant. */
  verdict: ReportStatus;
  /** Its findings counted (decided by the engine). */
  summary: FindingCounts;
  /** Live connectors read. */
  connectors: number;
  /** When the account was read (ISO date-time): by this run, or by the snapshot. */
  readAt?: string;
  /** How many list pages were read. */
  pages?: number;
  /** Every connector considered, each with its checks and verdict. */
  checks: ConnectorCheck[];
}

/** Where the live state came from. Never holds credentials. */
export type ReportSource =
  | { kind: 'api'; /** The API base URL read. */ location: string }
  | {
      kind: 'snapshot';
      /** The snapshot file's path as given. */
      location: string;
      /** SHA-256 (hex) of the snapshot file's bytes. */
      sha256: string;
      /** When the snapshot was recorded. */
      recordedAt: string;
      /** The API base URL the snapshot was read from. */
      api: string;
    };

/** How the report was made, for whoever has to trust it later (with `asOf`, `failOn`, `generatedAt`, `source`). */
export interface Provenance {
  /** Node.js version that ran the tool, e.g. v22.11.0. */
  node: string;
  /** The command line (arguments after the program), secrets redacted. */
  commandLine: string[];
  /** Set by `merge`: each shard report it judged again, with the SHA-256 of the file's bytes. */
  shards?: ShardProvenance[];
  /** Set by `check --terraform-plan`: the plan judged (its end state) and whether the live API was read too. */
  terraformPlan?: TerraformPlanProvenance;
}

export interface TerraformPlanProvenance {
  /** The plan file's path as given. */
  path: string;
  /** SHA-256 (hex) of the plan file's bytes. */
  sha256: string;
  /** The plan's `format_version` (1.x). */
  formatVersion: string;
  /** The `terraform_version` that made the plan (OpenTofu prints its own version there). */
  terraformVersion?: string;
  /** With `--live`: live connectors Terraform does not manage were read from the API; without, they cannot be seen. */
  live: boolean;
}

export interface ShardProvenance {
  /** The shard report's path as given to merge. */
  path: string;
  sha256: string;
  index: number;
  count: number;
}

/**
 * What a run read, exactly as read (each account's connectors, or its read error, and when), and
 * from where: what `merge` judges again instead of trusting a shard's findings.
 */
export interface Observations {
  source: ReportSource;
  accounts: AccountInventory[];
}

/** The JSON report contract (schemaVersion 2); schemas/report.schema.json is its schema. */
export interface Report {
  schemaVersion: 2;
  tool: { name: 'cf-sso-guard'; version: string };
  generatedAt: string;
  /** What was observed (decided by the engine, src/engine/decide.ts; re-derived for a report read from disk). */
  status: ReportStatus;
  /** Why the run could not decide, one plain sentence per cause (accounts not read, checks not made, no accounts); empty otherwise. */
  undecided: string[];
  desiredState: { path: string; sha256: string };
  source?: ReportSource;
  failOn: Severity | 'never';
  /** The gate: `--fail-on`, the exit code it gave and passed/failed (decided by the engine with the status). */
  gate: ReportGate;
  /** The UTC day waiver expiry was judged against (`--as-of`, default the run's day). */
  asOf: string;
  /** Set by `check --shard I/N`: which shard, and exactly the accounts it was given (so `merge` can tell a missing one). */
  shard?: { index: number; count: number; accounts: string[] };
  provenance: Provenance;
  accounts: ReportAccount[];
  findings: Finding[];
  waivers: ReportWaiver[];
  /** Set by `check --shard I/N`: the inventories read, for `merge` to judge again. */
  observations?: Observations;
  summary: FindingCounts & {
    /** Connector checks per verdict. */
    checks: Record<ConnectorVerdict, number>;
  };
}
