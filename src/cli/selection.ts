// What a run covers and what fails it, as `check` and `merge` both take them: --account (ids or
// names from the file) and --fail-on.
import type { DesiredState, Severity } from '../core/types';
import { selectAccount } from '../core/account-selector';
import { accountSelectors, choiceOption, type ParsedValues } from './args';
import { UsageError } from './errors';

export const FAIL_ON = ['error', 'warning', 'note', 'never'] as const;

/** --fail-on LEVEL; default error. */
export function failOnOption(values: ParsedValues): Severity | 'never' {
  return choiceOption(values, 'fail-on', FAIL_ON, 'error');
}

/** --account takes an account's id or its `name` from the file (case-insensitive); both must be declared there. */
export function resolveAccount(desired: DesiredState, selector: string): string {
  const choice = selectAccount(desired.accounts, selector, desired.file);
  if ('problem' in choice) throw new UsageError(`--account ${choice.problem}`);
  return choice.accountId;
}

/** The accounts a run covers: the file's (file order, each once), narrowed by --account (ids or names). */
export function selectedAccounts(desired: DesiredState, values: ParsedValues): string[] {
  const declared = [...new Set(desired.accounts.map((a) => a.id))];
  const requested = accountSelectors(values).map((selector) => resolveAccount(desired, selector));
  return requested.length > 0 ? declared.filter((id) => requested.includes(id)) : declared;
}
