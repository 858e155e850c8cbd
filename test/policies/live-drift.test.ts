// sso-connectors-live-drift against the API emulator, through the real cloudflare SDK inside the
// pack process: it reports the same findings as `cf-sso-guard check`, says "could not decide" when
// the live state cannot be read, and never shows the API token.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedFile, startEmulator } from '../../src/emulator';
import type { RunningEmulator } from '../../src/emulator/types';
import type { Report } from '../../src/core/types';
import { REPO_ROOT, runCli } from '../support/cli';
import { startPack, type Diagnostic, type RunningPack } from '../../support/policy-pack';

const TOKEN = 'live-drift-test-token-7f3a9c';
const DESIRED = path.join(REPO_ROOT, 'examples', 'sso-connectors.yaml');
const SEED = path.join(REPO_ROOT, 'examples', 'demo-inventory.json');
const GOV = '9a7806061c88ada191ed06f989cc3dac';
const POLICY = 'sso-connectors-live-drift';

function liveOnly(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.policyName === POLICY);
}

describe('sso-connectors-live-drift', () => {
  let emulator: RunningEmulator;
  let pack: RunningPack;

  beforeAll(async () => {
    emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(SEED), port: 0 });
    pack = await startPack({ CF_SSO_GUARD_CONFIG: DESIRED, CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url });
  });
  afterAll(async () => {
    await pack?.close();
    await emulator?.close();
  });

  it('is off unless configured', async () => {
    const result = await pack.analyzeStack([]);
    expect(liveOnly(result.diagnostics)).toEqual([]);
    expect(result.notApplicable.find((n) => n.policyName === POLICY)?.reason).toContain('liveCheck');
    expect(emulator.stats().totalRequests).toBe(0);
  });

  it('reports exactly the findings `cf-sso-guard check` reports, at advisory level', async () => {
    const cli = await runCli(['check', '-c', DESIRED, '--format', 'json'], {
      env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url },
    });
    expect(cli.code, cli.stderr).toBe(1);
    const report = JSON.parse(cli.stdout) as Report;
    expect(report.findings.length).toBeGreaterThan(3);

    await pack.configure({ [POLICY]: { enforcementLevel: 'advisory', properties: { liveCheck: true } } });
    try {
      const live = liveOnly((await pack.analyzeStack([])).diagnostics);
      expect(live).toHaveLength(report.findings.length);
      for (const finding of report.findings) {
        const match = live.filter((d) => d.message.includes(`[${finding.ruleId}]`) && d.message.includes(finding.message));
        expect(match, `${finding.ruleId} ${finding.message}`).toHaveLength(1);
        if (finding.location) expect(match[0].message).toContain(`${finding.location.file}:${finding.location.line}:${finding.location.column}`);
        if (finding.waived) expect(match[0].message).toContain(`Waived until ${finding.waiver?.expires}`);
      }
      expect(live.every((d) => d.enforcementLevel === 'advisory')).toBe(true);
      for (const d of live) expect(d.message).not.toContain(TOKEN);
    } finally {
      await pack.configure({});
    }
  });

  it('blocks on live drift when made mandatory, but only for error findings', async () => {
    await pack.configure({ [POLICY]: { enforcementLevel: 'mandatory', properties: { liveCheck: true } } });
    try {
      const live = liveOnly((await pack.analyzeStack([])).diagnostics);
      const forbidden = live.find((d) => d.message.includes('[CFSSO003]'));
      expect(forbidden?.enforcementLevel).toBe('mandatory');
      expect(forbidden?.message).toContain('old.example.com');
      // gov has unmanaged: warning: its undeclared connectors inform, they do not block.
      const warnings = live.filter((d) => d.message.includes(' warning: '));
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.every((d) => d.enforcementLevel === 'advisory')).toBe(true);
    } finally {
      await pack.configure({});
    }
  });

  it('says it could not decide for an account the API does not answer properly, and still judges the others', async () => {
    emulator.setFaults([{ kind: 'malformed', variant: 'missing_result', accountId: GOV }]);
    await pack.configure({ [POLICY]: { enforcementLevel: 'advisory', properties: { liveCheck: true } } });
    try {
      const live = liveOnly((await pack.analyzeStack([])).diagnostics);
      const undecided = live.filter((d) => d.message.startsWith('Live check could not decide'));
      expect(undecided).toHaveLength(1);
      expect(undecided[0].message).toContain('Account "gov"');
      expect(live.some((d) => d.message.includes('old.example.com'))).toBe(true);
      expect(live.some((d) => d.message.includes('gov.example.com'))).toBe(false);
    } finally {
      emulator.setFaults([]);
      await pack.configure({});
    }
  });

  it('says it could not decide, without the token, when the token is rejected or missing', async () => {
    const wrong = 'wrong-token-0d1e2f3a4b5c';
    const rejected = await startPack({ CF_SSO_GUARD_LIVE_CHECK: '1', CF_SSO_GUARD_CONFIG: DESIRED, CLOUDFLARE_API_TOKEN: wrong, CLOUDFLARE_BASE_URL: emulator.url });
    try {
      const live = liveOnly((await rejected.analyzeStack([])).diagnostics);
      expect(live.length).toBe(2);
      expect(live.every((d) => d.message.startsWith('Live check could not decide'))).toBe(true);
      for (const d of live) expect(d.message).not.toContain(wrong);
      expect(rejected.stderr()).not.toContain(wrong);
    } finally {
      await rejected.close();
    }

    const missing = await startPack({ CF_SSO_GUARD_LIVE_CHECK: '1', CF_SSO_GUARD_CONFIG: DESIRED, CLOUDFLARE_BASE_URL: emulator.url });
    try {
      const live = liveOnly((await missing.analyzeStack([])).diagnostics);
      expect(live).toHaveLength(1);
      expect(live[0].message).toContain('CLOUDFLARE_API_TOKEN is not set');
    } finally {
      await missing.close();
    }
  });

  it('reads the token as the CLI does: trimmed (a trailing newline is not part of it), and refused unshown when it cannot be one', async () => {
    const trailing = await startPack({ CF_SSO_GUARD_LIVE_CHECK: '1', CF_SSO_GUARD_CONFIG: DESIRED, CLOUDFLARE_API_TOKEN: ` ${TOKEN}\n`, CLOUDFLARE_BASE_URL: ` ${emulator.url}\n` });
    try {
      const live = liveOnly((await trailing.analyzeStack([])).diagnostics);
      expect(live.length).toBeGreaterThan(0);
      expect(live.some((d) => d.message.startsWith('Live check could not decide'))).toBe(false);
    } finally {
      await trailing.close();
    }

    const inner = `${TOKEN.slice(0, 12)} ${TOKEN.slice(12)}`;
    const broken = await startPack({ CF_SSO_GUARD_LIVE_CHECK: '1', CF_SSO_GUARD_CONFIG: DESIRED, CLOUDFLARE_API_TOKEN: inner, CLOUDFLARE_BASE_URL: emulator.url });
    try {
      const live = liveOnly((await broken.analyzeStack([])).diagnostics);
      expect(live).toHaveLength(1);
      expect(live[0].message).toBe(
        'Live check could not decide: CLOUDFLARE_API_TOKEN holds a space, a line break or another character no API token has; set it to the token alone, so the live SSO connectors were not read.',
      );
      expect(broken.stderr()).not.toContain(TOKEN.slice(0, 12));
    } finally {
      await broken.close();
    }
  });
});
