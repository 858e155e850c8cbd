// Behaviour of each formatter beyond schema validity: escaping, caps, ordering, colour, fail-closed wording.
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, FORMATTERS, isFormatName, renderReport } from '../../src/report';
import { csvField, neutralise } from '../../src/report/csv';
import { escapeData, escapeProperty } from '../../src/report/github';
import { escapeMarkdown } from '../../src/report/markdown';
import { fingerprint } from '../../src/report/sarif';
import type { Finding, Report } from '../../src/core/types';
import { decide } from '../../src/engine';
import { validateJunit } from '../support/consumer-schemas';
import {
  cleanRun,
  context,
  DRIFT_FINDINGS,
  driftRun,
  errorRun,
  FIXTURE_RUNS,
  hostileRun,
  IMG_PAYLOAD,
  makeReport,
  PROD,
  RULES,
  SCRIPT_PAYLOAD,
  STAGING,
  waiversRun,
  BROKEN,
} from './fixtures';

const ESC = '\u001b';

function manyFindings(count: number, severity: Finding['severity']): Finding[] {
  return Array.from({ length: count }, (_, i) => ({
    ...DRIFT_FINDINGS[3],
    severity,
    emailDomain: `d${String(i).padStart(3, '0')}.example.com`,
    message: `finding ${i}`,
  }));
}

/** A strict RFC 4180 reader, to check the CSV round-trips (not a copy of the writer's logic). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i += 1; continue; }
      field += ch; i += 1; continue;
    }
    if (ch === '"' && field === '') { quoted = true; i += 1; continue; }
    if (ch === ',') { row.push(field); field = ''; i += 1; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    if (ch === '\n' || ch === '\r' || ch === '"') throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    field += ch; i += 1;
  }
  if (field !== '' || row.length > 0) throw new Error('last record not terminated by CRLF');
  return rows;
}

describe('registry', () => {
  it('has one formatter per format name, each named after its key', () => {
    expect(Object.keys(FORMATTERS).sort()).toEqual([...FORMAT_NAMES].sort());
    for (const name of FORMAT_NAMES) expect(FORMATTERS[name].name).toBe(name);
    expect(isFormatName('sarif')).toBe(true);
    expect(isFormatName('pdf')).toBe(false);
  });

  it('every format is deterministic and independent of the order findings arrive in', () => {
    const shuffled: Report = decide({ ...driftRun, findings: [...driftRun.findings].reverse() });
    for (const name of FORMAT_NAMES) {
      if (name === 'json') continue; // JSON is the report as is, in the engine's order.
      expect(renderReport(name, shuffled, context()), name).toBe(renderReport(name, driftRun, context()));
    }
  });
});

/** The drift run with messages as the rules write them now: no `Account "name" (id): ` label. */
const labelFree: Report = { ...driftRun, findings: driftRun.findings.map((f) => ({ ...f, message: f.message.replace(/^Account [^:]*: /, '') })) };

