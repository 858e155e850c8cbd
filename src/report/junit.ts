// JUnit XML (the Surefire/Ant dialect of junit-10.xsd) for CI test-report views, e.g. GitLab `reports: junit`.
//
// Shape:
//   <testsuites name="cf-sso-guard">                one run
//     <testsuite name="production (023e…)">         one per account
//       <testcase classname="production (023e…)" name="corp.example.com · CFSSO004 enabled_mismatch"/>
//   - An account that was read: one test per (email domain, connector rule) for every declared domain and every
//     domain a finding names; one test per (waiver domain, waiver rule) for every waiver of the account.
//   - Unwaived findings at or above the report's failOn are <failure type="CFSSOnnn">; findings below it pass
//     with the finding in <system-out>; waived findings are <skipped> with the waiver's reason.
//   - An account that could not be read: a single test "read live inventory" with <error> (nothing else in it
//     can be decided).
import { undecidedReasons } from '../engine/status';
import type { Finding, Report } from '../types';
import type { Formatter, RenderContext, RuleInfo } from './formatter';
import { cleanText } from './sanitise';
import { accountLabel, compareStrings, failsAt, locationLabel, sortedFindings, stripXmlIllegal, type ReportAccount } from './shared';

const WAIVER_KINDS = new Set(['waiver_expired', 'waiver_unused']);

/** Escape for element content and double-quoted attributes; newlines/tabs kept in attributes as character references. */
function xml(value: string, inAttribute = false): string {
  const escaped = stripXmlIllegal(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return inAttribute ? escaped.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : escaped.replace(/\r/g, '&#13;');
}

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${xml(cleanText(String(value)), true)}"`)
    .join('');
}

interface TestCase {
  name: string;
  classname: string;
  body: string[];
  outcome: 'passed' | 'failure' | 'error' | 'skipped';
}

function findingDetail(finding: Finding): string {
  // Each string from outside made inert and one line before the lines are joined with our own newlines.
  const c = cleanText;
  const lines = [`message: ${c(finding.message)}`];
  if (finding.expected !== undefined) lines.push(`expected: ${c(finding.expected)}`);
  if (finding.actual !== undefined) lines.push(`actual: ${c(finding.actual)}`);
  if (finding.connectorId !== undefined) lines.push(`connector: ${c(finding.connectorId)}`);
  const where = locationLabel(finding.location);
  if (where !== undefined) lines.push(`declared at: ${c(where)}:${finding.location?.column}`);
  if (finding.remediation !== undefined && finding.remediation !== '') lines.push(`remediation: ${c(finding.remediation)}`);
  return lines.join('\n');
}

function testCaseFor(report: Report, classname: string, domain: string, rule: RuleInfo, findings: Finding[]): TestCase {
  const name = `${domain} · ${rule.id} ${rule.kind}`;
  const failing = findings.filter((finding) => !finding.waived && failsAt(finding.severity, report.failOn));
  const belowThreshold = findings.filter((finding) => !finding.waived && !failsAt(finding.severity, report.failOn));
  const waived = findings.filter((finding) => finding.waived);
  const body: string[] = [];
  for (const finding of failing) {
    body.push(`<failure${attrs({ type: finding.ruleId, message: `${finding.severity}: ${finding.message}` })}>${xml(findingDetail(finding))}</failure>`);
  }
  if (failing.length === 0) {
    for (const finding of waived) {
      const waiver = finding.waiver;
      const reason = waiver === undefined ? 'waived' : `waived until ${waiver.expires}${waiver.by === undefined ? '' : ` by ${waiver.by}`}: ${waiver.reason}`;
      body.push(`<skipped${attrs({ type: finding.ruleId, message: reason })}>${xml(findingDetail(finding))}</skipped>`);
    }
  }
  const notes = [...belowThreshold, ...(failing.length > 0 ? waived : [])];
  if (notes.length > 0) {
    body.push(`<system-out>${xml(notes.map((finding) => `${finding.waived ? 'waived' : finding.severity} (below fail-on): ${findingDetail(finding)}`).join('\n\n'))}</system-out>`);
  }
  const outcome = failing.length > 0 ? 'failure' : waived.length > 0 ? 'skipped' : 'passed';
  return { name, classname, body, outcome };
}

