// Shared wording for rule messages: the words of the desired-state YAML.
import type { DesiredAccount, VerificationStatus } from '../types';

/** `Account "production" (023e…)` or `Account 023e…` when the account has no name. */
export function accountLabel(account: Pick<DesiredAccount, 'id' | 'name'>): string {
  return account.name === undefined ? `Account ${account.id}` : `Account "${account.name}" (${account.id})`;
}

/** How an accepted-status list reads in messages and in `expected`: `verified`, `pending or verified`. */
export function acceptedStatuses(statuses: readonly VerificationStatus[]): string {
  return statuses.join(' or ');
}

export function yesNo(value: boolean): string {
  return value ? 'true' : 'false';
}
