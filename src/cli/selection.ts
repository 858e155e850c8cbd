// What a run covers and what fails it, as `check` and `merge` both take them: --account (ids or
// names from the file) and --fail-on.
import type { DesiredState, Severity } from '../core/types';
import { nearest } from '../core/suggest';
import { accountSelectors, choiceOption, type ParsedValues } from './args';
import { UsageError } from './errors';

export const FAIL_ON = ['error', 'warning', 'note', 'never'] as const;

/** --fail-on LEVEL; default error. */
export function failOnOption(values: ParsedValues): Severity | 'never' {
  return choiceOption(values, 'fail-on', FAIL_ON, 'error');
}

/** --account takes an account's id or its `name` from the file (case-insensitive); both must be declared there. */
export function resolveAccount(desired: DesiredState, selector: string): string {
  const byId = desired.accounts.find((a) => a.id === selector.toLowerCase());
  if (byId !== undefined) return byId.id;
  const byName = desired.accounts.filter((a) => a.name !== undefined && a.name.toLowerCase() === selector.toLowerCase());
  if (byName.length === 1) return byName[0].id;
  if (byName.length > 1) throw new UsageError(`--account "${selector}": ${byName.length} accounts in ${desired.file} have that name; use the id (${byName.map((a) => a.id).join(', ')})`);
  const names = desired.accounts.flatMap((a) => (a.name === undefined ? [] : [a.name]));
  const guess = nearest(selector, names);
  throw new UsageError(
    `--account "${selector}" is neither the id nor the name of an account in ${desired.file}${guess === undefined ? '' : `; did you mean "${guess}"?`}` +
      (names.length > 0 ? ` Names there: ${names.join(', ')}.` : ''),
  );
}

/** The accounts a run covers: the file's (file order, each once), narrowed by --account (ids or names). */
export function selectedAccounts(desired: DesiredState, values: ParsedValues): string[] {
  const declared = [...new Set(desired.accounts.map((a) => a.id))];
  const requested = accountSelectors(values).map((selector) => resolveAccount(desired, selector));
  return requested.length > 0 ? declared.filter((id) => requested.includes(id)) : declared;
}
