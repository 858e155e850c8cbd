// How the pack names what it talks about, in the words of the desired-state YAML: a declaration's
// file:line:column, an account by its label, a resource by its Pulumi name.
import { accountLabel } from '../src/core/describe';
import { formatLocation } from '../src/core/location';
import type { DesiredAccount, DesiredState, SourceLocation } from '../src/core/types';

export function at(location: SourceLocation | undefined): string {
  return location === undefined ? '' : formatLocation(location);
}

export function findAccount(desired: DesiredState, accountId: string): DesiredAccount | undefined {
  return desired.accounts.find((candidate) => candidate.id === accountId);
}

export function accountNamed(desired: DesiredState, accountId: string): string {
  const account = findAccount(desired, accountId);
  return account === undefined ? `Account ${accountId}` : accountLabel(account);
}

/** `cloudflare.SsoConnector "sso-production-example-com"` from a URN (its last `::` part is the name). */
export function resourceFromUrn(urn: string | undefined): string {
  if (urn === undefined) return 'the stack';
  const name = urn.slice(urn.lastIndexOf('::') + 2);
  return `cloudflare.SsoConnector "${name}"`;
}
