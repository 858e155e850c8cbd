import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DesiredStateError, MAX_DESIRED_STATE_BYTES, loadDesiredStateFile, parseDesiredState } from '../../src/desired';
import { firstInvalidUtf8Offset } from '../../src/desired/source';

const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353';
const MINIMAL = `version: 1\naccounts:\n  - id: ${ACCOUNT}\n    connectors:\n      - email_domain: example.com\n`;

function issuesOf(action: () => unknown): DesiredStateError {
  try {
    action();
  } catch (err) {
    if (err instanceof DesiredStateError) return err;
    throw err;
  }
  throw new Error('expected a DesiredStateError');
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cf-sso-guard-desired-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('robustness', () => {
  it('refuses a file over 5 MiB before parsing it, and names the limit', () => {
    const path = join(dir, 'huge.yaml');
    // Valid YAML all the way (a long comment), so only the size can be the reason.
    writeFileSync(path, MINIMAL + `# ${'x'.repeat(MAX_DESIRED_STATE_BYTES)}\n`);
    const err = issuesOf(() => loadDesiredStateFile(path, 'huge.yaml'));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'huge.yaml', line: 0 });
    expect(err.message).toMatch(/^huge\.yaml: file is too large \(5\.0 MiB\); a desired-state file may be at most 5 MiB$/);
  });

  it('refuses oversized content given as a string too, and accepts a file just under the limit', () => {
    const padding = MAX_DESIRED_STATE_BYTES - Buffer.byteLength(MINIMAL) - 3;
    const justUnder = MINIMAL + `# ${'y'.repeat(padding)}\n`;
    expect(Buffer.byteLength(justUnder)).toBe(MAX_DESIRED_STATE_BYTES);
    expect(parseDesiredState(justUnder, 'under.yaml').accounts).toHaveLength(1);
    const err = issuesOf(() => parseDesiredState(justUnder + '#', 'over.yaml'));
    expect(err.issues[0].message).toContain('file is too large');
  });

  it('says clearly when the file does not exist or is a directory', () => {
    const missing = issuesOf(() => loadDesiredStateFile(join(dir, 'nope.yaml'), 'nope.yaml'));
    expect(missing.message).toBe('nope.yaml: file not found');
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const isDir = issuesOf(() => loadDesiredStateFile(folder, 'a-folder'));
    expect(isDir.message).toBe('a-folder: the desired-state file is a directory, expected a regular file');
  });

  it('does not crash or hang on very deep nesting', () => {
    const deep = `version: 1\naccounts: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    const err = issuesOf(() => parseDesiredState(deep, 'deep.yaml'));
    expect(err.issues.some((issue) => issue.line === 2 && issue.message.includes('nested too deeply'))).toBe(true);
    expect(err.message).not.toMatch(/\n\s+at /);
  });

  it('never executes YAML tags: a !!js/function value is refused and nothing runs', () => {
    const marker = '__cfSsoGuardTagRan';
    const text = MINIMAL.replace('example.com', `!!js/function "function () { globalThis.${marker} = true }"`);
    const err = issuesOf(() => parseDesiredState(text, 'tag.yaml'));
    expect(err.issues.some((issue) => issue.message.includes('unsupported YAML tag !!js/function'))).toBe(true);
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it('reports every problem at once, sorted by position', () => {
    const text = [
      'version: 1',
      'defaults:',
      '  enabled: "true"',
      'accounts:',
      `  - id: ${ACCOUNT.toUpperCase()}`,
      '    unmanaged: sometimes',
      '    connectors:',
      '      - email_domain: example.com',
      '        verificaton: verified',
      '',
    ].join('\n');
    const err = issuesOf(() => parseDesiredState(text, 'many.yaml'));
    expect(err.issues.map((issue) => [issue.line, issue.path])).toEqual([
      [3, 'defaults.enabled'],
      [5, 'accounts[0].id'],
      [6, 'accounts[0].unmanaged'],
      [9, 'accounts[0].connectors[0].verificaton'],
    ]);
    expect(err.issues[3].hint).toBe('did you mean "verification"?');
  });

  it('locates the first invalid UTF-8 byte, including truncated and overlong sequences', () => {
    expect(firstInvalidUtf8Offset(Buffer.from('plain ascii'))).toBe(-1);
    expect(firstInvalidUtf8Offset(Buffer.from('bücher ✓ 𝄞'))).toBe(-1);
    expect(firstInvalidUtf8Offset(Uint8Array.from([0x61, 0xc3]))).toBe(1); // truncated 2-byte sequence
    expect(firstInvalidUtf8Offset(Uint8Array.from([0x61, 0x62, 0xc0, 0xaf]))).toBe(2); // overlong "/"
    expect(firstInvalidUtf8Offset(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0); // UTF-16 surrogate
    const err = issuesOf(() => parseDesiredState(Uint8Array.from([...Buffer.from('version: 1\nacc'), 0xff]), 'bin.yaml'));
    expect(err.issues[0]).toMatchObject({ line: 2, column: 4 });
    expect(err.issues[0].message).toContain('byte 0xFF at byte offset 14');
  });
});
