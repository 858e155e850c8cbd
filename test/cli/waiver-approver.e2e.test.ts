// A waiver names who approved it: `validate` (a process) refuses one without approved_by, at the waiver's
// file:line:column, with exit 2; approved_on is a day, never after expires.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

const HEAD = 'version: 1\naccounts:\n  - id: 023e105f4ecef8ad9ca31a8372d0c353\n    connectors:\n      - email_domain: example.com\nwaivers:\n  - account: 023e105f4ecef8ad9ca31a8372d0c353\n    email_domain: example.com\n    kind: missing\n    reason: migration\n';

describe('validate: waivers name their approver', () => {
  it('a waiver without approved_by is invalid, at its line and column (exit 2)', async () => {
    const result = await runCli(['validate', '-c', '-'], { input: `${HEAD}    expires: 2027-01-31\n` });
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toContain('<stdin>:7:5: waivers[0]: missing required key "approved_by"');
  });

  it('approved_by with an approved_on day is valid; approved_on after expires is not', async () => {
    const valid = await runCli(['validate', '-c', '-'], { input: `${HEAD}    approved_by: security@example.com\n    approved_on: 2026-11-20\n    expires: 2027-01-31\n` });
    expect(valid.code, valid.stderr).toBe(0);
    const late = await runCli(['validate', '-c', '-'], { input: `${HEAD}    approved_by: security@example.com\n    approved_on: 2027-02-01\n    expires: 2027-01-31\n` });
    expect(late.code).toBe(2);
    expect(late.stderr + late.stdout).toContain('<stdin>:12:18: waivers[0].approved_on: approved_on 2027-02-01 is after expires 2027-01-31');
  });
});
