// OSCAL 1.2.1 Plan of Action and Milestones (the POA&M FedRAMP asks for monthly), valid against NIST's own schema.
//   - a poam-item per open finding at or above the fail-on threshold, with its risk (open, the rule's remediation
//     as the recommended response) and the observation of its connector check;
//   - a poam-item per waiver: a deviation with its reason, approver, approval day (when the file gives one) and
//     deadline (the expiry), its risk `deviation-approved` while in force, `open` once expired;
//   - a poam-item per account that could not be read: nothing about it can be stated, so the plan is never clean
//     for an undecided run.
// Parties, observations, inventory items and back matter are those of `--format oscal` (same UUIDs: oscalIds),
// and every UUID is name-based from stable keys, so the same inputs give the same document apart from timestamps.
import { propertyOfKind } from '../rules';
import type { ConnectorCheck, Finding, Report, ReportAccount, ReportWaiver } from '../core/types';
import type { Formatter, RenderContext } from './formatter';
import {
  oscalParties,
  backMatter,
  connectorObservation,
  endOfDay,
  localDefinitions,
  markup,
  OSCAL_VERSION,
  oscalIds,
  prop,
  text,
  waiverKey,
  type Prop,
} from './oscal';
import { escapeJsonText } from '../core/text';
import { accountTitleOf, commandLineText, failsAt, findingAccountTitle, sortedFindings, verdictSentence } from './shared';
import { formatLocation } from '../core/location';

type Ids = (...parts: string[]) => string;

/** The approval day of a waiver when the desired-state file records one (`approved_on`); tolerated when absent. */
function approvedOn(waiver: ReportWaiver): string | undefined {
  const day = (waiver as ReportWaiver & { approvedOn?: unknown }).approvedOn;
  return typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined;
}

function findingKey(finding: Finding): string {
  return [finding.ruleId, finding.accountId, finding.emailDomain, finding.connectorId ?? '-', finding.kind].join('/');
}

/** The connector checks each finding stands for (its observations), in report order, as the engine linked them. */
function checksByFinding(report: Report): Map<Finding, Array<{ account: ReportAccount; item: ConnectorCheck }>> {
  const checks = new Map<Finding, Array<{ account: ReportAccount; item: ConnectorCheck }>>();
  for (const account of report.accounts) {
    for (const item of account.checks) {
      for (const index of item.findingIndexes ?? []) {
        const finding = report.findings[index];
        if (finding !== undefined) checks.set(finding, [...(checks.get(finding) ?? []), { account, item }]);
      }
    }
  }
  return checks;
}

/** The connector checks a waiver bears on: same account and domain, its property not passing. */
function checksOfWaiver(report: Report, waiver: ReportWaiver): Array<{ account: ReportAccount; item: ConnectorCheck }> {
  const account = report.accounts.find((candidate) => candidate.id === waiver.accountId);
  if (account === undefined) return [];
  const property = propertyOfKind(waiver.kind);
  return account.checks
    .filter((item) => item.emailDomain === waiver.emailDomain && item.checks.some((check) => check.property === property && check.result !== 'pass'))
    .map((item) => ({ account, item }));
}

const WAIVER_STATUS: Record<ReportWaiver['state'], string> = {
  in_force: 'deviation-approved',
  expired: 'open',
  unused: 'closed',
  not_evaluated: 'deviation-approved',
};

const WAIVER_STATE_TEXT: Record<ReportWaiver['state'], string> = {
  in_force: 'in force',
  expired: 'expired: no longer applied, the deviation is open',
  unused: 'unused: in date but matching no finding',
  not_evaluated: 'not evaluated: its account was not checked or not read',
};

