import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DesiredStateError, loadDesiredStateFile, renderIssue } from '../../src/desired';

const CORPUS = join(__dirname, '..', 'fixtures', 'invalid');

interface Expectation {
  line: number;
  column?: number;
  path?: string;
  /** Every string must appear in one issue's rendered text (message and hint). */
  messageIncludes: string[];
}

const names = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => name.slice(0, -'.yaml'.length))
  .sort();

function loadExpectingError(file: string, displayPath: string): DesiredStateError {
  try {
    loadDesiredStateFile(file, displayPath);
  } catch (err) {
    if (err instanceof DesiredStateError) return err;
    throw err;
  }
  throw new Error(`${displayPath} was accepted but should have been rejected`);
}

describe('invalid desired-state corpus', () => {
  it('has at least 30 cases, each with an expectation', () => {
    expect(names.length).toBeGreaterThanOrEqual(30);
    const expectations = readdirSync(CORPUS).filter((name) => name.endsWith('.expect.json'));
    expect(expectations.map((name) => name.replace('.expect.json', '')).sort()).toEqual(names);
  });

  it.each(names)('%s is rejected at the expected line with the expected message', (name) => {
    const expected = JSON.parse(readFileSync(join(CORPUS, `${name}.expect.json`), 'utf8')) as Expectation;
    const displayPath = `fixtures/${name}.yaml`;
    const err = loadExpectingError(join(CORPUS, `${name}.yaml`), displayPath);

    const matching = err.issues.filter(
      (issue) =>
        issue.line === expected.line &&
        (expected.column === undefined || issue.column === expected.column) &&
        (expected.path === undefined || issue.path === expected.path) &&
        expected.messageIncludes.every((text) => renderIssue(issue).includes(text)),
    );
    expect(matching, `issues were:\n${err.message}`).toHaveLength(1);

    // Every issue names the file as displayed, and the message lists every issue on its own line.
    for (const issue of err.issues) expect(issue.file).toBe(displayPath);
    expect(err.message.split('\n')).toHaveLength(err.issues.length);
    expect(err.message).toContain(`${displayPath}:${expected.line}:`);
    // User mistakes never surface as a stack trace.
    expect(err.message).not.toMatch(/\n\s+at /);
  });
});
