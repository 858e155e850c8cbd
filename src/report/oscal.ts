// OSCAL 1.2.1 Assessment Results (NIST's machine-readable format for assessment evidence), valid against NIST's
// own JSON schema. One result per run:
//   - an observation per connector check (each declared and each live connector): what was observed, compared
//     with what, from which source (API or snapshot, see back-matter), collected when;
//   - a finding per control a drift, waived, unverifiable or not-checked connector check bears on, `not-satisfied`,
//     linked to its observations (and to the waiver's risk); a `satisfied` finding for each control whose checks all passed;
//   - a risk per waiver in force (`deviation-approved`, approver and expiry; `deviation-requested` without an approver) or expired (`open`).
// Controls come from each rule's metadata (RuleMeta.controls), the one home of the NIST SP 800-53 mapping.
// UUIDs are name-based (v5) from the run's inputs, so the same inputs give the same document apart from times.
import { v5 as uuidv5 } from 'uuid';
import { propertyOfKind } from '../rules';
import type { NistControl } from '../rules';
import type { ConnectorCheck, Report, ReportAccount, ReportWaiver } from '../core/types';
import type { Formatter, RenderContext, RuleInfo } from './formatter';
import { cleanText, escapeJsonText, escapeLoneSurrogates } from '../core/text';
import { accountTitleOf, CONNECTOR_VERDICT_TITLE, commandLineText, propertyCheckText, verdictSentence } from './shared';
import { compareText } from '../core/order';
import { CONNECTOR_SETTINGS, observedSetting } from '../core/settings';

export const OSCAL_VERSION = '1.2.1';
/** Our namespace for props OSCAL does not define (OSCAL requires one for non-core names). */
export const OSCAL_NS = 'https://cf-sso-guard.dev/ns/oscal';
const UUID_NAMESPACE = uuidv5('https://cf-sso-guard.dev/oscal/assessment-results', uuidv5.URL);

const CONTROL_TITLE: Record<NistControl, string> = {
  'IA-2': 'Identification and Authentication (Organizational Users)',
  'AC-8': 'System Use Notification',
  'CM-6': 'Configuration Settings',
};

export type Prop = { name: string; value: string; ns?: string; class?: string };

/** OSCAL StringDatatype (one line, no leading or trailing space, never empty), through the one sanitiser. */
export function text(value: string): string {
  const clean = cleanText(value).replace(/\s+/g, ' ').trim();
  return clean === '' ? '-' : clean;
}

