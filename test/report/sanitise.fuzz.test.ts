// Issue 14 "Done when": random strings with control, C1, bidi and workflow-command characters, put in every
// place a string from outside can sit, through every output format. None may reach the output raw, start a
// line, or (markdown) mention anyone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, FORMATTERS } from '../../src/report';
import { cleanText } from '../../src/core/text';
import { DesiredStateError, formatDesiredStateError } from '../../src/desired';
import type { Finding, Report, Waiver } from '../../src/core/types';
import { BROKEN, PROD, context, makeReport } from './fixtures';

/** Pieces a hostile string is made of. */
const PIECES = [
  '\n', '\r', '\r\n', '\t', '\u0000', '\u0007', '\u001b', '\u001b[2J', '\u001b]0;title\u0007', '\u007f', '\u0085', '\u009b', '\u009d',
  '\u202e', '\u202a', '\u2066', '\u2069', '\u200e', '\u200f', '\u061c', '\u2028', '\u2029',
  '::', '::error::PWNED', '::stop-commands::tok', '::add-mask::x', '%0A', '%', ',', ':',
  '@admin', '@', '✔ Compliant', '#', '|', '`', '<', '&', '"', "'", '=', '-', ' ', 'a', 'example.com', 'ü',
  // Issue 19: references, links and math GitHub would render live; lone UTF-16 surrogates (and a pair, split or whole).
  '#123', 'GH-7', 'gh-8', 'owner/repo#9', 'https://evil.example/x', 'HTTP://evil.example', 'www.evil.example', 'WWW.', '$', '$x$', '$$', '9',
  '\ud800', '\udfff', '\ud83d', '\ude00', '\ud83d\ude00', '/',
];
const hostile = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

/** Raw characters that must never appear in any output (CR only as part of CRLF). */
const RAW = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|\r(?!\n)|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const GITHUB_COMMAND = /^::(error|warning|notice)(?: [a-z]+=[^:,\r\n]*(?:,[a-z]+=[^:,\r\n]*)*)?::/;

function reportWith(s: string[]): { report: Report; waivers: Waiver[] } {
  const location = { file: `dir/${s[0]}.yaml`, line: 3, column: 5 };
  const finding = (kind: Finding['kind'], ruleId: string, i: number, waived = false): Finding => ({
    ruleId,
    kind,
    severity: 'error',
    accountId: PROD,
    emailDomain: s[i % s.length],
    connectorId: s[(i + 1) % s.length],
    expected: s[(i + 2) % s.length],
    actual: s[(i + 3) % s.length],
    message: s[(i + 4) % s.length],
    remediation: s[(i + 5) % s.length],
    location,
    waived,
    ...(waived ? { waiver: { reason: s[(i + 6) % s.length], expires: '2099-01-01', by: s[(i + 7) % s.length] } } : {}),
  });
  const report = makeReport({
    accounts: [
      { id: PROD, name: s[1 % s.length], status: 'ok', connectors: 2 },
      { id: BROKEN, name: s[2 % s.length], status: 'error', error: s[3 % s.length], connectors: 0 },
    ],
    findings: [finding('enabled_mismatch', 'CFSSO004', 0), finding('verification_mismatch', 'CFSSO005', 1, true), finding('unexpected', 'CFSSO002', 2)],
    desiredState: { path: s[4 % s.length], sha256: 'a'.repeat(64) },
    // Issue 19: the API URL and the command line come from outside too (environment, argv).
    source: { kind: 'api', location: `https://api.example/${s[5 % s.length]}` },
    provenance: { node: 'v22.0.0', commandLine: ['check', '-c', s[6 % s.length], '--account', s[7 % s.length]] },
  });
  const waivers: Waiver[] = [{ accountId: PROD, emailDomain: s[0], kind: 'verification_mismatch', reason: s[5 % s.length], approvedBy: s[6 % s.length], expires: '2099-01-01', location }];
  return { report, waivers };
}

function expectInert(format: string, output: string): void {
  const raw = RAW.exec(output);
  expect(raw, `${format}: raw U+${raw?.[0].charCodeAt(0).toString(16)} in output`).toBeNull();
  for (const line of output.split(/\r?\n/)) {
    const start = line.trimStart();
    if (format === 'github') {
      if (start !== '') expect(start, `github: a line that is not one of our commands`).toMatch(GITHUB_COMMAND);
    } else {
      expect(start.startsWith('::'), `${format}: a line starts with a workflow command: ${line}`).toBe(false);
    }
    expect(start.startsWith('✔ Compliant'), `${format}: a forged verdict line: ${line}`).toBe(false);
  }
  if (format === 'markdown') expect(liveGitHubReferences(output), 'markdown: a live reference, link or math').toEqual([]);
}

/**
 * What GitHub would turn into a mention, reference, link or math in rendered markdown: it scans each text
 * node, so the text is cut at HTML comments and tags, Markdown's backslash escapes and entities are undone
 * (they are gone once rendered), and each piece is searched. Our own markup has none of these.
 */
export function liveGitHubReferences(markdown: string): string[] {
  const found: string[] = [];
  for (const piece of markdown.split(/<!--[\s\S]*?-->|<[^>]*>/)) {
    const text = piece.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const live = [/@[A-Za-z0-9]/, /#\d/, /\bGH-\d/i, /[A-Za-z][A-Za-z0-9+.-]*:\/\//, /\bwww\./i, /\$[^$]*\$/];
    for (const pattern of live) {
      const match = pattern.exec(text);
      if (match) found.push(`${match[0]} in ${JSON.stringify(piece)}`);
    }
  }
  return found;
}

describe('every output format keeps strings from outside inert (fuzz)', () => {
  // One test per format (each its own 150 runs): on a slow, busy machine no single test nears the timeout.
  it.each(FORMAT_NAMES)('%s: no raw control/C1/bidi character or lone surrogate, no line started by a string from outside, no live reference', (format) => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 8, maxLength: 8 }), (strings) => {
        const { report } = reportWith(strings);
        expectInert(format, FORMATTERS[format].render(report, context({ color: false })));
      }),
      { numRuns: 150 },
    );
  });

  it('desired-state errors on stderr too (file text, keys and values quoted in messages)', () => {
    fc.assert(
      fc.property(hostile, hostile, (message, source) => {
        const error = new DesiredStateError([{ file: 'sso.yaml', line: 1, column: 1, path: `accounts[0].${message}`, message, hint: message }], source);
        expectInert('stderr', formatDesiredStateError(error, { color: false }));
      }),
      { numRuns: 200 },
    );
  });

  it('the sanitiser shows what it escaped: nothing is dropped silently', () => {
    expect(cleanText('a\u001b[2Jb\u202ec\nd')).toBe('a\\u001b[2Jb\\u202ec\\u000ad');
    expect(cleanText('x\ud800y\udc00z\ud83d\ude00')).toBe('x\\ud800y\\udc00z\ud83d\ude00');
  });

  it('markdown: each reference, link and math form the review found renders inert', () => {
    const forms = ['#123', 'GH-7', 'owner/repo#9', 'https://evil.example/login', 'www.evil.example', '$x^2$', '$$\\sum$$', '@team', 'me@evil.example'];
    for (const form of forms) {
      expect(liveGitHubReferences(form), `the check itself sees ${form}`).not.toEqual([]);
      const { report } = reportWith([form, form, form, form, form, form, form, form]);
      expect(liveGitHubReferences(FORMATTERS.markdown.render(report, context({ color: false }))), form).toEqual([]);
    }
  });
});
