// The rule registry: every rule, in rule-id order.
import type { FindingKind } from '../core/types';
import type { ConnectorRule, Rule, WaiverRule } from './rule';
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

export type { ConnectorRule, MatchedPair, NistControl, Rule, RuleFinding, RunView, WaiverRule, WaiverUse } from './rule';
export { normaliseDomain } from '../core/domain';
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

export const CONNECTOR_RULES: readonly ConnectorRule[] = [
  missingRule,
  unexpectedRule,
  forbiddenRule,
  enabledMismatchRule,
  verificationMismatchRule,
  fedrampMismatchRule,
  duplicateRule,
  unverifiableRule,
  domainConflictRule,
  verificationStalledRule,
];

export const WAIVER_RULES: readonly WaiverRule[] = [waiverExpiredRule, waiverUnusedRule];

/** In rule-id order (CFSSO010 is a connector rule that came after the waiver rules). */
export const ALL_RULES: readonly Rule[] = [...CONNECTOR_RULES, ...WAIVER_RULES].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

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
