// Issue 19 item 4: each report target is rendered and written on its own, so one that fails does not
// lose the others' files, and the failure is still "could not decide" (a UsageError: exit 2).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTargets } from '../../src/cli/report-output';
import { UsageError } from '../../src/cli/errors';
import { context, driftRun } from '../report/fixtures';

describe('writeTargets', () => {
  it('a target that cannot be written does not stop the ones after it; the failure names it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-sso-guard-targets-'));
    writeFileSync(join(dir, 'not-a-dir'), '');
    const broken = join(dir, 'not-a-dir', 'report.sarif');
    const json = join(dir, 'report.json');
    const csv = join(dir, 'report.csv');
    let thrown: unknown;
    try {
      writeTargets(driftRun, [{ format: 'sarif', path: broken }, { format: 'json', path: json }, { format: 'csv', path: csv }], () => context());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toContain(broken);
    expect(JSON.parse(readFileSync(json, 'utf8')).status).toBe(driftRun.status);
    expect(existsSync(csv)).toBe(true);
  });
});
