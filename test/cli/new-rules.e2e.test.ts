// CFSSO011 and CFSSO012 through the built CLI as a process: `check --snapshot` over the golden drift
// inputs (one domain enabled in both accounts, one verification pending since weeks before the
// recording), and `validate` refusing a file that enables one domain in two accounts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/types';
import { REPO_ROOT, runCli } from '../support/cli';

const GOLDEN = join(REPO_ROOT, 'test', 'fixtures', 'golden');
const INVALID = join(REPO_ROOT, 'test', 'fixtures', 'invalid');
const PRODUCTION = '023e105f4ecef8ad9ca31a8372d0c353';
const STAGING = '7f1c2b3a4d5e6f708192a3b4c5d6e7f8';
const ENV = { NO_COLOR: '1' };

describe('CFSSO011 and CFSSO012 from the command line', () => {
  it('check --snapshot reports the conflict in both accounts and the stalled verification, with the TXT record and the call', async () => {
    const args = ['check', '-c', join(GOLDEN, 'drift.yaml'), '--snapshot', join(GOLDEN, 'drift.snapshot.json')];
    const json = await runCli([...args, '--format', 'json'], { env: ENV });
    expect(json.code, json.stderr).toBe(1);
    const report = JSON.parse(json.stdout) as Report;
    const ours = report.findings.filter((finding) => finding.ruleId === 'CFSSO011' || finding.ruleId === 'CFSSO012');
    expect(ours.map((finding) => [finding.ruleId, finding.severity, finding.accountId, finding.emailDomain, finding.connectorId])).toEqual([
      ['CFSSO011', 'error', PRODUCTION, 'rogue.example.net', 'c0ffee01'],
      ['CFSSO011', 'error', STAGING, 'rogue.example.net', 'c0ffee09'],
      ['CFSSO012', 'warning', STAGING, 'staging.example.com', 'c0ffee04'],
    ]);
    expect(ours[2].message).toContain('"cloudflare_dashboard_sso=c0ffee04"');
    expect(ours[2].message).toContain(`POST /accounts/${STAGING}/sso_connectors/c0ffee04/begin_verification`);

    // The text a terminal shows, and SARIF rules for both.
    const text = await runCli(args, { env: ENV });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/✖ CFSSO011 rogue\.example\.net/);
    expect(text.stdout).toMatch(/⚠ CFSSO012 staging\.example\.com/);
    const sarif = await runCli([...args, '--format', 'sarif'], { env: ENV });
    const rules = (JSON.parse(sarif.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } } }> }).runs[0].tool.driver.rules;
    expect(rules.map((rule) => rule.id)).toEqual(expect.arrayContaining(['CFSSO011', 'CFSSO012']));
  });

  it('validate refuses one domain enabled in two accounts, naming both places, exit 2', async () => {
    const file = join(INVALID, 'domain-enabled-through-defaults.yaml');
    const result = await runCli(['validate', '-c', file], { env: ENV });
    expect(result.code).toBe(2);
    const output = result.stdout + result.stderr;
    expect(output).toContain(`${file}:13:23`);
    expect(output).toContain(`${file}:7:23`);
    expect(output).toContain('CFSSO011');
    expect(output).not.toMatch(/\n\s+at /);
  });
});
