// Strings in reports come from disk (and, before that, from the API and a PR's YAML): in no history format
// may they move the cursor, start a line (a `::error::` workflow command), or break out of HTML.
import { describe, expect, it } from 'vitest';
import { buildHistory, HISTORY_FORMATTERS } from '../../src/history';
import type { Report } from '../../src/core/types';
import { ACCOUNT_A, inventory } from '../rules/fixtures';
import { added, example, reportOn } from './reports';

const EVIL = 'evil\u001b]0;pwned\u0007\n::error::forged\u202e<img src=x onerror=alert(1)>';

function hostile(): Report {
  const report = reportOn('2026-11-01', [inventory(ACCOUNT_A, [example({ enabled: false }), added])]);
  return {
    ...report,
    desiredState: { ...report.desiredState, path: `${EVIL}.yaml` },
    accounts: report.accounts.map((account) => ({ ...account, name: EVIL, checks: account.checks.map((item) => ({ ...item, emailDomain: `${item.emailDomain}${EVIL}` })) })),
  };
}

describe('history of a hostile report', () => {
  const history = buildHistory([{ file: `${EVIL}.json`, report: hostile() }]);

  it('text and markdown: no raw control or bidi character, no line that starts a workflow command', () => {
    for (const name of ['text', 'markdown'] as const) {
      const out = HISTORY_FORMATTERS[name].render(history);
      expect(out, name).toContain('evil');
      expect(out, name).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(out.split('\n').some((line) => line.trimStart().startsWith('::')), name).toBe(false);
    }
  });

  it('a value that starts a line (after the indentation) is no workflow command, nor is a legacy ##[command] anywhere', () => {
    // The runner reads `::command::` after leading spaces, and the legacy `##[command]` anywhere in a line.
    const LEADING = '::error title=forged::the period is compliant ##[stop-commands]stop';
    const report = hostile();
    const named = { ...report, accounts: report.accounts.map((account) => ({ ...account, name: LEADING, checks: account.checks.map((item) => ({ ...item, emailDomain: LEADING })) })) };
    const leading = buildHistory([{ file: 'leading.json', report: named }]);
    for (const name of ['text', 'markdown'] as const) {
      const out = HISTORY_FORMATTERS[name].render(leading);
      expect(out, name).toContain('title=forged');
      expect(out.split('\n').filter((line) => line.trimStart().startsWith('::')), name).toEqual([]);
      expect(out, name).not.toContain('##[');
    }
    // JSON keeps the data exactly (a \u0023 escape is the same '#'), printed to a CI log it starts no command.
    const json = HISTORY_FORMATTERS.json.render(leading);
    expect(json).not.toContain('##[');
    expect(JSON.parse(json).series[0].accounts[0].accountName).toBe(LEADING);
  });

  it('html: the strings are text, never markup; json: the same data, nothing raw for a terminal', () => {
    const html = HISTORY_FORMATTERS.html.render(history);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    const json = HISTORY_FORMATTERS.json.render(history);
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(json).series[0].desiredState).toBe(`${EVIL}.yaml`);
  });
});
