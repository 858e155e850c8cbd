// Reports at organisation size fit where they go: the markdown within GitHub's comment limit (naming every
// finding), SARIF within code scanning's per-run limit. Runs come from the real engine (large-runs.ts).
import { describe, expect, it } from 'vitest';
import { FORMATTERS } from '../../src/report';
import { MAX_MARKDOWN_CHARS } from '../../src/report/markdown';
import { context } from './fixtures';
import { largeRun } from './large-runs';

describe('markdown within GitHub\'s comment limit', () => {
  it('a 40 accounts × 25 connectors drift run (8 drifted) fits and names every finding, passing connectors cut with a count', () => {
    const report = largeRun({ accounts: 40, perAccount: 25, drifted: 8 });
    expect(report.findings).toHaveLength(8);
    const md = FORMATTERS.markdown.render(report, context());
    expect(md.length).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS);
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
    expect(md.length).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS);
    expect(md.split('\n').filter((line) => line.startsWith('| 🔴 error |'))).toHaveLength(300);
    expect(md).not.toContain('more findings**');
    expect(md).toMatch(/- …and details of \d+ more findings in the full report/);
  });

  it('a huge run: the findings list is cut with a count and the full report named, still within the limit', () => {
    const report = largeRun({ accounts: 100, perAccount: 50, drifted: 5000 });
    const md = FORMATTERS.markdown.render(report, context());
    expect(md.length).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS);
    const rows = md.split('\n').filter((line) => line.startsWith('| 🔴 error |')).length;
    expect(rows).toBeGreaterThan(100);
    expect(md).toContain(`**…and ${5000 - rows} more findings**, listed in the full report`);
    expect(md).toMatch(/^### ❌ cf-sso-guard: Drift$/m);
    expect(md).toContain('5000 findings (5000 errors');
    expect(md).toContain('<summary>Provenance</summary>');
    expect(md).toContain(report.desiredState.sha256);
  });
});
