// Turns cloudflare.SsoConnector resources, as the Pulumi engine hands them to the pack, into
// observations the engine can judge. During preview some values are unknown: @pulumi/policy
// throws UnknownValueError when such a property is read, and we record that instead of guessing.
import { UnknownValueError } from '@pulumi/policy';
import { normaliseDomain } from '../src/core/domain';
import { BOOLEAN_SETTINGS, type BooleanSettingKey } from '../src/core/settings';
import { VERIFICATION_STATUSES, type VerificationStatus } from '../src/core/types';

export const SSO_CONNECTOR_TYPE = 'cloudflare:index/ssoConnector:SsoConnector';

/** One input or output of a resource as the pack could read it. */
export type Field<T> =
  | { state: 'known'; value: T }
  /** Not set by the program (or not reported by the provider). */
  | { state: 'unset' }
  /** Computed from something not known until the update runs (preview). */
  | { state: 'unknown' }
  /** Present, but not the type the provider schema says. */
  | { state: 'invalid'; raw: string };

/** Each boolean connector setting (src/core/settings.ts) by its data-model key, read from its Pulumi input. */
export type SettingObservations = { [K in BooleanSettingKey]: Field<boolean> };

export interface ConnectorObservation extends SettingObservations {
  urn: string;
  /** The Pulumi resource name, e.g. `sso-production-example-com`. */
  name: string;
  accountId: Field<string>;
  /** Normalised like the desired-state file (lowercase, no trailing dot, punycode). */
  emailDomain: Field<string>;
  verificationStatus: Field<VerificationStatus>;
  /** The DNS TXT value Cloudflare wants at the email domain, when the outputs carry it. */
  verificationCode?: string;
}

/** The part of a policy resource we read; `props` is @pulumi/policy's unknown-checking proxy. */
export interface ResourceView {
  urn: string;
  name: string;
  props: Record<string, unknown>;
}

function read(getter: () => unknown): Field<unknown> {
  try {
    const value = getter();
    return value === undefined || value === null ? { state: 'unset' } : { state: 'known', value };
  } catch (error) {
    if (error instanceof UnknownValueError) return { state: 'unknown' };
    throw error;
  }
}

function describeRaw(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function asString(field: Field<unknown>, normalise: (text: string) => string = (text) => text.trim()): Field<string> {
  if (field.state !== 'known') return field;
  if (typeof field.value !== 'string' || field.value.trim() === '') return { state: 'invalid', raw: describeRaw(field.value) };
  return { state: 'known', value: normalise(field.value) };
}

function asBoolean(field: Field<unknown>): Field<boolean> {
  if (field.state !== 'known') return field;
  return typeof field.value === 'boolean' ? { state: 'known', value: field.value } : { state: 'invalid', raw: describeRaw(field.value) };
}

function asStatus(field: Field<unknown>): Field<VerificationStatus> {
  if (field.state !== 'known') return field;
  const status = VERIFICATION_STATUSES.find((candidate) => candidate === field.value);
  return status !== undefined ? { state: 'known', value: status } : { state: 'invalid', raw: describeRaw(field.value) };
}

function observeSettings(props: Record<string, unknown>): SettingObservations {
  return Object.fromEntries(BOOLEAN_SETTINGS.map((row) => [row.key, asBoolean(read(() => props[row.pulumi]))])) as SettingObservations;
}

export function observeConnector(resource: ResourceView): ConnectorObservation {
  const props = resource.props;
  const verification = read(() => props.verification);
  let verificationStatus: Field<unknown> = verification;
  let verificationCode: string | undefined;
  if (verification.state === 'known') {
    const code = typeof verification.value === 'object' ? read(() => (verification.value as Record<string, unknown>).code) : undefined;
    if (code?.state === 'known' && typeof code.value === 'string' && code.value !== '') verificationCode = code.value;
    verificationStatus =
      typeof verification.value === 'object'
        ? read(() => (verification.value as Record<string, unknown>).status)
        : { state: 'invalid', raw: describeRaw(verification.value) };
  }
  return {
    urn: resource.urn,
    name: resource.name,
    accountId: asString(read(() => props.accountId), (text) => text.trim().toLowerCase()),
    emailDomain: asString(read(() => props.emailDomain), normaliseDomain),
    ...observeSettings(props),
    verificationStatus: asStatus(verificationStatus),
    ...(verificationCode !== undefined ? { verificationCode } : {}),
  };
}

/** A connector whose (account, domain) is known, so it can be matched against the file. */
export interface PlacedConnector {
  observation: ConnectorObservation;
  accountId: string;
  emailDomain: string;
}

export function place(observation: ConnectorObservation): PlacedConnector | undefined {
  const { accountId, emailDomain } = observation;
  if (accountId.state !== 'known' || emailDomain.state !== 'known') return undefined;
  return { observation, accountId: accountId.value, emailDomain: emailDomain.value };
}

/** Why a connector cannot be placed yet, in the words of the YAML. */
export function whyUnplaced(observation: ConnectorObservation): string {
  const parts: string[] = [];
  for (const [key, field] of [
    ['account id', observation.accountId],
    ['email_domain', observation.emailDomain],
  ] as const) {
    if (field.state === 'unknown') parts.push(`its ${key} is not known until the update runs`);
    else if (field.state === 'unset') parts.push(`it sets no ${key}`);
    else if (field.state === 'invalid') parts.push(`its ${key} is ${field.raw}, not a non-empty string`);
  }
  return parts.join(' and ');
}
