import { describe, expect, it } from 'vitest';
import { DesiredStateError, formatDesiredStateError, parseDesiredState } from '../../src/desired';

const TEXT = [
  'version: 1',
  'accounts:',
  '  - id: 023e105f4ecef8ad9ca31a8372d0c353',
  '    connectors:',
  '      - email_domain: example.com',
  '        enabled: yes',
  '        use_fedramp_langauge: true',
  '',
].join('\n');

function errorFor(text: string): DesiredStateError {
  try {
    parseDesiredState(text, 'sso-connectors.yaml');
  } catch (err) {
    if (err instanceof DesiredStateError) return err;
    throw err;
  }
  throw new Error('expected a DesiredStateError');
}

describe('formatDesiredStateError', () => {
  it('renders the message as file:line:column: path: message (hint), one issue per line', () => {
    expect(errorFor(TEXT).message).toBe(
      [
        'sso-connectors.yaml:6:18: accounts[0].connectors[0].enabled: expected boolean, got string "yes" (write true or false; YAML 1.2 reads yes/no/on/off as strings)',
        'sso-connectors.yaml:7:9: accounts[0].connectors[0].use_fedramp_langauge: unknown key "use_fedramp_langauge" (did you mean "use_fedramp_language"?)',
      ].join('\n'),
    );
  });

  it('without colour: a headline, each issue, and the source line with a caret under the column', () => {
    const text = formatDesiredStateError(errorFor(TEXT), { color: false });
    expect(text).not.toContain('\u001b[');
    const lines = text.split('\n');
    expect(lines[0]).toBe('sso-connectors.yaml is not a valid desired-state file (2 problems):');
    const sourceLine = lines.indexOf('  6 |         enabled: yes');
    expect(sourceLine).toBeGreaterThan(0);
    const caret = lines[sourceLine + 1];
    expect(caret.trimEnd().endsWith('^')).toBe(true);
    expect(lines[sourceLine][caret.length - 1]).toBe('y'); // the caret sits under the offending value
  });

  it('with colour: uses ANSI escapes and keeps the same words', () => {
    const err = errorFor(TEXT);
    const coloured = formatDesiredStateError(err, { color: true });
    expect(coloured).toContain('\u001b[');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(formatDesiredStateError(err, { color: false }));
  });

  it('handles whole-file issues that have no position', () => {
    const err = new DesiredStateError([{ file: 'x.yaml', line: 0, column: 0, path: '', message: 'file not found' }]);
    expect(formatDesiredStateError(err, { color: false })).toBe('x.yaml is not a valid desired-state file (1 problem):\n\nx.yaml: file not found\n');
  });
});
