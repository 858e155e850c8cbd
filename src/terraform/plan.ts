// Reading `terraform show -json PLAN` (or `tofu show -json PLAN`) output: only the managed
// `cloudflare_sso_connector` resources, and of them only the attributes the checks need.
//
// Plans carry every resource's values in plain text, sensitive ones included. Nothing here copies a
// value of any other resource, nor any connector attribute other than those named in CONNECTOR_TYPE's
// reader below (the settings table's Terraform attributes among them); errors name resource addresses and
// attribute names, never values.
// Pure: the caller reads the file (bounded) and passes its text.

import { BOOLEAN_SETTINGS, type BooleanSettingKey, type BooleanSettingTerraformKey } from '../core/settings';

export const CONNECTOR_TYPE = 'cloudflare_sso_connector';

/** Why a value the checks need is not in the plan. */
export type NotInPlan =
  /** after_unknown: the provider decides it during apply. */
  | 'decided_at_apply'
  /** null in the plan: Terraform does not manage it (the provider leaves the live value as it is). */
  | 'not_set_by_plan'
  /** marked sensitive in the plan: not read, never shown. */
  | 'sensitive'
  /** verification of a connector that does not exist yet (or is replaced): Cloudflare decides it after apply. */
  | 'not_decided_by_plan';

export type Planned<T> = { value: T } | { missing: NotInPlan };

/** Each boolean connector setting (src/core/settings.ts) by its data-model key, as the plan has its attribute. */
export type PlannedSettings = { [K in BooleanSettingKey]: Planned<boolean> };

/** What one connector resource looks like after apply (or, in `drift`, as refreshed). */
export interface PlannedConnector extends PlannedSettings {
  /** The resource instance address, e.g. module.sso.cloudflare_sso_connector.this["example.com"]. */
  address: string;
  /** Terraform's actions for it, joined: create, update, no-op, delete-create, create-delete, forget. */
  action: string;
  /** The existing object's id when the plan keeps it (no-op, update, forget). */
  existingId?: string;
  accountId: Planned<string>;
  emailDomain: Planned<string>;
  verificationStatus: Planned<string>;
  /** Settings (by attribute) a kept object's plan leaves as they are (before = after): apply sends none, the live value stands. */
  unchanged?: ReadonlySet<BooleanSettingTerraformKey>;
}

/** A connector the plan destroys (delete, or the old object of a replacement). */
export interface RemovedConnector {
  address: string;
  accountId?: string;
  emailDomain?: string;
}

export interface TerraformPlanView {
  formatVersion: string;
  terraformVersion?: string;
  /** When the plan was made (Terraform 1.5+ records it). */
  timestamp?: string;
  /** The connectors that exist after apply, in the plan's order. */
  connectors: PlannedConnector[];
  /** The connectors the plan destroys for good (not replaced). */
  removed: RemovedConnector[];
  /** Connectors changed outside Terraform, as refreshed (`resource_drift`); `deleted` when gone. */
  drift: Array<PlannedConnector & { deleted: boolean }>;
  /** Ids of existing objects the plan's state manages: a live connector with another id is unmanaged. */
  managedIds: Set<string>;
  /** Why the plan as a whole cannot decide (errored, incomplete, a state object the plan says nothing about). */
  undecided: string[];
}

export class TerraformPlanError extends Error {}

/** Deeper module nesting than this is not a plan Terraform printed. */
const MAX_MODULE_DEPTH = 64;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The plan file's text. `terraform show -json plan.out > plan.json` in Windows PowerShell 5 writes UTF-16
 * with a byte-order mark; other shells write UTF-8 (sometimes with a BOM). All of them are the same plan.
 */
export function planText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2, buffer.length - (buffer.length % 2)));
    return swapped.swap16().toString('utf16le');
  }
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.subarray(3).toString('utf8');
  return buffer.toString('utf8');
}

