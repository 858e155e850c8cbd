// Shared wording for rule messages: the words of the desired-state YAML.
import type { DesiredAccount, VerificationStatus } from './types';

/** How reports and tables name an account: `production (023e…)`, or the id alone when it has no name. */
export function accountTitle(name: string | undefined, id: string): string {
  return name !== undefined && name !== '' ? `${name} (${id})` : id;
}

/** How rule messages name an account: `Account "production" (023e…)` or `Account 023e…` when it has no name. */
export function accountLabel(account: Pick<DesiredAccount, 'id' | 'name'>): string {
  return account.name === undefined ? `Account ${account.id}` : `Account "${account.name}" (${account.id})`;
}

/** How an accepted-status list reads in messages and in `expected`: `verified`, `pending or verified`. */
export function acceptedStatuses(statuses: readonly VerificationStatus[]): string {
  // One status (the usual declaration) is its own text: no join per connector.
  return statuses.length === 1 ? statuses[0] : statuses.join(' or ');
}

export function yesNo(value: boolean): string {
  return value ? 'true' : 'false';
}