function testCasesForAccount(report: Report, account: ReportAccount, ctx: RenderContext): TestCase[] {
  const classname = accountLabel(account, account.id);
  if (account.status === 'error') {
    return [
      {
        name: 'read live inventory',
        classname,
        outcome: 'error',
        body: [`<error${attrs({ type: 'account_error', message: account.error ?? 'unknown error' })}>${xml(`account ${cleanText(classname)} could not be read completely; no check of this account can be trusted.\nerror: ${cleanText(account.error ?? '')}`)}</error>`],
      },
    ];
  }
  const findings = report.findings.filter((finding) => finding.accountId === account.id);
  const connectorRules = [...ctx.rules].filter((rule) => !WAIVER_KINDS.has(rule.kind)).sort((a, b) => compareStrings(a.id, b.id));
  const waiverRules = [...ctx.rules].filter((rule) => WAIVER_KINDS.has(rule.kind)).sort((a, b) => compareStrings(a.id, b.id));
  const declared = ctx.desiredAccounts?.find((desired) => desired.id === account.id)?.connectors.map((connector) => connector.emailDomain) ?? [];
  const connectorDomains = new Set([...declared, ...findings.filter((finding) => !WAIVER_KINDS.has(finding.kind)).map((finding) => finding.emailDomain)]);
  const waiverDomains = new Set([
    ...(ctx.waivers ?? []).filter((waiver) => waiver.accountId === account.id).map((waiver) => waiver.emailDomain),
    ...findings.filter((finding) => WAIVER_KINDS.has(finding.kind)).map((finding) => finding.emailDomain),
  ]);

  const cases: TestCase[] = [];
  const covered = new Set<Finding>();
  const add = (domains: Set<string>, rules: RuleInfo[]): void => {
    for (const domain of [...domains].sort(compareStrings)) {
      for (const rule of rules) {
        const matching = sortedFindings(findings.filter((finding) => finding.emailDomain === domain && finding.ruleId === rule.id));
        matching.forEach((finding) => covered.add(finding));
        cases.push(testCaseFor(report, classname, domain, rule, matching));
      }
    }
  };
  add(connectorDomains, connectorRules);
  add(waiverDomains, waiverRules);
  // A finding whose rule ctx does not list still gets a test: a report never loses a finding.
  for (const finding of sortedFindings(findings.filter((f) => !covered.has(f)))) {
    const standIn: RuleInfo = { id: finding.ruleId, kind: finding.kind, title: finding.kind, defaultSeverity: finding.severity, rationale: '', remediation: '', helpMarkdown: '', controls: [] };
    cases.push(testCaseFor(report, classname, finding.emailDomain, standIn, [finding]));
  }
  if (cases.length === 0) cases.push({ name: 'read live inventory', classname, outcome: 'passed', body: [] });
  return cases;
}

function renderJunit(report: Report, ctx: RenderContext): string {
  const known = new Set(report.accounts.map((account) => account.id));
  // Findings for accounts the report does not list (should not happen) get a suite of their own.
  const strays: ReportAccount[] = [...new Set(report.findings.map((f) => f.accountId).filter((id) => !known.has(id)))]
    .sort(compareStrings)
    .map((id) => ({ id, status: 'ok', connectors: 0, checks: [] }));
  const listed: ReportAccount[] = [...report.accounts, ...strays];
  // Zero accounts proves nothing: one erroring test, so CI never reads an empty run as passed.
  if (listed.length === 0) listed.push({ id: 'no-accounts', status: 'error', error: undecidedReasons(report)[0] ?? 'no accounts were checked', connectors: 0, checks: [] });
  const suites = listed.map((account) => ({ account, cases: testCasesForAccount(report, account, ctx) }));
  const count = (cases: TestCase[], outcome: TestCase['outcome']): number => cases.filter((c) => c.outcome === outcome).length;
  const all = suites.flatMap((suite) => suite.cases);

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attrs({ name: 'cf-sso-guard', tests: all.length, failures: count(all, 'failure'), errors: count(all, 'error'), time: '0' })}>`);
  for (const { account, cases } of suites) {
    out.push(
      `  <testsuite${attrs({
        name: accountLabel(account, account.id),
        tests: cases.length,
        failures: count(cases, 'failure'),
        errors: count(cases, 'error'),
        skipped: count(cases, 'skipped'),
        time: '0',
        timestamp: report.generatedAt,
        id: account.id,
        package: 'cf-sso-guard',
        file: report.desiredState.path,
      })}>`,
    );
    out.push('    <properties>');
    const properties: Array<[string, string]> = [
      ['accountId', account.id],
      ['accountStatus', account.status],
      ['liveConnectors', String(account.connectors)],
      ['desiredState', report.desiredState.path],
      ['desiredStateSha256', report.desiredState.sha256],
      ['toolVersion', report.tool.version],
    ];
    if (report.failOn !== undefined) properties.push(['failOn', report.failOn]);
    if (report.asOf !== undefined) properties.push(['asOf', report.asOf]);
    for (const [name, value] of properties) out.push(`      <property${attrs({ name, value })}/>`);
    out.push('    </properties>');
    for (const testCase of cases) {
      const open = `    <testcase${attrs({ name: testCase.name, classname: testCase.classname, time: '0' })}`;
      out.push(testCase.body.length === 0 ? `${open}/>` : `${open}>\n${testCase.body.map((line) => `      ${line}`).join('\n')}\n    </testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

export const junitFormatter: Formatter = {
  name: 'junit',
  extension: 'xml',
  mediaType: 'application/xml',
  render: renderJunit,
};