/** Parses the plan's text. Throws TerraformPlanError for anything that is not a 1.x plan. */
export function parseTerraformPlan(text: string): TerraformPlanView {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the input around the error: it may be a secret, so only the position is kept.
    throw new TerraformPlanError(`not valid JSON${jsonPosition(text, error)}; expected the output of \`terraform show -json PLANFILE\``);
  }
  return readPlan(root);
}

function jsonPosition(text: string, error: unknown): string {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (match === null) return '';
  const offset = Math.min(Number(match[1]), text.length);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return ` at line ${line}, column ${offset - lineStart + 1}`;
}

/** The plan already parsed (from JSON). */
export function readPlan(root: unknown): TerraformPlanView {
  if (!isObject(root)) throw new TerraformPlanError('expected a JSON object (the output of `terraform show -json PLANFILE`)');
  const formatVersion = root.format_version;
  if (typeof formatVersion !== 'string' || !/^\d+\.\d+$/.test(formatVersion)) {
    throw new TerraformPlanError('no "format_version": expected the output of `terraform show -json PLANFILE` (Terraform or OpenTofu 1.x)');
  }
  if (!formatVersion.startsWith('1.')) {
    throw new TerraformPlanError(`plan format_version ${formatVersion} is not supported: this version reads format 1.x (Terraform and OpenTofu 1.x)`);
  }
  if (root.resource_changes === undefined && isObject(root.values)) {
    throw new TerraformPlanError('this is a state (`terraform show -json` without a plan file), not a plan: run `terraform plan -out=PLAN` and `terraform show -json PLAN`');
  }
  // `terraform show -json` of an empty state, `validate -json` and `providers schema -json` carry a
  // format_version 1.x too; read as a plan without changes, a file of only `state: absent` would pass.
  if (!isObject(root.planned_values) && !Array.isArray(root.resource_changes)) {
    throw new TerraformPlanError('not a plan: no "planned_values" nor "resource_changes"; expected the output of `terraform show -json PLANFILE`');
  }
  const view: TerraformPlanView = { formatVersion, connectors: [], removed: [], drift: [], managedIds: new Set(), undecided: [] };
  // Copied into every report: only what looks like a version (1.9.8, 1.10.0-beta1+ent), never a long string.
  if (typeof root.terraform_version === 'string' && /^[0-9A-Za-z.+-]{1,64}$/.test(root.terraform_version)) view.terraformVersion = root.terraform_version;
  if (typeof root.timestamp === 'string') view.timestamp = root.timestamp;
  if (root.errored === true) view.undecided.push('Terraform reported errors while planning (errored: true): the plan is not the end state');
  if (root.complete === false) view.undecided.push('the plan is incomplete (complete: false, e.g. -target or deferred changes): more changes follow it');

  const prior = priorConnectors(root.prior_state);
  const changed = new Set<string>();
  for (const change of arrayOf(root.resource_changes, 'resource_changes')) {
    if (!isConnector(change)) continue;
    const address = addressOf(change);
    if (change.deposed !== undefined) {
      // An old object of an earlier replacement: Terraform plans only its deletion; anything else leaves
      // an object this reader does not place in the end state.
      const deposed = changeOf(change, address);
      const action = actionsOf(deposed, address);
      if (action !== 'delete') view.undecided.push(`${address} (deposed object ${String(change.deposed)}): the plan's action for it is ${action}, not delete`);
      // Still live until apply, and Terraform's: read with --live it is not an unmanaged connector.
      const deposedId = marked(deposed.before_sensitive, 'id') ? undefined : stringAttribute(deposed.before, 'id');
      if (deposedId !== undefined) view.managedIds.add(deposedId);
      continue;
    }
    changed.add(address);
    readChange(view, address, change, prior.get(address));
  }
  for (const address of prior.keys()) {
    if (!changed.has(address)) view.undecided.push(`${address} is in the state, but the plan does not say what becomes of it`);
  }
  for (const entry of arrayOf(root.resource_drift, 'resource_drift')) {
    if (!isConnector(entry)) continue;
    const address = addressOf(entry);
    const change = changeOf(entry, address);
    const deleted = change.after === null || change.after === undefined;
    const values = deleted ? change.before : change.after;
    if (!isObject(values)) continue;
    const refreshed = connectorOf(address, `drift-${actionsOf(change, address)}`, values, deleted ? change.before_sensitive : change.after_sensitive, deleted ? undefined : change.after_unknown);
    refreshed.verificationStatus = verificationOf(values, deleted ? change.before_sensitive : change.after_sensitive);
    view.drift.push({ ...refreshed, deleted });
  }
  return view;
}