describe('a finding that stands alone names its account (messages carry no label)', () => {
  const corp = labelFree.findings.find((f) => f.ruleId === 'CFSSO004' && f.accountId === PROD)!;
  const label = `production (${PROD})`;

  it('the fixture: messages without a label', () => {
    expect(corp.message.startsWith('email_domain corp.example.com')).toBe(true);
  });

  it('SARIF: each result message opens with the account', () => {
    const sarif = JSON.parse(FORMATTERS.sarif.render(labelFree, context())) as { runs: Array<{ results: Array<{ ruleId: string; message: { text: string } }> }> };
    const result = sarif.runs[0].results.find((r) => r.ruleId === 'CFSSO004')!;
    expect(result.message.text.split('\n')[0]).toBe(`${label}: ${corp.message}`);
  });

  it('GitHub: each annotation title names the account', () => {
    const line = FORMATTERS.github.render(labelFree, context()).split('\n').find((l) => l.includes('CFSSO004'))!;
    expect(line).toContain(`title=CFSSO004 enabled_mismatch (corp.example.com) in ${label}::`);
  });

  it('JUnit: each failure message names the account', () => {
    expect(FORMATTERS.junit.render(labelFree, context())).toContain(`message="error in ${label}: ${corp.message}"`);
  });

  it('markdown: the table has an account column; the details name the account', () => {
    const md = FORMATTERS.markdown.render(labelFree, context());
    expect(md).toContain('(production \\(023e105f4ecef8ad9ca31a8372d0c353\\)): email\\_domain corp.example.com');
  });

  it('CSV: every connector row carries the account id and name', () => {
    const rows = FORMATTERS.csv.render(labelFree, context()).split('\r\n').filter((row) => row.includes('corp.example.com'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(`${PROD},production,`);
  });

  it('OSCAL POA&M: each risk title names the account', () => {
    const poam = JSON.parse(FORMATTERS['oscal-poam'].render(labelFree, context())) as { 'plan-of-action-and-milestones': { risks: Array<{ title: string }> } };
    expect(poam['plan-of-action-and-milestones'].risks.map((risk) => risk.title)).toContain(`CFSSO004 corp.example.com in ${label}`);
  });
});

describe('text', () => {
  it('has no escape sequences without colour, and colours with it', () => {
    for (const { report } of FIXTURE_RUNS) expect(FORMATTERS.text.render(report, context({ color: false }))).not.toContain(ESC);
    const coloured = FORMATTERS.text.render(driftRun, context({ color: true }));
    expect(coloured).toContain(`${ESC}[31m`);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(FORMATTERS.text.render(driftRun, context({ color: false })));
  });

  it('prints each finding on one line with rule, domain, expected/actual and location, remediation indented', () => {
    const text = FORMATTERS.text.render(driftRun, context());
    expect(text).toContain('✖ CFSSO004 corp.example.com  enabled: expected true, got false  (sso-connectors.yaml:14)\n      fix: Enable the connector');
    expect(text).toContain('ℹ CFSSO009 unused.example.com');
    // What was read, then the account's own verdict, in words.
    expect(text).toMatch(/production \(023e105f4ecef8ad9ca31a8372d0c353\)\s+read, 4 connectors · drift: \d+ errors?/);
    // The observed status, then the gate on a line of its own.
    expect(text.trimEnd().split('\n').slice(-2)).toEqual(['✖ Drift', 'gate failed (fail-on error), exit 1']);
    // Grouped by account: every production finding before the staging header.
    expect(text.indexOf('rogue.example.net')).toBeLessThan(text.indexOf('staging (7f1c'));
    expect(text.indexOf('gov.example.com')).toBeGreaterThan(text.indexOf('staging (7f1c'));
  });

  it('shows waived findings dimmed with the reason, and the verdicts', () => {
    const coloured = FORMATTERS.text.render(waiversRun, context({ color: true }));
    expect(coloured).toContain(`${ESC}[2m      waived: DNS cut-over, change CHG-1234 (until 2027-01-31, by security@example.com)`);
    expect(FORMATTERS.text.render(cleanRun, context())).toMatch(/✔ Compliant\ngate passed \(fail-on error\), exit 0\n$/);
    const error = FORMATTERS.text.render(errorRun, context());
    expect(error).toMatch(/✖ Could not decide — broken \(f{32}\) could not be read completely: HTTP 403/);
  });

  it('marks waived findings with their own symbol and word, so no colour is needed to tell them from errors', () => {
    const plain = FORMATTERS.text.render(waiversRun, context());
    const waivedLines = plain.split('\n').filter((line) => line.includes('[waived '));
    expect(waivedLines.length).toBe(waiversRun.findings.filter((f) => f.waived).length);
    for (const line of waivedLines) expect(line).toMatch(/^ {2}○ CFSSO\d{3} \S+ {2}\[waived (error|warning|note)\] /);
    const errorLines = plain.split('\n').filter((line) => /^ {2}✖ /.test(line));
    expect(errorLines.some((line) => line.includes('[waived'))).toBe(false);
  });

  it('one message style: a finding line under its account heading is the message as the rule wrote it, with no label', () => {
    const lines = FORMATTERS.text.render(labelFree, context()).split('\n').filter((l) => /^ {2}[✖⚠ℹ○] /.test(l));
    expect(lines.length).toBe(driftRun.findings.length);
    for (const line of lines) expect(line).not.toContain('Account ');
    expect(lines.join('\n')).toContain('CFSSO001 missing.example.com  email_domain missing.example.com is declared');
  });

  it('wraps to ctx.width at spaces, continuing indented; without a width nothing is wrapped', () => {
    const narrow = FORMATTERS.text.render(driftRun, context({ width: 60 }));
    for (const line of narrow.split('\n')) expect(line.length, line).toBeLessThanOrEqual(60);
    const wide = FORMATTERS.text.render(driftRun, context());
    expect(wide.split('\n').some((line) => line.length > 60)).toBe(true);
    // The same words either way.
    expect(narrow.replace(/\s+/g, ' ')).toBe(wide.replace(/\s+/g, ' '));
  });

  it('an account in error never reads as compliant, whatever the status field says', () => {
    const text = FORMATTERS.text.render(decide({ ...errorRun, status: 'compliant', findings: [] }), context());
    expect(text).not.toContain('Compliant');
    expect(text).toContain('Could not decide');
  });

  it('neutralises terminal control characters in user strings', () => {
    const report = makeReport({ accounts: driftRun.accounts, findings: [{ ...DRIFT_FINDINGS[1], emailDomain: `x${ESC}[2Jy.example.com`, message: 'a\rb' }] });
    const text = FORMATTERS.text.render(report, context({ color: false }));
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\r');
    expect(text).toContain('x\\u001b[2Jy.example.com');
  });
});

describe('csv', () => {
  it('neutralises formula starts and quotes per RFC 4180', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutralise(`${start}cmd`)).toBe(`'${start}cmd`);
    expect(neutralise('safe=1')).toBe('safe=1');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('a,b')).toBe('"a,b"');
    // A cell from outside is one inert line: the newline is shown escaped, never raw.
    expect(csvField('line1\nline2')).toBe('line1\\u000aline2');
    expect(csvField('plain')).toBe('plain');
  });

  it('writes one CRLF row per connector check that parses back to the same cells', () => {
    const evil: Finding = {
      ...DRIFT_FINDINGS[4],
      emailDomain: '=cmd|"/c calc"!a1',
      message: 'quote " comma , newline\nend',
      remediation: '@SUM(1+1)',
      waived: true,
      waiver: { reason: '-2+3', expires: '2027-01-31', by: '+evil' },
    };
    const report = makeReport({ accounts: driftRun.accounts, findings: [evil, DRIFT_FINDINGS[0]] });
    const text = FORMATTERS.csv.render(report, context());
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    const connectorRows = report.accounts.reduce((n, a) => n + a.checks.length, 0);
    expect(rows).toHaveLength(1 + connectorRows);
    const header = rows[0];
    expect(rows.slice(1).every((r) => r[header.indexOf('record')] === 'connector')).toBe(true);
    const row = rows.find((r) => r[header.indexOf('connector_id')] === 'c0ffee04') ?? [];
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('email_domain')).toBe(`'=cmd|"/c calc"!a1`);
    expect(cell('message')).toBe('quote " comma , newline\\u000aend');
    expect(cell('remediation')).toBe("'@SUM(1+1)");
    expect(cell('waiver_reason')).toBe("'-2+3");
    expect(cell('waiver_by')).toBe("'+evil");
    expect(cell('verdict')).toBe('waived');
    expect(cell('rule_ids')).toBe('CFSSO005');
    for (const r of rows) expect(r).toHaveLength(header.length);
    // Compliant connectors have rows too, with what was compared.
    const compliant = rows.filter((r) => r[header.indexOf('verdict')] === 'compliant');
    expect(compliant.length).toBeGreaterThan(0);
    expect(compliant.map((r) => r[header.indexOf('checks')]).join('\n')).toContain('state: expected present, got present (pass)');
    const missing = rows.find((r) => r[header.indexOf('email_domain')] === 'missing.example.com') ?? [];
    expect([missing[header.indexOf('verdict')], missing[header.indexOf('connector_id')]]).toEqual(['drift', '']);
  });

  it('carries provenance on every row: generated at, as-of, desired-state SHA-256, source with its SHA-256 or read time, version, fail-on', () => {
    const live = parseCsv(FORMATTERS.csv.render(errorRun, context()));
    const header = live[0];
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    expect(live.length).toBeGreaterThan(3);
    for (const row of live.slice(1)) {
      expect(cell(row, 'generated_at')).toBe(errorRun.generatedAt);
      expect(cell(row, 'as_of')).toBe(errorRun.asOf);
      expect(cell(row, 'desired_state_sha256')).toBe(errorRun.desiredState.sha256);
      expect(cell(row, 'source')).toBe('api https://api.cloudflare.com/client/v4');
      expect(cell(row, 'source_sha256')).toBe('');
      expect(cell(row, 'source_read_at')).toBe(cell(row, 'read_at'));
      expect(cell(row, 'tool_version')).toBe('cf-sso-guard 0.1.0');
      expect(cell(row, 'fail_on')).toBe('error');
    }
    const snapshotSource = { kind: 'snapshot' as const, location: 'snap.json', sha256: 'c'.repeat(64), recordedAt: '2026-11-27T08:00:00Z', api: 'https://api.cloudflare.com/client/v4' };
    const snap = parseCsv(FORMATTERS.csv.render(decide({ ...driftRun, source: snapshotSource, failOn: 'warning' }), context()));
    for (const row of snap.slice(1)) {
      expect([cell(row, 'source'), cell(row, 'source_sha256'), cell(row, 'source_read_at'), cell(row, 'fail_on')]).toEqual(['snapshot snap.json', 'c'.repeat(64), '2026-11-27T08:00:00Z', 'warning']);
    }
  });

  it('has a row for an account that could not be read (an undecided run never looks clean)', () => {
    const rows = parseCsv(FORMATTERS.csv.render(decide({ ...errorRun, findings: [] }), context()));
    expect(rows[1].slice(0, 3)).toEqual(['account', 'not_checked', BROKEN]);
    expect(rows[1].join(' ')).toContain('HTTP 403');
  });
});

