// JUnit XML (the Surefire/Ant dialect of junit-10.xsd) for CI test-report views, e.g. GitLab `reports: junit`.
//
// Shape:
//   <testsuites name="cf-sso-guard">                one run
//     <testsuite name="production (023e…)">         one per account, provenance in <properties>
//       <testcase classname="production (023e…)" name="corp.example.com · c0ffee03"/>
//   - One test per connector check (each declared and each live connector), with the checks made in
//     <system-out>, its outcome following the check's verdict: compliant passes; drift fails for each unwaived
//     error, whatever --fail-on says (the failures are the findings, not the gate; a warning or note passes and
//     says so); waived is <skipped> with the waiver;
//     unverifiable is an <error> (the check could not be made); not_checked is <skipped>.
//   - One test per waiver of the account: expired or unused fail when their finding is drift (an error).
//   - The observed status and the gate (`--fail-on`, exit code) are suite properties of their own.
//   - An account that could not be read: a test "read live inventory" with <error> (nothing in it can be decided).
import type { ConnectorCheck, Finding, Report, ReportWaiver } from '../core/types';
import type { Formatter, RenderContext } from './formatter';
import { cleanText } from '../core/text';
import { accountTitleOf, emptyShardLine, findingAccountTitle, findingsOfCheck, gateSentence, isDrift, locationLabel, propertyCheckText, provenanceProperties, readText, sortedFindings, stripXmlIllegal, type ReportAccount } from './shared';
import { compareText } from '../core/order';

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

/** A failure stands alone in CI test views: its message names the account (the rules' messages do not). */
function failureElements(report: Report, findings: Finding[]): string[] {
  return findings.map(
    (finding) => `<failure${attrs({ type: finding.ruleId, message: `${finding.severity} in ${findingAccountTitle(report, finding)}: ${finding.message}` })}>${xml(findingDetail(finding))}</failure>`,
  );
}

function notDriftOut(findings: Finding[]): string {
  return findings.map((finding) => `${finding.severity} (not drift): ${findingDetail(finding)}`).join('\n\n');
}

function connectorTestCase(report: Report, account: ReportAccount, classname: string, item: ConnectorCheck): TestCase {
  const name = `${item.emailDomain} · ${item.connectorId ?? 'no live connector'}`;
  const findings = findingsOfCheck(report, item);
  const evidence = [`verdict: ${item.verdict}`, `declared: ${item.declared}`, ...item.checks.map((check) => cleanText(`${propertyCheckText(check)} (${check.result}, ${check.ruleId})`))];
  const body: string[] = [];
  let outcome: TestCase['outcome'] = 'passed';
  switch (item.verdict) {
    case 'compliant':
      break;
    case 'drift':
    case 'warning': {
      const unwaived = findings.filter((finding) => !finding.waived);
      const failing = unwaived.filter(isDrift);
      body.push(...failureElements(report, failing));
      if (failing.length > 0) outcome = 'failure';
      const below = unwaived.filter((finding) => !isDrift(finding));
      if (below.length > 0) evidence.push('', notDriftOut(below));
      break;
    }
    case 'waived': {
      const waived = findings.filter((finding) => finding.waived);
      for (const finding of waived) {
        const waiver = finding.waiver;
        const reason = waiver === undefined ? 'waived' : `waived until ${waiver.expires}${waiver.by === undefined ? '' : ` by ${waiver.by}`}: ${waiver.reason}`;
        body.push(`<skipped${attrs({ type: finding.ruleId, message: reason })}>${xml(findingDetail(finding))}</skipped>`);
      }
      if (waived.length === 0) body.push(`<skipped${attrs({ message: 'waived' })}/>`);
      outcome = 'skipped';
      break;
    }
    case 'unverifiable': {
      const blind = findings.filter((finding) => finding.kind === 'unverifiable');
      const message = blind.map((finding) => finding.message).join(' ') || 'a check could not be made: the API did not report the field';
      body.push(`<error${attrs({ type: 'CFSSO010', message })}>${xml(blind.map(findingDetail).join('\n\n'))}</error>`);
      outcome = 'error';
      break;
    }
    case 'not_checked':
      body.push(`<skipped${attrs({ message: 'not checked: the account could not be read' })}/>`);
      outcome = 'skipped';
      break;
  }
  body.push(`<system-out>${xml(evidence.join('\n'))}</system-out>`);
  return { name, classname, body, outcome };
}