function arrayOf(value: Json | undefined, name: string): Json[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TerraformPlanError(`"${name}" is not a list`);
  return value;
}

function isConnector(entry: Json): entry is JsonObject {
  if (!isObject(entry) || entry.type !== CONNECTOR_TYPE || entry.mode === 'data') return false;
  // Skipping a connector whose mode is missing or misspelt would let a forbidden one slip past.
  if (entry.mode !== 'managed') throw new TerraformPlanError(`${addressOf(entry)}: "mode" is not "managed" nor "data"`);
  return true;
}

function addressOf(entry: JsonObject): string {
  if (typeof entry.address !== 'string' || entry.address === '') throw new TerraformPlanError(`a ${CONNECTOR_TYPE} entry has no address`);
  return entry.address;
}

function changeOf(entry: JsonObject, address: string): JsonObject {
  if (!isObject(entry.change)) throw new TerraformPlanError(`${address}: no "change" object`);
  return entry.change;
}

function actionsOf(change: JsonObject, address: string): string {
  const actions = change.actions;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === 'string')) {
    throw new TerraformPlanError(`${address}: "change.actions" is not a list of actions`);
  }
  return (actions as string[]).join('-');
}

/** Actions whose end state keeps the existing object, creates a new one, or has none. */
const KEEPS = new Set(['no-op', 'update', 'forget', 'read']);
const CREATES = new Set(['create', 'delete-create', 'create-delete']);
const DESTROYS = new Set(['delete']);

function readChange(view: TerraformPlanView, address: string, entry: JsonObject, prior: PriorConnector | undefined): void {
  const change = changeOf(entry, address);
  const action = actionsOf(change, address);
  // The existing object(s) this resource manages: from the state, or from `before` (an import block's
  // object is not in the prior state yet). A live connector with one of these ids is not unmanaged.
  if (prior?.id !== undefined) view.managedIds.add(prior.id);
  const beforeId = marked(change.before_sensitive, 'id') ? undefined : stringAttribute(change.before, 'id');
  if (beforeId !== undefined) view.managedIds.add(beforeId);
  if (DESTROYS.has(action)) {
    const removed: RemovedConnector = { address };
    const old = isObject(change.before) ? connectorOf(address, action, change.before, change.before_sensitive, undefined) : undefined;
    if (old !== undefined && 'value' in old.accountId) removed.accountId = old.accountId.value;
    if (old !== undefined && 'value' in old.emailDomain) removed.emailDomain = old.emailDomain.value;
    view.removed.push(removed);
    return;
  }
  if (!KEEPS.has(action) && !CREATES.has(action)) {
    throw new TerraformPlanError(`${address}: unknown plan action "${action}"; this version reads Terraform and OpenTofu 1.x plans`);
  }
  // forget: the object leaves the state but stays in Cloudflare, as it was.
  const forget = action === 'forget';
  const values = forget ? change.before : change.after;
  if (!isObject(values)) throw new TerraformPlanError(`${address}: "change.${forget ? 'before' : 'after'}" is not an object`);
  const connector = connectorOf(address, action, values, forget ? change.before_sensitive : change.after_sensitive, forget ? undefined : change.after_unknown);
  if (KEEPS.has(action)) {
    const existingId = prior?.id ?? beforeId;
    if (existingId !== undefined) connector.existingId = existingId;
    if (existingId !== undefined && forget) view.managedIds.delete(existingId);
    connector.verificationStatus = prior?.verificationStatus ?? verificationOf(change.before, change.before_sensitive);
    if (!forget && isObject(change.before)) {
      const before = change.before;
      connector.unchanged = new Set(BOOLEAN_SETTINGS.map((row) => row.terraform).filter((name) => !marked(change.after_unknown, name) && before[name] === values[name]));
    }
  }
  view.connectors.push(connector);
}