describe('github', () => {
  it('escapes data and properties the way the Actions toolkit does', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const report = makeReport({
      accounts: driftRun.accounts,
      findings: [{ ...DRIFT_FINDINGS[3], emailDomain: 'a,b:c.example.com', message: 'line1\nline2 50%', remediation: undefined, location: { file: 'dir,x/f:1.yaml', line: 3, column: 4 } }],
    });
    const out = FORMATTERS.github.render(report, context());
    // A newline inside a string from outside is shown escaped (one sanitiser), never a line break.
    expect(out).toBe('::error file=dir%2Cx/f%3A1.yaml,line=3,col=4,title=CFSSO004 enabled_mismatch (a%2Cb%3Ac.example.com) in production (023e105f4ecef8ad9ca31a8372d0c353)::line1\\u000aline2 50%25\n');
  });

  it('emits at most 10 per level, then one notice with the number left out', () => {
    const report = makeReport({ accounts: driftRun.accounts, findings: [...manyFindings(13, 'error'), ...manyFindings(4, 'warning'), ...manyFindings(12, 'note')] });
    const lines = FORMATTERS.github.render(report, context()).trimEnd().split('\n');
    const count = (level: string) => lines.filter((line) => line.startsWith(`::${level} `) || line.startsWith(`::${level}::`)).length;
    expect(count('error')).toBe(10);
    expect(count('warning')).toBe(4);
    expect(count('notice')).toBe(10); // 9 findings + the summary notice
    // 3 errors + 3 notes left out.
    expect(lines.at(-1)).toBe('::notice title=cf-sso-guard::cf-sso-guard: 6 more findings, see the job summary');
  });

  it('emits exactly 10 of a level when nothing is left out, and nothing for a clean run', () => {
    const report = makeReport({ accounts: driftRun.accounts, findings: manyFindings(10, 'note') });
    const lines = FORMATTERS.github.render(report, context()).trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines.every((line) => line.startsWith('::notice '))).toBe(true);
    expect(FORMATTERS.github.render(cleanRun, context())).toBe('');
  });

  it('skips waived findings, reports unread accounts as errors first, and makes paths repo-relative', () => {
    const out = FORMATTERS.github.render(waiversRun, context());
    expect(out).not.toContain('CFSSO005');
    const errorOut = FORMATTERS.github.render(errorRun, context({ repoRoot: '/repo', cwd: '/repo/config' }));
    expect(errorOut.split('\n')[0]).toMatch(/^::error title=cf-sso-guard%3A account f{32} not read::broken/);
    expect(errorOut).toContain('file=config/sso-connectors.yaml,line=14,col=9');
  });
});