function waiverTestCase(report: Report, classname: string, waiver: ReportWaiver, findings: Finding[]): TestCase {
  const name = `waiver ${waiver.emailDomain} · ${waiver.kind}`;
  const kind = waiver.state === 'expired' ? 'waiver_expired' : waiver.state === 'unused' ? 'waiver_unused' : undefined;
  // A waiver rule's finding sits at the waiver's own place in the file.
  const own = findings.filter(
    (finding) =>
      finding.kind === kind &&
      finding.emailDomain === waiver.emailDomain &&
      finding.location?.file === waiver.location.file &&
      finding.location.line === waiver.location.line,
  );
  const evidence = cleanText(`state: ${waiver.state}; expires ${waiver.expires}; approved by ${waiver.approvedBy ?? 'not recorded'}; covers ${waiver.covers}; reason: ${waiver.reason}`);
  if (waiver.state === 'not_evaluated') {
    return { name, classname, outcome: 'skipped', body: [`<skipped${attrs({ message: 'not evaluated: the account was not checked' })}/>`, `<system-out>${xml(evidence)}</system-out>`] };
  }
  const failing = own.filter(isDrift);
  const below = own.filter((finding) => !finding.waived && !isDrift(finding));
  const out = below.length > 0 ? `${evidence}\n\n${notDriftOut(below)}` : evidence;
  return { name, classname, outcome: failing.length > 0 ? 'failure' : 'passed', body: [...failureElements(report, failing), `<system-out>${xml(out)}</system-out>`] };
}

function testCasesForAccount(report: Report, account: ReportAccount): TestCase[] {
  const classname = accountTitleOf(account, account.id);
  const cases: TestCase[] = [];
  if (account.status === 'error') {
    cases.push({
      name: 'read live inventory',
      classname,
      outcome: 'error',
      body: [`<error${attrs({ type: 'account_error', message: account.error ?? 'unknown error' })}>${xml(`account ${cleanText(classname)} could not be read completely; no check of this account can be trusted.\nerror: ${cleanText(account.error ?? '')}`)}</error>`],
    });
  }
  for (const item of account.checks) cases.push(connectorTestCase(report, account, classname, item));
  const findings = report.findings.filter((finding) => finding.accountId === account.id);
  const waivers = [...report.waivers.filter((waiver) => waiver.accountId === account.id)].sort(
    (a, b) => compareText(a.emailDomain, b.emailDomain) || compareText(a.kind, b.kind) || compareText(a.expires, b.expires),
  );
  for (const waiver of waivers) cases.push(waiverTestCase(report, classname, waiver, findings));
  if (cases.length === 0) cases.push({ name: 'read live inventory', classname, outcome: 'passed', body: [] });
  return cases;
}

/** Findings of accounts the report does not list (should not happen): a test each, so none is lost. */
function strayTestCases(report: Report, account: ReportAccount): TestCase[] {
  const classname = accountTitleOf(account, account.id);
  return sortedFindings(report.findings.filter((finding) => finding.accountId === account.id)).map((finding) => ({
    name: `${finding.emailDomain} · ${finding.ruleId} ${finding.kind}`,
    classname,
    outcome: isDrift(finding) ? 'failure' : 'passed',
    body: isDrift(finding) ? failureElements(report, [finding]) : [`<system-out>${xml(findingDetail(finding))}</system-out>`],
  }));
}

const NO_FINDINGS = { findings: 0, error: 0, warning: 0, note: 0, waived: 0 } as const;

function renderJunit(report: Report, _ctx: RenderContext): string {
  const known = new Set(report.accounts.map((account) => account.id));
  // Findings for accounts the report does not list (should not happen) get a suite of their own.
  const strays: ReportAccount[] = [...new Set(report.findings.map((f) => f.accountId).filter((id) => !known.has(id)))]
    .sort(compareText)
    .map((id) => ({ id, status: 'ok', verdict: report.status, summary: NO_FINDINGS, connectors: 0, checks: [] }));
  const suites = [
    ...report.accounts.map((account) => ({ account, cases: testCasesForAccount(report, account) })),
    ...strays.map((account) => ({ account, cases: strayTestCases(report, account) })),
  ];
  // Zero accounts proves nothing: one erroring test, so CI never reads an empty run as passed
  // (a shard the deal left empty is no run of its own: the merge is the gate).
  if (suites.length === 0 && emptyShardLine(report) === undefined) {
    const account: ReportAccount = { id: 'no-accounts', status: 'error', error: report.undecided[0] ?? 'no accounts were checked', verdict: 'error', summary: NO_FINDINGS, connectors: 0, checks: [] };
    suites.push({ account, cases: testCasesForAccount(report, account) });
  }
  const count = (cases: TestCase[], outcome: TestCase['outcome']): number => cases.filter((c) => c.outcome === outcome).length;
  const all = suites.flatMap((suite) => suite.cases);

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attrs({ name: 'cf-sso-guard', tests: all.length, failures: count(all, 'failure'), errors: count(all, 'error'), time: '0' })}>`);
  for (const { account, cases } of suites) {
    out.push(
      `  <testsuite${attrs({
        name: accountTitleOf(account, account.id),
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
      ['readAt', readText(account)],
      ['runStatus', report.status],
      ['gate', gateSentence(report)],
      ...provenanceProperties(report),
    ];
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
