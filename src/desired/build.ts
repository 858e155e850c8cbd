import type { DesiredAccount, DesiredConnector, FindingKind, SourceLocation, UnmanagedPolicy, VerificationStatus, Waiver } from '../core/types';
import type { DesiredStateIssue } from './errors';
import { normaliseEmailDomain } from './domain';
import { nearest } from '../core/suggest';
import { CONNECTOR_SETTINGS, type SettingKey } from '../core/settings';
import { PathSegment, SourcePositions, formatPath } from './yaml-doc';
import { checkDesiredState, type DesiredSource } from '../rules';

// The builder runs even when the schema reported problems, so that every problem is reported in one
// go; each value is therefore checked for its type here and skipped when the schema already objected.

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

type Settings = Pick<DesiredConnector, SettingKey>;

function readSettings(raw: Raw): Settings {
  const settings: Settings = {};
  for (const row of CONNECTOR_SETTINGS) {
    const value = raw[row.yaml];
    if (row.type === 'boolean') {
      if (typeof value === 'boolean') settings[row.key] = value;
    } else if (typeof value === 'string') {
      settings.verification = [value as VerificationStatus];
    } else if (Array.isArray(value)) {
      settings.verification = value.filter((v): v is VerificationStatus => typeof v === 'string');
    }
  }
  return settings;
}

export interface BuildResult {
  accounts: DesiredAccount[];
  waivers: Waiver[];
  issues: DesiredStateIssue[];
}

