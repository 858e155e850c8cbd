// Reports at organisation size fit where they go: the markdown within GitHub's comment limit (naming every
// finding), SARIF within code scanning's per-run limit. Runs come from the real engine (large-runs.ts).
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { FORMATTERS } from '../../src/report';
import { MAX_MARKDOWN_CHARS } from '../../src/report/markdown';
import { MAX_SARIF_RESULTS } from '../../src/report/sarif';
import { readConsumerSchema } from '../support/consumer-schemas';
import { context } from './fixtures';
import { largeRun } from './large-runs';

describe('markdown within GitHub\'s comment limit', () => {
  it('a 40 accounts × 25 connectors drift run (8 drifted) fits and names every finding, passing connectors cut with a count', () => {
    const report = largeRun({ accounts: 40, perAccount: 25, drifted: 8 });
    expect(report.findings).toHaveLength(8);
    const md = FORMATTERS.markdown.render(report, context());
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS); // bytes >= characters, however counted
    const rows = md.split('\n').filter((line) => line.startsWith('| 🔴 error |'));
    for (const finding of report.findings) {
      expect(rows.filter((row) => row.includes(`| \`${finding.ruleId}\` |`) && row.includes(finding.accountId) && row.includes(`| ${finding.emailDomain} |`))).toHaveLength(1);
    }
    // Summary and findings come before the collapsed connector list; the list is cut with a count.
    expect(md.indexOf('| Severity | Rule |')).toBeLessThan(md.indexOf('<summary>Every connector checked (1000 connectors)</summary>'));
    const more = /- …(\d+) more connectors in the full report/.exec(md);
    expect(more).not.toBeNull();
    const listed = md.split('\n').filter((line) => /^- (✅|❌)/.test(line)).length;
    expect(listed + Number(more?.[1])).toBe(1000);
    // Drifted connectors are listed before passing ones.
    expect(md.indexOf('❌ **drift**')).toBeLessThan(md.indexOf('✅ **compliant**'));
    expect(md).toContain('<summary>Provenance</summary>');
    // Deterministic: the same run gives the same cut.
    expect(FORMATTERS.markdown.render(report, context())).toBe(md);
  });

  it('keeps every finding over the connector list and details, and cuts the findings only when they alone exceed the budget', () => {
    const report = largeRun({ accounts: 40, perAccount: 25, drifted: 300 });
    const md = FORMATTERS.markdown.render(report, context());
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS); // bytes >= characters, however counted
    expect(md.split('\n').filter((line) => line.startsWith('| 🔴 error |'))).toHaveLength(300);
    expect(md).not.toContain('more findings**');
    expect(md).toMatch(/- …and details of \d+ more findings in the full report/);
  });

  it.each([
    [1, 1, 1],
    [3, 400, 0],
    [30, 40, 100],
    [200, 5, 900],
  ])('never over the limit, whatever the mix (%i accounts × %i connectors, %i drifted, names in CJK and emoji)', (accounts, perAccount, drifted) => {
    const report = largeRun({ accounts, perAccount, drifted });
    report.accounts = report.accounts.map((account, i) => ({ ...account, name: `${'本番環境🚀'.repeat(4)}-${i}` }));
    const md = FORMATTERS.markdown.render(report, context());
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS);
    const rows = md.split('\n').filter((line) => line.startsWith('| 🔴 error |')).length;
    const cut = /\*\*…and (\d+) more findings?\*\*/.exec(md);
    expect(rows + Number(cut?.[1] ?? 0)).toBe(drifted);
  });

  it('a command line of a thousand --account flags is clipped in the provenance, not over the limit', () => {
    const report = largeRun({ accounts: 40, perAccount: 25, drifted: 8 });
    report.provenance = { ...report.provenance, commandLine: ['check', ...Array.from({ length: 1000 }, (_, i) => ['--account', i.toString(16).padStart(32, '0')]).flat()] };
    const md = FORMATTERS.markdown.render(report, context());
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS);
    expect(md).toMatch(/\| Command line \| cf-sso-guard check --account 0+ [^\n]*… \\\(\d+ more characters in the full report\\\) \|/);
    // Escaping cannot swell a fact past its bound either: a path of 10,000 @ signs (each neutralised as @<!-- -->).
    const swollen = FORMATTERS.markdown.render({ ...report, desiredState: { ...report.desiredState, path: '@'.repeat(10_000) } }, context());
    expect(Buffer.byteLength(swollen, 'utf8')).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS);
    expect(swollen).toMatch(/\| Desired-state file \| (@<!-- -->)+… \\\(\d+ more characters in the full report\\\) \|/);
  });

  it('a huge run: the findings list is cut with a count and the full report named, still within the limit', () => {
    const report = largeRun({ accounts: 100, perAccount: 50, drifted: 5000 });
    const md = FORMATTERS.markdown.render(report, context());
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS); // bytes >= characters, however counted
    const rows = md.split('\n').filter((line) => line.startsWith('| 🔴 error |')).length;
    expect(rows).toBeGreaterThan(100);
    expect(md).toContain(`**…and ${5000 - rows} more findings**, listed in the full report`);
    expect(md).toMatch(/^### ❌ cf-sso-guard: Drift$/m);
    expect(md).toContain('5000 findings (5000 errors');
    expect(md).toContain('<summary>Provenance</summary>');
    expect(md).toContain(report.desiredState.sha256);
  });
});

describe('SARIF within code scanning\'s limits', () => {
  const validate = (() => {
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv);
    return ajv.compile(JSON.parse(readConsumerSchema('sarif-schema-2.1.0.json')));
  })();

  it('6,000 findings: one run of at most 5,000 results, highest severity first, the rest counted, valid SARIF', () => {
    const report = largeRun({ accounts: 60, perAccount: 100, drifted: 6000 });
    // A few lower-severity findings that must be the ones left out.
    report.findings = [...report.findings.slice(0, 10).map((f) => ({ ...f, severity: 'note' as const })), ...report.findings.slice(10)];
    expect(report.findings).toHaveLength(6000);
    const sarif = JSON.parse(FORMATTERS.sarif.render(report, context({ repoRoot: '/repo', cwd: '/repo' })));
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0];
    expect(run.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(run.results.every((result: { level: string }) => result.level === 'error')).toBe(true);
    expect(run.properties).toMatchObject({ resultsTotal: 6000, resultsOmitted: 1000 });
    const notice = run.invocations[0].toolExecutionNotifications.find((n: { descriptor: { id: string } }) => n.descriptor.id === 'results-omitted');
    expect(notice.message.text).toMatch(/^1000 of 6000 results left out \(990 error, 0 warning, 10 note\)/);
    expect(run.automationDetails.id).toBe('cf-sso-guard/');
    expect(new Set(run.results.map((result: { partialFingerprints: { primaryLocationLineHash: string } }) => result.partialFingerprints.primaryLocationLineHash)).size).toBe(MAX_SARIF_RESULTS);
  });

  it('a run within the limit leaves nothing out and says so', () => {
    const run = JSON.parse(FORMATTERS.sarif.render(largeRun({ accounts: 4, perAccount: 5, drifted: 7 }), context())).runs[0];
    expect(run.results).toHaveLength(7);
    expect(run.properties).toMatchObject({ resultsTotal: 7, resultsOmitted: 0 });
    expect(run.invocations[0].toolExecutionNotifications).toEqual([]);
  });
});