describe('markdown', () => {
  it('escapes table-breaking and HTML characters in user strings', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('<img src=x>')).toBe('&lt;img src=x&gt;');
    expect(escapeMarkdown('*bold* [link](http://x) `code`')).toBe('\\*bold\\* \\[link\\]\\(http:<!-- -->//x\\) \\`code\\`');
    expect(escapeMarkdown('one\ntwo')).toBe('one\\\\u000atwo');
    expect(escapeMarkdown('ping @security-team')).toBe('ping @<!-- -->security-team');
    // Issue 19: GitHub's references, autolinks and math, split by an invisible comment or held in a span.
    expect(escapeMarkdown('#12 GH-7 o/r#9 www.x.io $a$')).toBe('\\#<!-- -->12 GH-<!-- -->7 o/r\\#<!-- -->9 www<!-- -->.x.io <span>$</span>a<span>$</span>');
  });

  it('keeps a hostile finding inside its table row and out of the HTML', () => {
    const { report } = hostileRun();
    const md = FORMATTERS.markdown.render({ ...report, findings: report.findings.map((f) => ({ ...f, waived: false, emailDomain: `${f.emailDomain}|x|y` })) }, context());
    expect(md).not.toContain('<script');
    expect(md).not.toContain('<img');
    const columns = (line: string) => line.split(/(?<!\\)\|/).length;
    // Each table keeps the column count of its header row.
    for (const table of md.split(/\n(?!\|)/).filter((block) => block.startsWith('| '))) {
      const rows = table.split('\n').filter((line) => line.startsWith('| '));
      for (const row of rows) expect(columns(row), row).toBe(columns(rows[0]));
    }
  });

  it('has the verdict, a table of unwaived findings only, and details collapsed', () => {
    const md = FORMATTERS.markdown.render(waiversRun, context());
    // The hidden marker a workflow finds its one pull-request comment by, then the verdict.
    expect(md.split('\n').slice(0, 2)).toEqual(['<!-- cf-sso-guard:report -->', '### ❌ cf-sso-guard: Drift']);
    const tableRows = md.split('\n').filter((line) => /^\| (🔴|🟠|🔵)/u.test(line));
    expect(tableRows).toHaveLength(3);
    expect(tableRows.join('\n')).not.toContain('CFSSO005');
    expect(md).toMatch(/<details>\n<summary>Details[^\n]*<\/summary>\n\n[\s\S]*CFSSO005[\s\S]*waived until 2027-01-31[\s\S]*?<\/details>\n/);
    expect(FORMATTERS.markdown.render(cleanRun, context())).toMatch(/^<!-- cf-sso-guard:report -->\n### ✅ cf-sso-guard: Compliant/);
    const error = FORMATTERS.markdown.render(errorRun, context());
    expect(error).toMatch(/^<!-- cf-sso-guard:report -->\n### ⚠️ cf-sso-guard: Could not decide/);
    expect(error).toContain('HTTP 403');
  });

  it('counts per verdict, lists every connector collapsed, states provenance, and its counts agree', () => {
    const md = FORMATTERS.markdown.render(driftRun, context());
    const counts = driftRun.summary.checks;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(md).toContain(`| ${total} | ${counts.compliant} | ${counts.drift} | ${counts.waived} | ${counts.unverifiable} | ${counts.not_checked} |`);
    expect(counts.compliant).toBeGreaterThan(0);
    const list = md.slice(md.indexOf('<summary>Every connector checked'));
    expect(list).toMatch(new RegExp(`^<summary>Every connector checked \\(${total} connectors\\)</summary>`));
    expect(list.split('\n').filter((line) => line.startsWith('- ')).length).toBe(total);
    expect(list).toMatch(/✅ \*\*compliant\*\* [^\n]*connector/);
    // One count of findings everywhere: the summary line and the details heading agree.
    const unwaived = driftRun.findings.filter((f) => !f.waived).length;
    expect(md).toContain(`${unwaived} findings (`);
    expect(md).toContain(`<summary>Details and remediation (${unwaived} findings, 0 waived)</summary>`);
    const waived = FORMATTERS.markdown.render(waiversRun, context());
    expect(waived).toContain(`${waiversRun.findings.length - 1} findings (`);
    expect(waived).toContain(`<summary>Details and remediation (${waiversRun.findings.length - 1} findings, 1 waived)</summary>`);
    const provenance = md.slice(md.indexOf('<summary>Provenance</summary>'));
    for (const fact of ['v22.0.0', 'cf-sso-guard check --format json', '2026-11-28T12:00:00.000Z', 'Fails on | error and above', driftRun.desiredState.sha256, 'https:<!-- -->//api.cloudflare.com/client/v4']) {
      expect(provenance).toContain(fact);
    }
  });

  it('lists every finding in the table, waived ones last and marked (sizes.test.ts pins the limit)', () => {
    const report = makeReport({ accounts: driftRun.accounts, findings: manyFindings(57, 'error') });
    const md = FORMATTERS.markdown.render(report, context());
    expect(md.split('\n').filter((line) => line.startsWith('| 🔴'))).toHaveLength(57);
    expect(md).not.toContain('more finding');
    const rows = FORMATTERS.markdown.render(waiversRun, context()).split('\n').filter((line) => line.startsWith('| ') && line.includes('`CFSSO'));
    expect(rows).toHaveLength(waiversRun.findings.length);
    expect(rows.at(-1)).toMatch(/^\| ⚪ waived error \| `CFSSO005` \|/);
  });
});