/** OSCAL markup (Markdown): one line, inline punctuation escaped so data cannot become links or HTML. */
export function markup(value: string): string {
  return text(value).replace(/[\\`*_[\]<>&]/g, (ch) => `\\${ch}`);
}

export function prop(name: string, value: string, ours = true): Prop {
  return ours ? { name, ns: OSCAL_NS, value: text(value) } : { name, value: text(value) };
}

/** A URI reference for a path or URL as given (spaces and the like percent-encoded). */
export function uriReference(value: string): string {
  return encodeURI(escapeLoneSurrogates(value)).replace(/#/g, '%23');
}

/** A date-time for the end of a UTC day (waivers apply up to and including their expiry day). */
export function endOfDay(day: string): string {
  return `${day}T23:59:59Z`;
}

/** The NIST controls of each rule, from the render context's rule metadata (a rule it does not know bears on none). */
export type ControlsOf = (ruleId: string) => readonly NistControl[];

export function controlsFrom(rules: readonly RuleInfo[]): ControlsOf {
  const byId = new Map(rules.map((rule) => [rule.id, rule.controls]));
  return (ruleId) => byId.get(ruleId) ?? [];
}

function controlId(control: NistControl): string {
  return control.toLowerCase();
}

function itemKey(account: ReportAccount, item: ConnectorCheck): string {
  return `${account.id}/${item.emailDomain}/${item.connectorId ?? '-'}/${item.declared}`;
}

/** Controls a connector check bears on, with whether every one of its checks for that control passed. */
function controlResults(item: ConnectorCheck, controlsOf: ControlsOf): Map<NistControl, boolean> {
  const results = new Map<NistControl, boolean>();
  for (const check of item.checks) {
    for (const control of controlsOf(check.ruleId)) results.set(control, (results.get(control) ?? true) && check.result === 'pass');
  }
  return results;
}

/**
 * Name-based UUIDs of one run: the document's from the run's inputs (nothing that changes between two runs over
 * them: no times, no command line), each part's from the document's and the part's key. The POA&M uses the same
 * ones, so its parties, observations and inventory items are those of the assessment results.
 */
export function oscalIds(report: Report): { documentUuid: string; id: (...parts: string[]) => string } {
  const source = report.source;
  const sourceName = source === undefined ? 'unknown' : source.kind === 'api' ? `api:${source.location}` : `snapshot:${source.sha256}`;
  // A plan's end state is another run's input than the live state (and each plan another).
  const plan = report.provenance?.terraformPlan;
  const planName = plan === undefined ? [] : [`terraform-plan:${plan.sha256}`];
  const runName = JSON.stringify([report.desiredState.sha256, sourceName, ...planName, report.asOf, report.failOn, report.accounts.map((a) => a.id)]);
  // uuid encodes the name as UTF-8, which a lone surrogate from the API cannot be.
  const documentUuid = uuidv5(escapeLoneSurrogates(runName), UUID_NAMESPACE);
  return { documentUuid, id: (...parts: string[]): string => uuidv5(escapeLoneSurrogates(`${documentUuid}/${parts.join('/')}`), UUID_NAMESPACE) };
}

/**
 * Who: the tool, which made the assessment (the assessor), and whoever approved a waiver (waiver approvers), as
 * OSCAL parties and responsible parties; the same in the assessment results and the POA&M.
 */
export function oscalParties(report: Report, id: (...parts: string[]) => string): { parties: object[]; 'responsible-parties': object[] } {
  const approvers = [...new Set(report.waivers.map((w) => w.approvedBy).filter((by): by is string => by !== undefined))].sort(compareText);
  const partyUuid = (name: string): string => id('party', name);
  const toolParty = id('party-tool', 'cf-sso-guard');
  return {
    parties: [
      {
        uuid: toolParty,
        type: 'organization',
        name: 'cf-sso-guard',
        // No command line here: the assessment results and the POA&M of one run name the same parties.
        remarks: markup(`The automated assessor: cf-sso-guard ${report.tool.version}.`),
      },
      ...approvers.map((name) => ({ uuid: partyUuid(name), type: 'person', name: text(name), ...(isEmail(name) ? { 'email-addresses': [name] } : {}) })),
    ],
    'responsible-parties': [
      { 'role-id': 'assessor', 'party-uuids': [toolParty] },
      ...(approvers.length === 0 ? [] : [{ 'role-id': 'waiver-approver', 'party-uuids': approvers.map(partyUuid) }]),
    ],
  };
}

/** The observation of one connector check: what was observed, compared with what, from which source, when. */
export function connectorObservation(report: Report, account: ReportAccount, item: ConnectorCheck, id: (...parts: string[]) => string): { uuid: string } & Record<string, unknown> {
  const source = report.source;
  const subject = `${item.emailDomain}${item.connectorId === undefined ? '' : ` (connector ${item.connectorId})`} in ${accountTitleOf(account, account.id)}`;
  const props: Prop[] = [
    prop('verdict', item.verdict),
    prop('account-id', account.id),
    prop('email-domain', item.emailDomain),
    prop('declared', item.declared),
  ];
  if (item.connectorId !== undefined) props.push(prop('connector-id', item.connectorId));
  if (item.observed !== undefined) {
    for (const row of CONNECTOR_SETTINGS) {
      const value = observedSetting(row, item.observed);
      if (value !== undefined) props.push(prop(`observed-${row.yaml.replaceAll('_', '-')}${row.type === 'verification' ? '-status' : ''}`, String(value)));
    }
    if (item.observed.updatedOn !== undefined) props.push(prop('observed-updated-on', item.observed.updatedOn));
  }
  for (const check of item.checks) props.push({ ...prop('check', `${check.ruleId} ${propertyCheckText(check)}: ${check.result}`), class: check.result });
  const apiRead = `GET ${source?.location ?? 'the Cloudflare API'}/accounts/${account.id}/sso_connectors${account.pages === undefined ? '' : `, ${account.pages} page(s)`}`;
  const plan = report.provenance?.terraformPlan;
  const evidence =
    plan !== undefined
      ? `Terraform plan ${plan.path} (SHA-256 ${plan.sha256}): the end state after apply, not an observation of the live system${source?.kind === 'api' ? `; besides, ${apiRead}` : ''}.`
      : source?.kind === 'snapshot'
        ? `Snapshot ${source.location} (SHA-256 ${source.sha256}), recorded ${source.recordedAt} from ${source.api}.`
        : `${apiRead}.`;
  return {
    uuid: id('observation', itemKey(account, item)),
    title: markup(`SSO connector ${subject}: ${CONNECTOR_VERDICT_TITLE[item.verdict]}`),
    description: markup(
      item.checks.length === 0
        ? `Connector considered; no property compared.`
        : `Compared: ${item.checks.map((check) => `${propertyCheckText(check)} (${check.result})`).join('; ')}.`,
    ),
    props,
    methods: ['TEST'],
    types: ['control-objective'],
    origins: [{ actors: [{ type: 'tool', 'actor-uuid': id('component', 'cf-sso-guard') }] }],
    subjects: [{ 'subject-uuid': id('inventory-item', account.id), type: 'inventory-item', title: markup(accountTitleOf(account, account.id)) }],
    'relevant-evidence': [{ href: `#${id('resource', 'source')}`, description: markup(evidence) }],
    collected: account.readAt ?? report.generatedAt,
  };
}

/** The tool as a component and each account as an inventory item (local definitions of both documents). */
export function localDefinitions(report: Report, id: (...parts: string[]) => string): Record<string, unknown> {
  return {
    components: [
      {
        uuid: id('component', 'cf-sso-guard'),
        type: 'software',
        title: 'cf-sso-guard',
        description: markup('Compliance checker for Cloudflare SSO connectors (reads the API with the official SDK, read-only).'),
        props: [prop('version', report.tool.version, false)],
        status: { state: 'operational' },
      },
    ],
    ...(report.accounts.length === 0
      ? {}
      : {
          'inventory-items': report.accounts.map((account) => ({
            uuid: id('inventory-item', account.id),
            description: markup(`Cloudflare account ${accountTitleOf(account, account.id)}`),
            props: [prop('asset-id', account.id, false), prop('asset-type', 'cloudflare-account')],
          })),
        }),
  };
}

/** Back matter: the desired-state file (with its SHA-256) and where the live state came from. */
export function backMatter(report: Report, id: (...parts: string[]) => string): { resources: object[] } {
  const source = report.source;
  const sourceResource = id('resource', 'source');
  const plan = report.provenance?.terraformPlan;
  const sourceResourceEntry =
    plan !== undefined
      ? {
          uuid: sourceResource,
          title: markup(`Terraform plan ${plan.path} (planned end state)`),
          description: markup(
            `The end state after apply of a Terraform plan (\`terraform show -json\`, format ${plan.formatVersion}${plan.terraformVersion === undefined ? '' : `, Terraform ${plan.terraformVersion}`}): not an observation of the live system.` +
              (source?.kind === 'api' ? ` Connectors Terraform does not manage, and settings the plan leaves alone, read live from ${source.location}.` : ''),
          ),
          rlinks: [{ href: uriReference(plan.path), 'media-type': 'application/json', hashes: [{ algorithm: 'SHA-256', value: plan.sha256 }] }],
        }
      : source?.kind === 'snapshot'
      ? {
          uuid: sourceResource,
          title: markup(`Snapshot ${source.location}`),
          description: markup(`Inventory recorded ${source.recordedAt} from ${source.api} by cf-sso-guard snapshot.`),
          props: [prop('recorded-at', source.recordedAt), prop('source-api', source.api)],
          rlinks: [{ href: uriReference(source.location), 'media-type': 'application/json', hashes: [{ algorithm: 'SHA-256', value: source.sha256 }] }],
        }
      : {
          uuid: sourceResource,
          title: markup('Cloudflare API (live read)'),
          description: markup(`SSO connectors read live from ${source?.location ?? 'the Cloudflare API'} (GET /accounts/{account_id}/sso_connectors).`),
          ...(source === undefined ? {} : { rlinks: [{ href: uriReference(source.location) }] }),
        };
  return {
    resources: [
      {
        uuid: id('resource', 'desired-state'),
        title: markup(`Desired-state file ${report.desiredState.path}`),
        rlinks: [{ href: uriReference(report.desiredState.path), 'media-type': 'application/yaml', hashes: [{ algorithm: 'SHA-256', value: report.desiredState.sha256 }] }],
      },
      sourceResourceEntry,
    ],
  };
}

function renderOscal(report: Report, ctx: RenderContext): string {
  const controlsOf = controlsFrom(ctx.rules);
  const { documentUuid, id } = oscalIds(report);
  const toolUuid = id('component', 'cf-sso-guard');
  const platformUuid = id('assessment-platform');
  const desiredResource = id('resource', 'desired-state');
  const partyUuid = (name: string): string => id('party', name);

  const observations: object[] = [];
  const findings: object[] = [];
  const observationsByControl = new Map<NistControl, { passed: boolean; uuids: string[] }>();
  const waivedObservations = new Map<ReportWaiver, string[]>();

  for (const account of report.accounts) {
    for (const item of account.checks) {
      const key = itemKey(account, item);
      const observation = connectorObservation(report, account, item, id);
      const observationUuid = observation.uuid;
      const subject = `${item.emailDomain}${item.connectorId === undefined ? '' : ` (connector ${item.connectorId})`} in ${accountTitleOf(account, account.id)}`;
      observations.push(observation);

      for (const [control, passed] of controlResults(item, controlsOf)) {
        const entry = observationsByControl.get(control) ?? { passed: true, uuids: [] };
        entry.passed &&= passed;
        entry.uuids.push(observationUuid);
        observationsByControl.set(control, entry);
      }

      for (const waiver of report.waivers) {
        if (waiver.accountId !== account.id || waiver.emailDomain !== item.emailDomain || (waiver.state !== 'in_force' && waiver.state !== 'expired')) continue;
        const property = propertyOfKind(waiver.kind);
        if (!item.checks.some((check) => check.property === property && check.result !== 'pass')) continue;
        waivedObservations.set(waiver, [...(waivedObservations.get(waiver) ?? []), observationUuid]);
      }

      if (item.verdict === 'compliant') continue;
      // One finding per control this check fails, could not make, waived, or did not get to.
      for (const [control, passed] of controlResults(item, controlsOf)) {
        if (passed) continue;
        const failing = item.checks.filter((check) => check.result !== 'pass' && controlsOf(check.ruleId).includes(control));
        const risks = report.waivers
          .filter((w) => w.accountId === account.id && w.emailDomain === item.emailDomain && (w.state === 'in_force' || w.state === 'expired'))
          .filter((w) => failing.some((check) => check.property === propertyOfKind(w.kind) && (check.result === 'waived' || w.state === 'expired')))
          .map((w) => ({ 'risk-uuid': id('risk', waiverKey(w)) }));
        findings.push({
          uuid: id('finding', key, control),
          title: markup(`${control} ${CONTROL_TITLE[control]}: ${subject} is ${CONNECTOR_VERDICT_TITLE[item.verdict]}`),
          description: markup(failing.map((check) => `${check.ruleId} ${propertyCheckText(check)} (${check.result})`).join('; ')),
          props: [prop('verdict', item.verdict)],
          origins: [{ actors: [{ type: 'tool', 'actor-uuid': toolUuid }] }],
          target: {
            type: 'objective-id',
            'target-id': `${controlId(control)}_obj`,
            title: markup(`${control} ${CONTROL_TITLE[control]}`),
            status: { state: 'not-satisfied', reason: item.verdict === 'drift' || item.verdict === 'warning' || item.verdict === 'waived' ? 'fail' : 'other' },
          },
          'related-observations': [{ 'observation-uuid': observationUuid }],
          ...(risks.length > 0 ? { 'related-risks': risks } : {}),
        });
      }
    }
  }

  // A satisfied target for each control whose checks all passed.
  for (const control of [...observationsByControl.keys()].sort(compareText)) {
    const entry = observationsByControl.get(control);
    if (entry === undefined || !entry.passed) continue;
    findings.push({
      uuid: id('finding', 'satisfied', control),
      title: markup(`${control} ${CONTROL_TITLE[control]}: every check passed`),
      description: markup(`All ${entry.uuids.length} connector checks that bear on ${control} passed.`),
      origins: [{ actors: [{ type: 'tool', 'actor-uuid': toolUuid }] }],
      target: {
        type: 'objective-id',
        'target-id': `${controlId(control)}_obj`,
        title: markup(`${control} ${CONTROL_TITLE[control]}`),
        status: { state: 'satisfied', reason: 'pass' },
      },
      'related-observations': entry.uuids.map((uuid) => ({ 'observation-uuid': uuid })),
    });
  }

  const risks = [...waivedObservations.entries()].map(([waiver, observationUuids]) => {
    const accepted = waiver.state === 'in_force';
    const approver = waiver.approvedBy;
    return {
      uuid: id('risk', waiverKey(waiver)),
      title: markup(`${accepted ? 'Accepted deviation' : 'Expired deviation'}: ${waiver.kind} of ${waiver.emailDomain}`),
      description: markup(`Waiver in ${waiver.location.file} line ${waiver.location.line}: ${waiver.reason}`),
      statement: markup(
        accepted
          ? `Deviation accepted until ${waiver.expires}${approver === undefined ? '' : ` by ${approver}`}: ${waiver.reason}`
          : `The waiver expired on ${waiver.expires} and no longer applies; the deviation is open.`,
      ),
      props: [
        prop('waiver-kind', waiver.kind),
        prop('waiver-expires', waiver.expires),
        prop('waiver-state', waiver.state),
        ...(approver === undefined ? [] : [prop('approved-by', approver)]),
        ...(waiver.approvedOn === undefined ? [] : [prop('approved-on', waiver.approvedOn)]),
      ],
      // A deviation no one is recorded to have approved is requested, not approved.
      status: !accepted ? 'open' : approver === undefined ? 'deviation-requested' : 'deviation-approved',
      deadline: endOfDay(waiver.expires),
      ...(approver === undefined
        ? {}
        : {
            'risk-log': {
              entries: [
                {
                  uuid: id('risk-log', waiverKey(waiver)),
                  title: markup(accepted ? `Deviation approved by ${approver}` : `Deviation approved by ${approver}, expired on ${waiver.expires}`),
                  // When it was approved, if the file says; else when this run saw the approval.
                  start: waiver.approvedOn === undefined ? report.generatedAt : `${waiver.approvedOn}T00:00:00Z`,
                  'logged-by': [{ 'party-uuid': partyUuid(approver), 'role-id': 'waiver-approver' }],
                  'status-change': accepted ? 'deviation-approved' : 'open',
                },
              ],
            },
          }),
      'related-observations': observationUuids.map((uuid) => ({ 'observation-uuid': uuid })),
    };
  });

  const controls = [...new Set((['IA-2', 'AC-8', 'CM-6'] as NistControl[]).concat([...observationsByControl.keys()]))];
  // The run status is what was observed (recomputed from the findings); the gate `--fail-on` made of it is apart.
  const runStatus = report.status;
  const gate = report.gate;
  const resultProps: Prop[] = [
    prop('run-status', runStatus),
    prop('as-of', report.asOf),
    prop('fail-on', report.failOn),
    prop('gate', gate.result),
    prop('exit-code', String(gate.exitCode)),
    prop('tool-version', report.tool.version),
    prop('node-version', report.provenance.node),
    prop('command-line', commandLineText(report)),
    prop('desired-state-sha256', report.desiredState.sha256),
  ];
  for (const account of report.accounts) {
    resultProps.push(prop('account-read', `${account.id} ${account.status}${account.readAt === undefined ? '' : ` at ${account.readAt}`}${account.pages === undefined ? '' : `, ${account.pages} page(s)`}`));
  }
  const undecided = runStatus === 'error';

  const document = {
    'assessment-results': {
      uuid: documentUuid,
      metadata: {
        title: markup(`SSO connector assessment: ${report.desiredState.path}`),
        'last-modified': report.generatedAt,
        version: report.tool.version,
        'oscal-version': OSCAL_VERSION,
        props: [prop('desired-state-sha256', report.desiredState.sha256)],
        roles: [
          { id: 'assessor', title: 'Assessor' },
          { id: 'waiver-approver', title: 'Waiver approver' },
        ],
        ...oscalParties(report, id),
      },
      'import-ap': {
        href: `#${desiredResource}`,
        remarks: markup('No separate assessment plan: the desired-state file (back-matter) says what is assessed, and how.'),
      },
      results: [
        {
          uuid: id('result'),
          title: markup(`cf-sso-guard check of ${report.desiredState.path}`),
          description: markup(`${verdictSentence(report)}. Run status: ${runStatus}${undecided ? ` (could not decide: ${report.undecided.join('; ')})` : ''}; gate ${gate.result} (fail-on ${gate.failOn}, exit ${gate.exitCode}).`),
          start: report.generatedAt,
          end: report.generatedAt,
          props: resultProps,
          'local-definitions': {
            ...localDefinitions(report, id),
            'assessment-assets': { 'assessment-platforms': [{ uuid: platformUuid, title: 'cf-sso-guard', 'uses-components': [{ 'component-uuid': toolUuid }] }] },
          },
          'reviewed-controls': {
            'control-selections': [{ 'include-controls': controls.map((control) => ({ 'control-id': controlId(control) })) }],
          },
          ...(observations.length === 0 ? {} : { observations }),
          ...(risks.length === 0 ? {} : { risks }),
          ...(findings.length === 0 ? {} : { findings }),
          ...(undecided ? { remarks: markup('Could not decide: nothing in this result may be read as compliant for a connector whose verdict is unverifiable or not checked.') } : {}),
        },
      ],
      'back-matter': backMatter(report, id),
    },
  };
  return escapeJsonText(JSON.stringify(document, null, 2)) + '\n';
}

/** A plain mailbox (OSCAL's email-addresses take only those); anything else is the party's name alone. */
function isEmail(value: string): boolean {
  return /^[^\s@<>()[\],;:"\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(value);
}

export function waiverKey(waiver: ReportWaiver): string {
  return `${waiver.accountId}/${waiver.emailDomain}/${waiver.kind}/${waiver.expires}`;
}

export const oscalFormatter: Formatter = {
  name: 'oscal',
  extension: 'json',
  mediaType: 'application/oscal.ar+json',
  render: renderOscal,
};
