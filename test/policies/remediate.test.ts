// Remediation over the Analyzer protocol: at enforcementLevel remediate, sso-connector-settings
// sets enabled and useFedrampLanguage to the declared values in the Remediate call (before the
// engine analyzes and deploys), says what it changed, and leaves unknown values and waived
// deviations alone.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locate, secret, startPack, UNKNOWN, type RemediateResult, type RunningPack } from '../../support/policy-pack';

const FIXTURE = path.join(__dirname, 'fixtures', 'sso-connectors.yaml');
const FIXTURE_TEXT = fs.readFileSync(FIXTURE, 'utf8');
const PROD = '023e105f4ecef8ad9ca31a8372d0c353';
const STAGING = '9a7806061c88ada191ed06f989cc3dac';

function settingsRemediation(result: RemediateResult): Record<string, unknown> | undefined {
  const mine = result.remediations.filter((r) => r.policyName === 'sso-connector-settings');
  expect(mine.length).toBeLessThanOrEqual(1);
  if (mine.length === 0) return undefined;
  expect(mine[0].diagnostic).toBe('');
  return mine[0].properties;
}

describe('sso-connector-settings at enforcementLevel remediate', () => {
  let pack: RunningPack;
  let stderrSeen = 0;
  /**
   * What the pack wrote to stderr since the last call, up to and including `until` (stderr arrives
   * apart from the gRPC reply, so wait for the line expected last).
   */
  const newStderr = async (until: string): Promise<string> => {
    const all = await pack.waitForStderr(until, stderrSeen);
    const found = all.indexOf(until, stderrSeen) + until.length;
    const lineEnd = all.indexOf('\n', found);
    const end = lineEnd < 0 ? all.length : lineEnd + 1;
    const fresh = all.slice(stderrSeen, end);
    stderrSeen = end;
    return fresh;
  };
  /** A remediation that always says something: a marker that everything said before it has arrived. */
  const MARKER_PROPS = { accountId: PROD, emailDomain: 'example.com', enabled: false, useFedrampLanguage: false };
  const marker = async (): Promise<string> => {
    await pack.remediate({ name: 'sso-marker', props: MARKER_PROPS });
    return newStderr('"sso-marker"');
  };

  beforeAll(async () => {
    pack = await startPack({ CF_SSO_GUARD_CONFIG: FIXTURE });
    await pack.configure({ 'sso-connector-settings': { enforcementLevel: 'remediate' } });
  });
  afterAll(async () => {
    await pack?.close();
  });

  it('sets wrong settings to the declared values, keeps every other input, and says what it changed', async () => {
    const result = await pack.remediate({
      name: 'sso-production-corp-example-com',
      props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: false, useFedrampLanguage: false, beginVerification: true },
    });
    expect(settingsRemediation(result)).toEqual({
      accountId: PROD,
      emailDomain: 'corp.example.com',
      enabled: true,
      useFedrampLanguage: true,
      beginVerification: true,
    });
    const said = await newStderr('useFedrampLanguage false -> true');
    const declared = locate(FIXTURE_TEXT, 'email_domain: corp.example.com');
    expect(said).toContain('sso-connector-settings remediated cloudflare.SsoConnector "sso-production-corp-example-com"');
    expect(said).toContain('Account "production"');
    // The declaration's file:line:column (the column of the email_domain value).
    expect(said).toContain(`enabled false -> true (${FIXTURE}:${declared.line}:${declared.column + 2})`);
    expect(said).toContain(`useFedrampLanguage false -> true (${FIXTURE}:${declared.line}:${declared.column + 2})`);
  });

  it('sets a declared setting the program left unset (the provider default would apply)', async () => {
    const result = await pack.remediate({ name: 'sso-production-example-com', props: { accountId: PROD, emailDomain: 'example.com', enabled: true } });
    expect(settingsRemediation(result)).toEqual({ accountId: PROD, emailDomain: 'example.com', enabled: true, useFedrampLanguage: false });
    expect(await newStderr('useFedrampLanguage (not set) -> false')).toContain('"sso-production-example-com"');
  });

  it('never touches an unknown value, and still fixes the known one next to it', async () => {
    const result = await pack.remediate({
      name: 'sso-production-corp-example-com',
      props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: UNKNOWN, useFedrampLanguage: false },
    });
    expect(settingsRemediation(result)).toEqual({ accountId: PROD, emailDomain: 'corp.example.com', enabled: UNKNOWN, useFedrampLanguage: true });

    await newStderr('"sso-production-corp-example-com"');
    const allUnknown = await pack.remediate({
      name: 'sso-production-corp-example-com',
      props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: UNKNOWN, useFedrampLanguage: UNKNOWN },
    });
    expect(settingsRemediation(allUnknown)).toBeUndefined();
    const unplaced = await pack.remediate({
      name: 'sso-production-corp-example-com',
      props: { accountId: UNKNOWN, emailDomain: 'corp.example.com', enabled: false, useFedrampLanguage: false },
    });
    expect(settingsRemediation(unplaced)).toBeUndefined();
    // Nothing said before the marker's own line.
    expect(await marker()).toMatch(/^sso-connector-settings remediated cloudflare.SsoConnector "sso-marker"[^\n]*\n$/);
  });

  it('changes nothing on a compliant connector, a waived deviation, or an undeclared connector', async () => {
    const compliant = await pack.remediate({
      name: 'sso-production-corp-example-com',
      props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: secret(true), useFedrampLanguage: true },
    });
    expect(settingsRemediation(compliant)).toBeUndefined();
    // lab.example.com: enabled: false is declared, enabled_mismatch is waived in the fixture.
    const waived = await pack.remediate({
      name: 'sso-staging-lab-example-com',
      props: { accountId: STAGING, emailDomain: 'lab.example.com', enabled: true, useFedrampLanguage: false },
    });
    expect(settingsRemediation(waived)).toBeUndefined();
    const undeclared = await pack.remediate({ name: 'sso-x', props: { accountId: PROD, emailDomain: 'new.example.com', enabled: false } });
    expect(settingsRemediation(undeclared)).toBeUndefined();
    expect(await marker()).toMatch(/^sso-connector-settings remediated cloudflare.SsoConnector "sso-marker"[^\n]*\n$/);
  });

  it('leaves nothing for the validation that follows to report once remediated', async () => {
    const props = { accountId: PROD, emailDomain: 'corp.example.com', enabled: false, useFedrampLanguage: false };
    const before = await pack.analyze({ name: 'sso-production-corp-example-com', props });
    // Remediate level reported as mandatory by @pulumi/policy when validation still fails.
    expect(before.diagnostics.filter((d) => d.policyName === 'sso-connector-settings').map((d) => d.enforcementLevel)).toEqual(['mandatory', 'mandatory']);
    const remediated = settingsRemediation(await pack.remediate({ name: 'sso-production-corp-example-com', props }));
    expect(remediated).toBeDefined();
    const after = await pack.analyze({ name: 'sso-production-corp-example-com', props: remediated as typeof props });
    expect(after.diagnostics).toEqual([]);
  });

  it('remediates nothing with an invalid policy config; the validation fails closed instead', async () => {
    try {
      await pack.configure({ 'sso-connector-settings': { enforcementLevel: 'remediate', properties: { desiredStat: FIXTURE } } });
      const props = { accountId: PROD, emailDomain: 'corp.example.com', enabled: false, useFedrampLanguage: false };
      expect(settingsRemediation(await pack.remediate({ name: 'sso-production-corp-example-com', props }))).toBeUndefined();
      const analyzed = (await pack.analyze({ name: 'sso-production-corp-example-com', props })).diagnostics.filter(
        (d) => d.policyName === 'sso-connector-settings',
      );
      expect(analyzed).toHaveLength(1);
      expect(analyzed[0].enforcementLevel).toBe('mandatory');
      expect(analyzed[0].message).toContain('"desiredStat"');
    } finally {
      await pack.configure({ 'sso-connector-settings': { enforcementLevel: 'remediate' } });
    }
  });

  it('rejects enforcementLevel remediate on a policy that cannot remediate with one mandatory violation naming it', async () => {
    try {
      await pack.configure({ 'sso-connector-declared': { enforcementLevel: 'remediate' } });
      const props = { accountId: PROD, emailDomain: 'corp.example.com', enabled: true, useFedrampLanguage: true };
      // The engine's order: Remediate, then Analyze of the same resource.
      const remediated = await pack.remediate({ name: 'sso-production-corp-example-com', props });
      expect(remediated.remediations).toEqual([]);
      const analyzed = (await pack.analyze({ name: 'sso-production-corp-example-com', props })).diagnostics;
      expect(analyzed).toHaveLength(1);
      expect(analyzed[0]).toMatchObject({ policyName: 'sso-connector-declared', enforcementLevel: 'mandatory' });
      expect(analyzed[0].message).toContain('"enforcementLevel" is "remediate", which sso-connector-declared does not support');
      // Said once per Remediate: the next Analyze on its own checks as usual.
      expect((await pack.analyze({ name: 'sso-production-corp-example-com', props })).diagnostics).toEqual([]);
    } finally {
      await pack.configure({ 'sso-connector-settings': { enforcementLevel: 'remediate' } });
    }
  });

  it('does not remediate below the remediate level', async () => {
    try {
      await pack.configure({});
      const result = await pack.remediate({
        name: 'sso-production-corp-example-com',
        props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: false, useFedrampLanguage: false },
      });
      expect(result.remediations).toEqual([]);
    } finally {
      await pack.configure({ 'sso-connector-settings': { enforcementLevel: 'remediate' } });
    }
  });
});