describe('sarif', () => {
  const render = (report: Report, overrides = {}) => JSON.parse(FORMATTERS.sarif.render(report, context(overrides)));

  it('lists every rule with GitHub metadata and points ruleIndex at the rule', () => {
    const run = render(driftRun).runs[0];
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(RULES.map((rule) => rule.id)).toContain('CFSSO010');
    const byId = (id: string) => run.tool.driver.rules.find((rule: { id: string }) => rule.id === id);
    expect(byId('CFSSO001').properties['security-severity']).toBe('8.0');
    expect(byId('CFSSO008').properties['security-severity']).toBe('5.0');
    expect(byId('CFSSO009').defaultConfiguration.level).toBe('note');
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(run.automationDetails.id).toBe('cf-sso-guard/');
    expect(render({ ...driftRun, shard: { index: 2, count: 4, accounts: [PROD] } }).runs[0].automationDetails.id).toBe('cf-sso-guard/shard-2-of-4/');
    const merged = render({ ...driftRun, provenance: { ...driftRun.provenance, commandLine: ['merge', 'a.json', 'b.json'] } });
    expect(merged.runs).toHaveLength(1);
    expect(merged.runs[0].automationDetails.id).toBe('cf-sso-guard/merged/');
    const plan = { path: 'plan.json', sha256: 'a'.repeat(64), formatVersion: '1.2', live: false };
    expect(render({ ...driftRun, provenance: { ...driftRun.provenance, terraformPlan: plan } }).runs[0].automationDetails.id).toBe('cf-sso-guard/terraform-plan/');
    expect(run.invocations[0].executionSuccessful).toBe(true);
  });

  it('fingerprints rule + account + normalised domain + property: not the line, the order or the wording', () => {
    const moved = makeReport({ accounts: driftRun.accounts, findings: [{ ...DRIFT_FINDINGS[3], location: { file: 'sso-connectors.yaml', line: 99, column: 3 } }] });
    const before = render(makeReport({ accounts: driftRun.accounts, findings: [DRIFT_FINDINGS[3]] })).runs[0].results[0];
    const after = render(moved).runs[0].results[0];
    expect(after.locations[0].physicalLocation.region.startLine).toBe(99);
    expect(after.partialFingerprints).toEqual(before.partialFingerprints);
    const key = { ruleId: 'CFSSO004', kind: 'enabled_mismatch' as const, accountId: PROD, emailDomain: 'corp.example.com' };
    expect(fingerprint(key)).not.toBe(fingerprint({ ...key, accountId: STAGING }));
    expect(fingerprint(key)).not.toBe(fingerprint({ ...key, ruleId: 'CFSSO006', kind: 'fedramp_mismatch' }));
    expect(fingerprint({ ...key, emailDomain: 'Corp.Example.COM.' })).toBe(fingerprint(key));
    // Re-ordered and reworded: each finding keeps its fingerprint.
    const fingerprints = (report: Report) =>
      Object.fromEntries(render(report).runs[0].results.map((r: { ruleId: string; properties: { emailDomain: string }; partialFingerprints: object }) => [`${r.ruleId} ${r.properties.emailDomain}`, r.partialFingerprints]));
    const reworded = DRIFT_FINDINGS.map((f) => ({ ...f, message: `${f.message} (now worded differently)` })).reverse();
    expect(fingerprints(makeReport({ accounts: driftRun.accounts, findings: reworded }))).toEqual(fingerprints(driftRun));
    expect(new Set(Object.values(fingerprints(driftRun)).map((f) => JSON.stringify(f))).size).toBe(DRIFT_FINDINGS.length);
  });

  it('gives every result a repo-relative location, the file start when the finding has none', () => {
    const run = render(driftRun, { repoRoot: '/repo', cwd: '/repo/infra' }).runs[0];
    for (const result of run.results) {
      expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'infra/sso-connectors.yaml', uriBaseId: '%SRCROOT%' });
    }
    const unexpected = run.results.find((result: { ruleId: string }) => result.ruleId === 'CFSSO002');
    expect(unexpected.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 1 });
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///repo/');
  });

  it('suppresses waived findings with the waiver reason', () => {
    const results = render(waiversRun).runs[0].results;
    const waived = results.filter((result: { suppressions?: unknown }) => result.suppressions !== undefined);
    expect(waived).toHaveLength(1);
    expect(waived[0].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: expect.stringContaining('DNS cut-over, change CHG-1234') }]);
  });

  it('carries the provenance in the invocation', () => {
    const invocation = render(driftRun).runs[0].invocations[0];
    expect(invocation.commandLine).toBe('cf-sso-guard check --format json');
    expect(invocation.arguments).toEqual(['check', '--format', 'json']);
    expect(invocation.properties).toMatchObject({
      toolVersion: '0.1.0',
      nodeVersion: 'v22.0.0',
      asOf: '2026-11-28',
      failOn: 'error',
      desiredStateSha256: driftRun.desiredState.sha256,
      apiBaseUrl: 'https://api.cloudflare.com/client/v4',
    });
    expect(invocation.properties.accounts.map((a: { id: string }) => a.id)).toEqual([PROD, STAGING]);
  });

  it('marks the invocation unsuccessful when an account could not be read', () => {
    const invocation = render(errorRun).runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toHaveLength(1);
    expect(invocation.toolExecutionNotifications[0].message.text).toContain('HTTP 403');
  });
});

