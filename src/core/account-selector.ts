// One rule for naming an account, everywhere an account is chosen (`check --account`, `merge --account`,
// the pack's `accounts` config): its id or its `name` from the desired-state file, case-insensitive.
import type { DesiredAccount } from './types';
import { nearest } from './suggest';

export type AccountChoice = { accountId: string } | { problem: string };

/** The declared account `selector` names, or why it names none (unknown, with a did-you-mean; or a name shared by several). */
export function selectAccount(accounts: readonly Pick<DesiredAccount, 'id' | 'name'>[], selector: string, file: string): AccountChoice {
  const wanted = selector.toLowerCase();
  const byId = accounts.find((account) => account.id.toLowerCase() === wanted);
  if (byId !== undefined) return { accountId: byId.id };
  const byName = accounts.filter((account) => account.name !== undefined && account.name.toLowerCase() === wanted);
  const ids = [...new Set(byName.map((account) => account.id))];
  if (ids.length === 1) return { accountId: ids[0] };
  if (ids.length > 1) return { problem: `"${selector}": ${ids.length} accounts in ${file} have that name; use the id (${ids.join(', ')})` };
  const names = accounts.flatMap((account) => (account.name === undefined ? [] : [account.name]));
  const guess = nearest(selector, names);
  return {
    problem:
      `"${selector}" is neither the id nor the name of an account in ${file}${guess === undefined ? '' : `; did you mean "${guess}"?`}` +
      (names.length > 0 ? ` Names there: ${names.join(', ')}.` : ''),
  };
}