function stringAttribute(values: Json | undefined, name: string): string | undefined {
  if (!isObject(values)) return undefined;
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Marked sensitive (or unknown): the whole object (`true`) or this attribute. */
function marked(marks: Json | undefined, name: string): boolean {
  if (marks === true) return true;
  return isObject(marks) && marks[name] === true;
}

function connectorOf(address: string, action: string, values: JsonObject, sensitive: Json | undefined, unknown: Json | undefined): PlannedConnector {
  const read = <T>(name: string, type: 'string' | 'boolean'): Planned<T> => {
    if (marked(sensitive, name)) return { missing: 'sensitive' };
    if (marked(unknown, name)) return { missing: 'decided_at_apply' };
    const value = values[name];
    if (value === null || value === undefined) return { missing: 'not_set_by_plan' };
    if (typeof value !== type) throw new TerraformPlanError(`${address}: attribute "${name}" is not a ${type}`);
    return { value: value as T };
  };
  return {
    address,
    action,
    accountId: read<string>('account_id', 'string'),
    emailDomain: read<string>('email_domain', 'string'),
    ...(Object.fromEntries(BOOLEAN_SETTINGS.map((row) => [row.key, read<boolean>(row.terraform, 'boolean')])) as PlannedSettings),
    verificationStatus: { missing: 'not_decided_by_plan' },
  };
}

/** `verification.status` (a nested object; older SDK-style providers print a one-element list). */
function verificationOf(values: Json | undefined, sensitive: Json | undefined): Planned<string> {
  if (!isObject(values)) return { missing: 'not_decided_by_plan' };
  if (marked(sensitive, 'verification')) return { missing: 'sensitive' };
  let verification = values.verification;
  let marks = isObject(sensitive) ? sensitive.verification : undefined;
  if (Array.isArray(verification)) {
    verification = verification[0];
    marks = Array.isArray(marks) ? marks[0] : marks;
  }
  if (!isObject(verification)) return { missing: 'not_decided_by_plan' };
  if (marked(marks, 'status')) return { missing: 'sensitive' };
  const status = verification.status;
  return typeof status === 'string' && status !== '' ? { value: status } : { missing: 'not_decided_by_plan' };
}

interface PriorConnector {
  id?: string;
  verificationStatus?: Planned<string>;
}

/** The connectors of `prior_state` (the refreshed state the plan starts from), root and child modules. */
function priorConnectors(priorState: Json | undefined): Map<string, PriorConnector> {
  const found = new Map<string, PriorConnector>();
  if (!isObject(priorState) || !isObject(priorState.values)) return found;
  const visit = (module: Json, depth: number): void => {
    if (!isObject(module)) return;
    if (depth > MAX_MODULE_DEPTH) throw new TerraformPlanError(`prior_state: modules nested deeper than ${MAX_MODULE_DEPTH}`);
    for (const resource of arrayOf(module.resources, 'prior_state resources')) {
      if (!isConnector(resource) || resource.deposed !== undefined) continue;
      const address = addressOf(resource);
      const prior: PriorConnector = {};
      const id = marked(resource.sensitive_values, 'id') ? undefined : stringAttribute(resource.values, 'id');
      if (id !== undefined) prior.id = id;
      const status = verificationOf(resource.values, resource.sensitive_values);
      if ('value' in status || status.missing === 'sensitive') prior.verificationStatus = status;
      found.set(address, prior);
    }
    for (const child of arrayOf(module.child_modules, 'prior_state child_modules')) visit(child, depth + 1);
  };
  visit(priorState.values.root_module ?? null, 0);
  return found;
}