function renderPoam(report: Report, ctx: RenderContext): string {
  // Rule metadata (title, controls, rationale, remediation) from the render context, as every format reads it.
  const rules = new Map(ctx.rules.map((rule) => [rule.id, rule]));
  const { id } = oscalIds(report);
  const poamId: Ids = (...parts) => id('poam', ...parts);
  const toolActor = { type: 'tool', 'actor-uuid': id('component', 'cf-sso-guard') };
  const observations = new Map<string, object>();
  const observe = (account: ReportAccount, item: ConnectorCheck): string => {
    const observation = connectorObservation(report, account, item, id);
    observations.set(observation.uuid, observation);
    return observation.uuid;
  };
  const risks: object[] = [];
  const items: object[] = [];

  // Open findings at or above the threshold, most severe first.
  const open = sortedFindings(report.findings).filter((finding) => !finding.waived && failsAt(finding.severity, report.failOn));
  const findingChecks = checksByFinding(report);
  for (const finding of open) {
    const key = findingKey(finding);
    const observationUuids = (findingChecks.get(finding) ?? []).map(({ account, item }) => observe(account, item));
    const riskUuid = poamId('risk', 'finding', key);
    const label = findingAccountTitle(report, finding);
    const rule = rules.get(finding.ruleId);
    const remediation = finding.remediation !== undefined && finding.remediation !== '' ? finding.remediation : rule?.remediation;
    const props: Prop[] = [
      prop('rule-id', finding.ruleId),
      ...(rule?.controls ?? []).map((control) => prop('control-id', control.toLowerCase())),
      prop('kind', finding.kind),
      prop('severity', finding.severity),
      prop('account-id', finding.accountId),
      prop('email-domain', finding.emailDomain),
      ...(finding.connectorId === undefined ? [] : [prop('connector-id', finding.connectorId)]),
      ...(finding.expected === undefined ? [] : [prop('expected', finding.expected)]),
      ...(finding.actual === undefined ? [] : [prop('observed', finding.actual)]),
      ...(finding.location === undefined ? [] : [prop('declared-at', formatLocation(finding.location))]),
    ];
    risks.push({
      uuid: riskUuid,
      title: markup(`${finding.ruleId} ${finding.emailDomain} in ${label}`),
      description: markup(finding.message),
      statement: markup(`Open ${finding.severity} finding, at or above the fail-on threshold (${report.failOn}).${rule === undefined ? '' : ` ${rule.title}: ${rule.rationale}`}`),
      props,
      status: 'open',
      origins: [{ actors: [toolActor] }],
      ...(remediation === undefined || remediation === ''
        ? {}
        : {
            remediations: [
              {
                uuid: poamId('response', key),
                lifecycle: 'recommendation',
                title: markup(`Remediate ${finding.ruleId}${rule === undefined ? '' : `: ${rule.title}`}`),
                description: markup(remediation),
                origins: [{ actors: [toolActor] }],
              },
            ],
          }),
      ...(observationUuids.length === 0 ? {} : { 'related-observations': observationUuids.map((uuid) => ({ 'observation-uuid': uuid })) }),
    });
    items.push({
      uuid: poamId('item', 'finding', key),
      title: markup(`${finding.ruleId} ${finding.emailDomain} in ${label}`),
      description: markup(finding.message),
      props: [prop('poam-item-type', 'finding'), ...props],
      origins: [{ actors: [toolActor] }],
      ...(observationUuids.length === 0 ? {} : { 'related-observations': observationUuids.map((uuid) => ({ 'observation-uuid': uuid })) }),
      'related-risks': [{ 'risk-uuid': riskUuid }],
    });
  }

  // Accounts not read: compliance not determined, so never a clean plan.
  for (const account of report.accounts.filter((candidate) => candidate.status === 'error')) {
    const riskUuid = poamId('risk', 'account-not-read', account.id);
    const description = `${accountTitleOf(account, account.id)} could not be read completely: ${account.error ?? 'unknown error'}. None of its SSO connectors was assessed.`;
    risks.push({
      uuid: riskUuid,
      title: markup(`Account not assessed: ${accountTitleOf(account, account.id)}`),
      description: markup(description),
      statement: markup('Compliance of this account could not be determined; treat it as open until a complete read.'),
      props: [prop('account-id', account.id)],
      status: 'open',
      origins: [{ actors: [toolActor] }],
    });
    items.push({
      uuid: poamId('item', 'account-not-read', account.id),
      title: markup(`Account not assessed: ${accountTitleOf(account, account.id)}`),
      description: markup(description),
      props: [prop('poam-item-type', 'account-not-read'), prop('account-id', account.id)],
      origins: [{ actors: [toolActor] }],
      'related-risks': [{ 'risk-uuid': riskUuid }],
    });
  }

  // Every waiver: an accepted (or expired) deviation.
  for (const waiver of report.waivers) {
    const key = waiverKey(waiver);
    const observationUuids = checksOfWaiver(report, waiver).map(({ account, item }) => observe(account, item));
    const riskUuid = poamId('risk', 'waiver', key);
    const approver = waiver.approvedBy;
    const approvalDay = approvedOn(waiver);
    const label = findingAccountTitle(report, waiver);
    const props: Prop[] = [
      prop('waiver-kind', waiver.kind),
      prop('waiver-state', waiver.state),
      prop('waiver-expires', waiver.expires),
      prop('waiver-covers', String(waiver.covers)),
      prop('account-id', waiver.accountId),
      prop('email-domain', waiver.emailDomain),
      prop('declared-at', formatLocation(waiver.location)),
      ...(approver === undefined ? [] : [prop('approved-by', approver)]),
      ...(approvalDay === undefined ? [] : [prop('approved-on', approvalDay)]),
    ];
    const statement =
      `Deviation ${WAIVER_STATE_TEXT[waiver.state]}; approved by ${approver ?? 'no one recorded'}` +
      `${approvalDay === undefined ? '' : ` on ${approvalDay}`}, until ${waiver.expires}: ${waiver.reason}`;
    risks.push({
      uuid: riskUuid,
      title: markup(`Deviation: ${waiver.kind} of ${waiver.emailDomain} in ${label}`),
      description: markup(waiver.reason),
      statement: markup(statement),
      props,
      // A deviation no one is recorded to have approved is requested, not approved.
      status: approver === undefined && WAIVER_STATUS[waiver.state] === 'deviation-approved' ? 'deviation-requested' : WAIVER_STATUS[waiver.state],
      deadline: endOfDay(waiver.expires),
      ...(approver === undefined
        ? {}
        : {
            'risk-log': {
              entries: [
                {
                  uuid: poamId('risk-log', key),
                  title: markup(`Deviation approved by ${approver}`),
                  // The approval day when recorded, else when this plan was made (the approval is at least that old).
                  start: approvalDay === undefined ? report.generatedAt : `${approvalDay}T00:00:00Z`,
                  'logged-by': [{ 'party-uuid': id('party', approver), 'role-id': 'waiver-approver' }],
                  'status-change': 'deviation-approved',
                },
              ],
            },
          }),
      ...(observationUuids.length === 0 ? {} : { 'related-observations': observationUuids.map((uuid) => ({ 'observation-uuid': uuid })) }),
    });
    items.push({
      uuid: poamId('item', 'waiver', key),
      title: markup(`Deviation: ${waiver.kind} of ${waiver.emailDomain} in ${label}`),
      description: markup(statement),
      props: [prop('poam-item-type', 'deviation'), ...props],
      origins: [{ actors: [toolActor] }],
      ...(observationUuids.length === 0 ? {} : { 'related-observations': observationUuids.map((uuid) => ({ 'observation-uuid': uuid })) }),
      'related-risks': [{ 'risk-uuid': riskUuid }],
    });
  }

  const runStatus = report.status;
  const undecided = runStatus === 'error';
  const poamItems =
    items.length > 0
      ? items
      : [
          {
            uuid: poamId('item', 'none'),
            title: markup('No open finding and no deviation'),
            description: markup(`Nothing to plan: ${verdictSentence(report)}; no finding at or above ${report.failOn} is open and no waiver is declared.`),
            props: [prop('poam-item-type', 'none')],
            origins: [{ actors: [toolActor] }],
          },
        ];
  const document = {
    'plan-of-action-and-milestones': {
      uuid: poamId('document'),
      metadata: {
        title: markup(`SSO connector plan of action and milestones: ${report.desiredState.path}`),
        'last-modified': report.generatedAt,
        version: report.tool.version,
        'oscal-version': OSCAL_VERSION,
        props: [
          prop('desired-state-sha256', report.desiredState.sha256),
          prop('run-status', runStatus),
          prop('as-of', report.asOf),
          prop('fail-on', report.failOn),
          prop('tool-version', report.tool.version),
          prop('command-line', commandLineText(report)),
          prop('assessment-results-uuid', oscalIds(report).documentUuid),
        ],
        roles: [
          { id: 'assessor', title: 'Assessor' },
          { id: 'waiver-approver', title: 'Waiver approver' },
        ],
        ...oscalParties(report, id),
        ...(undecided ? { remarks: markup(`Could not decide (${report.undecided.join('; ')}): this plan is not complete.`) } : {}),
      },
      'system-id': { 'identifier-type': 'https://cf-sso-guard.dev/ns/oscal', id: text(`desired-state-${report.desiredState.sha256.slice(0, 16)}`) },
      'local-definitions': localDefinitions(report, id),
      ...(observations.size === 0 ? {} : { observations: [...observations.values()] }),
      ...(risks.length === 0 ? {} : { risks }),
      'poam-items': poamItems,
      'back-matter': backMatter(report, id),
    },
  };
  return escapeJsonText(JSON.stringify(document, null, 2)) + '\n';
}

export const oscalPoamFormatter: Formatter = {
  name: 'oscal-poam',
  extension: 'json',
  mediaType: 'application/oscal.poam+json',
  render: renderPoam,
};