export function buildDesiredState(data: unknown, source: SourcePositions): BuildResult {
  const issues: DesiredStateIssue[] = [];
  const file = source.file;
  const at = (segments: PathSegment[], which: 'key' | 'value' = 'value'): SourceLocation => ({ file, ...source.positionOf(segments, which) });
  const report = (segments: PathSegment[], message: string, hint?: string) => {
    issues.push({ file, ...source.positionOf(segments), path: formatPath(segments), message, ...(hint ? { hint } : {}) });
  };
  const domainOf = (raw: unknown, segments: PathSegment[]): string | undefined => {
    if (typeof raw !== 'string') return undefined;
    const result = normaliseEmailDomain(raw);
    if (result.ok) return result.domain;
    // An empty string or one the pattern refused has been reported by the schema already.
    if (raw.trim() !== '' && raw.length <= 253 && /^\s*[^\s@/:]+\s*$/.test(raw)) report(segments, `expected an email domain such as example.com; ${result.reason}`);
    return undefined;
  };

  const root = isRecord(data) ? data : {};
  const defaults = isRecord(root.defaults) ? readSettings(root.defaults) : {};

  const accounts: DesiredAccount[] = [];
  const accountLines = new Map<string, number>();
  // Where each connector was declared, for the rules' checks of the file (e.g. one domain enabled in two accounts).
  const declaredAt = new Map<DesiredConnector, { path: PathSegment[]; written: ReadonlySet<string> }>();
  asArray(root.accounts).forEach((rawAccount, accountIndex) => {
    if (!isRecord(rawAccount)) return;
    const accountPath: PathSegment[] = ['accounts', accountIndex];
    const id = optionalString(rawAccount.id) ?? '';
    const firstLine = accountLines.get(id);
    if (id && firstLine !== undefined) {
      report([...accountPath, 'id'], `duplicate account: "${id}" is also declared at line ${firstLine}`, 'list each account once');
    } else if (/^[0-9a-f]{32}$/.test(id)) {
      accountLines.set(id, at([...accountPath, 'id']).line);
    }

    const connectors: DesiredConnector[] = [];
    const domainsSeen = new Map<string, { line: number; written: string }>();
    asArray(rawAccount.connectors).forEach((rawConnector, connectorIndex) => {
      if (!isRecord(rawConnector)) return;
      const connectorPath: PathSegment[] = [...accountPath, 'connectors', connectorIndex];
      const domainPath = [...connectorPath, 'email_domain'];
      const emailDomain = domainOf(rawConnector.email_domain, domainPath);
      if (emailDomain === undefined) return;
      const written = String(rawConnector.email_domain);
      const first = domainsSeen.get(emailDomain);
      if (first !== undefined) {
        const spellings = [...new Set([first.written, written])].filter((text) => text !== emailDomain);
        const verb = spellings.length === 1 ? 'normalises' : 'normalise';
        const note = spellings.length ? ` (${spellings.map((text) => `"${text}"`).join(' and ')} ${verb} to "${emailDomain}")` : '';
        report(domainPath, `duplicate connector: "${emailDomain}" is also declared at line ${first.line} for this account${note}`);
        return;
      }
      domainsSeen.set(emailDomain, { line: at(domainPath).line, written });

      const state = rawConnector.state === 'absent' ? 'absent' : 'present';
      const connector: DesiredConnector = { accountId: id, emailDomain, state, location: at(domainPath, 'key') };
      if (state === 'absent') {
        // A connector that must not exist has no settings to check; saying some is a mistake, not a no-op.
        for (const { yaml } of CONNECTOR_SETTINGS) {
          if (yaml in rawConnector) report([...connectorPath, yaml], `a connector with "state: absent" cannot set ${yaml}`, 'remove it, or remove "state: absent"');
        }
      } else {
        const merged: Settings = { ...defaults, ...readSettings(rawConnector) };
        // In the table's order whatever the defaults say, so every connector's keys come in one order.
        for (const { key } of CONNECTOR_SETTINGS) if (merged[key] !== undefined) Object.assign(connector, { [key]: merged[key] });
      }
      declaredAt.set(connector, { path: connectorPath, written: new Set(Object.keys(rawConnector)) });
      connectors.push(connector);
    });

    const account: DesiredAccount = {
      id,
      unmanaged: (optionalString(rawAccount.unmanaged) ?? 'error') as UnmanagedPolicy,
      connectors,
      location: at(accountPath),
    };
    const name = optionalString(rawAccount.name);
    if (name !== undefined) account.name = name;
    accounts.push(account);
  });

  const declaredIds = [...accountLines.keys()];
  const waivers: Waiver[] = [];
  const waiverLines = new Map<string, number>();
  asArray(root.waivers).forEach((rawWaiver, waiverIndex) => {
    if (!isRecord(rawWaiver)) return;
    const waiverPath: PathSegment[] = ['waivers', waiverIndex];
    const accountId = optionalString(rawWaiver.account);
    if (accountId !== undefined && /^[0-9a-f]{32}$/.test(accountId) && !accountLines.has(accountId)) {
      const suggestion = nearest(accountId, declaredIds);
      report(
        [...waiverPath, 'account'],
        `waiver names account "${accountId}" which is not in accounts`,
        suggestion ? `did you mean "${suggestion}"?` : 'declare the account under accounts, or remove the waiver',
      );
    }
    const emailDomain = domainOf(rawWaiver.email_domain, [...waiverPath, 'email_domain']);
    const kind = optionalString(rawWaiver.kind);
    if (accountId === undefined || emailDomain === undefined || kind === undefined) return;
    const identity = `${accountId} ${emailDomain} ${kind}`;
    const first = waiverLines.get(identity);
    if (first !== undefined) {
      report(waiverPath, `duplicate waiver: ${kind} for "${emailDomain}" in this account is also waived at line ${first}`);
      return;
    }
    const location = at(waiverPath);
    waiverLines.set(identity, location.line);
    const waiver: Waiver = {
      accountId,
      emailDomain,
      kind: kind as FindingKind,
      reason: optionalString(rawWaiver.reason) ?? '',
      expires: optionalString(rawWaiver.expires) ?? '',
      location,
    };
    const approvedBy = optionalString(rawWaiver.approved_by);
    if (approvedBy !== undefined) waiver.approvedBy = approvedBy;
    const approvedOn = optionalString(rawWaiver.approved_on);
    if (approvedOn !== undefined) waiver.approvedOn = approvedOn;
    // Approved after it stopped applying: a typo in one of the two days, not a waiver anyone accepted.
    if (approvedOn !== undefined && waiver.expires !== '' && approvedOn > waiver.expires) {
      report([...waiverPath, 'approved_on'], `approved_on ${approvedOn} is after expires ${waiver.expires} (a waiver is approved before it expires)`);
    }
    waivers.push(waiver);
  });

  // The rules' checks of the file itself, over accounts with a valid id (the schema reports the others).
  // A setting is placed at its own key where the connector writes it, else (inherited from defaults) at its email_domain.
  const settingPath = (declared: { path: PathSegment[]; written: ReadonlySet<string> }, yaml: string): PathSegment[] =>
    declared.written.has(yaml) ? [...declared.path, yaml] : [...declared.path, 'email_domain'];
  const written: DesiredSource = {
    settingAt: (connector, yaml) => {
      const declared = declaredAt.get(connector);
      return { location: at(declared === undefined ? [] : settingPath(declared, yaml)), inherited: declared === undefined || !declared.written.has(yaml) };
    },
  };
  for (const issue of checkDesiredState(accounts.filter((account) => /^[0-9a-f]{32}$/.test(account.id)), written)) {
    const declared = declaredAt.get(issue.connector);
    if (declared !== undefined) report(settingPath(declared, issue.setting), issue.message, issue.hint);
  }

  return { accounts, waivers, issues };
}
