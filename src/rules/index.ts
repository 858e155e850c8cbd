// The rule registry: every rule. A new rule is its file, one line here, its FindingKind (src/core/types.ts)
// and, when waivable, its kind in the desired-state schema's list of waivable kinds.
import type { CheckedProperty, DesiredAccount, FindingKind } from '../core/types';
import type { CheckOutcomeRule, ConnectorRule, DesiredIssue, DesiredSource, Rule, WaiverRule } from './rule';
import { missingRule } from './missing';
import { unexpectedRule } from './unexpected';
import { forbiddenRule } from './forbidden';
import { enabledMismatchRule } from './enabled-mismatch';
import { verificationMismatchRule } from './verification-mismatch';
import { fedrampMismatchRule } from './fedramp-mismatch';
import { duplicateRule } from './duplicate';
import { waiverExpiredRule } from './waiver-expired';
import { waiverUnusedRule } from './waiver-unused';
import { unverifiableRule } from './unverifiable';
import { domainConflictRule } from './domain-conflict';
import { verificationStalledRule } from './verification-stalled';

export type {
  CheckMessage,
  CheckOutcomeRule,
  CheckResult,
  ConnectorRule,
  DesiredIssue,
  DesiredSource,
  MatchedPair,
  NistControl,
  Rule,
  RuleCheck,
  RuleMeta,
  RunView,
  WaiverCheck,
  WaiverRule,
  WaiverUse,
} from './rule';
export {
  missingRule,
  unexpectedRule,
  forbiddenRule,
  enabledMismatchRule,
  verificationMismatchRule,
  fedrampMismatchRule,
  duplicateRule,
  waiverExpiredRule,
  waiverUnusedRule,
  unverifiableRule,
  domainConflictRule,
  verificationStalledRule,
};

/** In the order a connector's checks are listed: its state or declaration, uniqueness, each setting, then the rest. */
export const CONNECTOR_RULES: readonly ConnectorRule[] = [
  missingRule,
  unexpectedRule,
  forbiddenRule,
  duplicateRule,
  enabledMismatchRule,
  verificationMismatchRule,
  fedrampMismatchRule,
  domainConflictRule,
  verificationStalledRule,
];

export const WAIVER_RULES: readonly WaiverRule[] = [waiverExpiredRule, waiverUnusedRule];

/** The rule whose finding an unverifiable check becomes (CFSSO010). */
export const UNVERIFIABLE_RULE: CheckOutcomeRule = unverifiableRule;

/** In rule-id order. */
export const ALL_RULES: readonly Rule[] = [...CONNECTOR_RULES, ...WAIVER_RULES, UNVERIFIABLE_RULE].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const BY_ID = new Map<string, Rule>(ALL_RULES.map((rule) => [rule.id, rule]));
const BY_KIND = new Map<FindingKind, Rule>(ALL_RULES.map((rule) => [rule.kind, rule]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** Every finding kind has exactly one rule. */
export function ruleByKind(kind: FindingKind): Rule {
  const rule = BY_KIND.get(kind);
  if (rule === undefined) throw new Error(`no rule for finding kind ${kind}`);
  return rule;
}

/** The property a connector finding kind is about (its rule's); waiver kinds and CFSSO010 judge none of their own. */
export function propertyOfKind(kind: FindingKind): CheckedProperty | undefined {
  const rule = BY_KIND.get(kind);
  return rule?.scope === 'connector' ? rule.property : undefined;
}

/** Every rule's check of the desired-state file alone (e.g. CFSSO011: one domain declared enabled in two accounts). */
export function checkDesiredState(accounts: readonly DesiredAccount[], source: DesiredSource): DesiredIssue[] {
  return CONNECTOR_RULES.flatMap((rule) => rule.checkDesired?.(accounts, source) ?? []);
}

/** The rules the pack's policy `name` reports (rules name their policy), for a policy's list of kinds. */
export function kindsOfPolicy(name: string): FindingKind[] {
  return ALL_RULES.filter((rule) => rule.policy === name).map((rule) => rule.kind);
}