describe('junit', () => {
  const render = (report: Report, overrides = {}) => FORMATTERS.junit.render(report, context(overrides));

  it('has a suite per account and a test per connector check, its outcome following the verdict', () => {
    const xml = render(driftRun);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    const tests = (xml.match(/<testcase /g) ?? []).length;
    const checks = driftRun.accounts.reduce((n, a) => n + a.checks.length, 0);
    expect(tests).toBe(checks + driftRun.waivers.length);
    expect(xml).toContain('<testcase name="corp.example.com · c0ffee03" classname="production (023e105f4ecef8ad9ca31a8372d0c353)" time="0">');
    expect(xml).toContain('<failure type="CFSSO004"');
    // A connector that was never found, and a compliant one with what was compared as evidence.
    expect(xml).toContain('<testcase name="missing.example.com · no live connector"');
    expect(xml).toMatch(/<testcase name="legacy\.example\.com · live-legacy\.example\.com"[^>]*>\s*<system-out>verdict: compliant\ndeclared: present\nstate: expected present, got present \(pass, CFSSO001\)/);
    // Every drift verdict fails (all its findings are errors); the expired waiver is a warning, which is not drift.
    const drift = driftRun.accounts.flatMap((a) => a.checks).filter((c) => c.verdict === 'drift').length;
    expect(xml).toMatch(new RegExp(`<testsuites name="cf-sso-guard" tests="${tests}" failures="${drift}" errors="0"`));
    expect(xml).toMatch(/<testcase name="waiver legacy\.example\.com · fedramp_mismatch"[^>]*>\s*<system-out>state: expired[\s\S]*?warning \(not drift\)/);
  });

  it('carries the provenance in each suite\'s properties', () => {
    const xml = render(driftRun);
    for (const [name, value] of [
      ['toolVersion', '0.1.0'],
      ['nodeVersion', 'v22.0.0'],
      ['commandLine', 'cf-sso-guard check --format json'],
      ['generatedAt', '2026-11-28T12:00:00.000Z'],
      ['asOf', '2026-11-28'],
      ['failOn', 'error'],
      ['desiredStateSha256', driftRun.desiredState.sha256],
      ['apiBaseUrl', 'https://api.cloudflare.com/client/v4'],
    ]) {
      expect(xml.match(new RegExp(`<property name="${name}" value="${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"/>`, 'g')), name).toHaveLength(2);
    }
  });

  it('skips waived connectors with the reason, errors an unverifiable one and an account that could not be read', () => {
    expect(render(waiversRun)).toMatch(/<testcase name="staging\.example\.com · c0ffee04"[^>]*>\s*<skipped type="CFSSO005" message="waived until 2027-01-31 by security@example.com: DNS cut-over, change CHG-1234">/);
    const xml = render(errorRun);
    expect(xml).toMatch(/<testcase name="read live inventory" classname="broken \(f{32}\)" time="0">\s*<error type="account_error" message="HTTP 403/);
    const blind = makeReport({
      accounts: driftRun.accounts,
      findings: [{ ...DRIFT_FINDINGS[5], ruleId: 'CFSSO010', kind: 'unverifiable', expected: 'true', actual: 'use_fedramp_language not reported', message: 'could not check use_fedramp_language' }],
    });
    expect(render(blind)).toMatch(/<testcase name="gov\.example\.com · c0ffee05"[^>]*>\s*<error type="CFSSO010" message="could not check use_fedramp_language">/);
  });

  it('the failures are the findings, not the gate: --fail-on changes neither them nor the status, only the gate property', () => {
    const drift = driftRun.accounts.flatMap((a) => a.checks).filter((c) => c.verdict === 'drift').length;
    for (const [failOn, gate] of [['never', 'gate passed (fail-on never), exit 0'], ['warning', 'gate failed (fail-on warning), exit 1'], ['error', 'gate failed (fail-on error), exit 1']] as const) {
      const xml = render(decide({ ...driftRun, failOn }));
      expect(xml, failOn).toMatch(new RegExp(`<testsuites name="cf-sso-guard" tests="\\d+" failures="${drift}"`));
      expect(xml, failOn).toContain('<property name="runStatus" value="drift"/>');
      expect(xml, failOn).toContain(`<property name="gate" value="${gate}"/>`);
    }
  });

  it('escapes markup and strips characters XML 1.0 forbids', async () => {
    const report = makeReport({
      accounts: driftRun.accounts,
      findings: [{ ...DRIFT_FINDINGS[3], emailDomain: 'a<b>&"c\'.example.com', message: `bell\u0007 nul\u0000 ]]> ${SCRIPT_PAYLOAD}\nnext`, actual: '\uFFFF\uD800' }],
    });
    const xml = render(report);
    expect(xml).toContain('name="a&lt;b&gt;&amp;&quot;c\'.example.com · c0ffee03"');
    expect(xml).not.toMatch(/[\u0000-\u0008\uFFFF]/);
    expect(xml).not.toContain('<script');
    // Control characters and the newline from outside are shown escaped (the one sanitiser), then XML-escaped.
    expect(xml).toContain('message="error in production (023e105f4ecef8ad9ca31a8372d0c353): bell\\u0007 nul\\u0000 ]]&gt; &lt;script&gt;window.__pwned=1&lt;/script&gt;\\u000anext"');
    const lint = await validateJunit(xml, 'escaped.xml');
    expect(lint.errors).toEqual([]);
    expect(lint.valid).toBe(true);
  });
});

describe('html (static checks; the browser test opens it)', () => {
  it('the connector matrix has a column for each property the checks compare: a new one needs no HTML edit', () => {
    const plain = FORMATTERS.html.render(driftRun, context());
    expect(plain).not.toContain('>exclusive<');
    const [first, ...rest] = driftRun.accounts;
    const item = first.checks[0];
    const exclusive = { property: 'exclusive' as const, ruleId: 'CFSSO011', expected: 'only account', actual: 'also enabled in another', result: 'fail' as const };
    const withNew = { ...driftRun, accounts: [{ ...first, checks: [{ ...item, checks: [...item.checks, exclusive] }, ...first.checks.slice(1)] }, ...rest] };
    const html = FORMATTERS.html.render(withNew, context());
    expect(html).toMatch(/<th title="[^"]*CFSSO011[^"]*">[^<]*exclusive/);
    expect(html).toContain('title="CFSSO011 exclusive: expected only account, got also enabled in another (fail)"');
  });

  it('escapes every user string and keeps the strict CSP, no scripts, no external references', () => {
    const { report } = hostileRun();
    const html = FORMATTERS.html.render(report, context());
    expect(html).not.toContain(SCRIPT_PAYLOAD);
    expect(html).not.toContain(IMG_PAYLOAD);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">`);
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
  });

  it('lists waivers in force, expired and unused, and the exact TXT record', () => {
    // <wbr>: where a long address or path may wrap on paper (never inside an id or domain label).
    const html = FORMATTERS.html.render(waiversRun, context()).replace(/<wbr>/g, '');
    const section = html.slice(html.indexOf('id="waivers"'));
    const inForce = section.slice(section.indexOf('In force'), section.indexOf('Expired'));
    const expired = section.slice(section.indexOf('Expired'), section.indexOf('Unused'));
    const unused = section.slice(section.indexOf('Unused'));
    expect(inForce).toContain('DNS cut-over, change CHG-1234');
    expect(inForce).toContain('security@example.com');
    expect(expired).toContain('Legacy tenant, retiring');
    expect(unused).toContain('Pilot rollout');
    expect(html).toContain('with the value &quot;cloudflare_dashboard_sso=1234567&quot;');
    expect(html).toContain('a3f1c0de9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817065f4e');
  });

  it('says "could not decide" for an account in error', () => {
    const html = FORMATTERS.html.render(errorRun, context());
    expect(html).toContain('class="verdict verdict-error"');
    expect(html).toContain('Could not decide');
    expect(html).not.toContain('class="verdict verdict-compliant"');
    expect(html).not.toMatch(/<strong>Compliant<\/strong>/);
  });
});
