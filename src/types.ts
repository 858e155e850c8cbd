// Shared data shapes. Pure types only: every layer imports from here, this file imports nothing.

export type Severity = 'error' | 'warning' | 'note';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

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
  | 'unverifiable';

export type UnmanagedPolicy = 'error' | 'warning' | 'ignore';

/** Where in the desired-state file something was declared (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface DesiredConnector {
  accountId: string;
  /** Normalised: trimmed, lowercase, no trailing dot, IDN as ASCII (punycode). */
  emailDomain: string;
  state: 'present' | 'absent';
  /** Omitted fields are not checked. */
  enabled?: boolean;
  /** Accepted statuses; omitted means not checked. */
  verification?: VerificationStatus[];
  useFedrampLanguage?: boolean;
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
  approvedBy?: string;
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
export interface ObservedConnector {
  accountId: string;
  id: string;
  emailDomain: string;
  enabled?: boolean;
  useFedrampLanguage?: boolean;
  /** `status` as served (any case, possibly one Cloudflare adds later, e.g. `expired`). */
  verification?: { status?: string; code?: string };
  createdOn?: string;
  updatedOn?: string;
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
  message: string;
  remediation?: string;
  location?: SourceLocation;
  waived: boolean;
  waiver?: { reason: string; expires: string; by?: string };
}

export type ReportStatus = 'compliant' | 'drift' | 'error';

/** The JSON report contract (schemaVersion 1); schemas/report.schema.json is its schema. */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'cf-sso-guard'; version: string };
  generatedAt: string;
  status: ReportStatus;
  desiredState: { path: string; sha256: string };
  /** Where the live state came from: the API base URL, or the snapshot file. */
  source?: { kind: 'api' | 'snapshot'; location: string };
  failOn?: Severity | 'never';
  /** The UTC day waiver expiry was judged against (`--as-of`, default the run's day). */
  asOf?: string;
  /** Set by `check --shard I/N`: which shard, and exactly the accounts it was given (so `merge` can tell a missing one). */
  shard?: { index: number; count: number; accounts: string[] };
  accounts: Array<{
    id: string;
    name?: string;
    status: 'ok' | 'error';
    error?: string;
    connectors: number;
  }>;
  findings: Finding[];
  summary: { findings: number; error: number; warning: number; note: number; waived: number };
}
