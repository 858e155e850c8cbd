// How the pack says things: in the words of the desired-state YAML (account name, email_domain,
// the field as the file spells it, expected, actual, file:line), and at which enforcement level.
import type { ReportViolation } from '@pulumi/policy';
import { ruleById } from '../src/rules';
import { accountLabel } from '../src/rules/describe';
import { fillMessage } from '../src/rules/message';
import type { DesiredAccount, DesiredState, Finding, SourceLocation } from '../src/types';
import type { DesiredLoad } from './context';
import type { Unchecked } from './judge';
import { YAML_FIELD } from './judge';

export function at(location: SourceLocation | undefined): string {
  if (location === undefined) return '';
  return location.line > 0 ? `${location.file}:${location.line}:${location.column}` : location.file;
}

export function accountNamed(desired: DesiredState, accountId: string): string {
  const account = desired.accounts.find((candidate) => candidate.id === accountId);
  return account === undefined ? `Account ${accountId}` : accountLabel(account);
}

export function findAccount(desired: DesiredState, accountId: string): DesiredAccount | undefined {
  return desired.accounts.find((candidate) => candidate.id === accountId);
}

/** `cloudflare.SsoConnector "sso-production-example-com"` from a URN (its last `::` part is the name). */
export function resourceFromUrn(urn: string | undefined): string {
  if (urn === undefined) return 'the stack';
  const name = urn.slice(urn.lastIndexOf('::') + 2);
  return `cloudflare.SsoConnector "${name}"`;
}

/**
 * A finding about the stack (not the live account), in the words its rule gives for Pulumi users
 * (`stackMessage`): here the connectors are resources of this stack. A rule without stack words
 * is shown with the engine's own message.
 */
export function describeStackFinding(desired: DesiredState, finding: Finding, urns: readonly string[] = []): string {
  const where = at(finding.location);
  const waiver = finding.waived && finding.waiver ? ` Waived until ${finding.waiver.expires}: ${finding.waiver.reason}.` : '';
  const template = ruleById(finding.ruleId)?.stackMessage;
  const text =
    template === undefined
      ? `${finding.message}${where ? ` (${where})` : ''}`
      : fillMessage(template, {
          who: `${accountNamed(desired, finding.accountId)}: email_domain ${finding.emailDomain}`,
          where,
          resource: resourceFromUrn(finding.connectorId),
          resources: urns.map((urn) => resourceFromUrn(urn)).join(', '),
          file: desired.file,
          unmanaged: findAccount(desired, finding.accountId)?.unmanaged ?? finding.severity,
          domain: finding.emailDomain,
          expected: finding.expected ?? '',
          actual: finding.actual ?? '',
        });
  return `[${finding.ruleId}] ${text}${waiver}`;
}

/** A finding from the live API (live-drift): the engine's message, as the CLI prints it. */
export function describeLiveFinding(finding: Finding): string {
  const where = at(finding.location);
  const waiver = finding.waived && finding.waiver ? ` Waived until ${finding.waiver.expires}: ${finding.waiver.reason}.` : '';
  return `[${finding.ruleId}] ${finding.severity}: ${finding.message}${where ? ` (${where})` : ''}${waiver}`;
}

export function describeUnchecked(desired: DesiredState, item: Unchecked): string {
  const who = `${accountNamed(desired, item.connector.accountId)}: email_domain ${item.connector.emailDomain}`;
  const field = YAML_FIELD[item.field];
  const expected =
    item.field === 'verification' ? (item.desired.verification ?? []).join(' or ') : String(item.desired[item.field]);
  const resource = `cloudflare.SsoConnector "${item.connector.observation.name}"`;
  const where = at(item.desired.location);
  switch (item.reading.state) {
    case 'unknown':
      return `${who}: could not check ${field} of ${resource} yet: its value is not known until the update runs (${where} expects ${expected}).`;
    case 'unset':
      return item.field === 'verification'
        ? `${who}: could not check ${field} of ${resource}: the stack does not report its verification status (${where} expects ${expected}).`
        : `${who}: ${resource} does not set ${field}, so Cloudflare's default applies; ${where} expects ${expected}. Set it explicitly.`;
    case 'invalid':
      return `${who}: ${field} of ${resource} is ${item.reading.raw}, which is not a valid value; ${where} expects ${expected}.`;
  }
}

export type Level = 'advisory' | 'mandatory';

/**
 * Reports one violation. `downgrade: true` forces advisory (warnings, waived findings, things
 * that could not be checked yet). Otherwise the policy's configured level applies; `forceMandatory`
 * is only for a broken desired-state file (fail closed even in advisory policies).
 */
export function violate(
  report: ReportViolation,
  message: string,
  options: { urn?: string; downgrade?: boolean; forceMandatory?: boolean } = {},
): void {
  const level: Level | undefined = options.forceMandatory ? 'mandatory' : options.downgrade ? 'advisory' : undefined;
  // @pulumi/policy accepts an object here at runtime (policy name, message, urn, enforcement level);
  // its type declaration only lists the string form.
  const detailed = report as unknown as (info: { message: string; urn?: string; enforcementLevel?: Level }) => void;
  detailed({ message, ...(options.urn ? { urn: options.urn } : {}), ...(level ? { enforcementLevel: level } : {}) });
}

/** Whether a finding blocks (at the policy's level) or only informs (advisory). */
export function isAdvisoryFinding(finding: Finding): boolean {
  return finding.waived || finding.severity !== 'error';
}

export function reportUnusableDesiredState(report: ReportViolation, load: Extract<DesiredLoad, { ok: false }>, urn?: string): void {
  violate(report, load.message, { urn, forceMandatory: true });
}
