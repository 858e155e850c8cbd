// The policy pack driven the way the Pulumi engine drives it: started through
// @pulumi/pulumi/cmd/run-policy-pack in the pack directory, spoken to over the Analyzer gRPC
// protocol, with the engine's unknown sentinel and secret-wrapped values in the properties.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_RULES, ruleByKind } from '../../src/rules';
import type { FindingKind } from '../../src/core/types';
import { PACK_DIR, POLICY_NAMES, UNKNOWN, locate, secret, startPack, urnOf, type AnalyzeResult, type Diagnostic, type RunningPack } from '../../support/policy-pack';

const FIXTURE = path.join(__dirname, 'fixtures', 'sso-connectors.yaml');
const FIXTURE_TEXT = fs.readFileSync(FIXTURE, 'utf8');
const PROD = '023e105f4ecef8ad9ca31a8372d0c353';
const STAGING = '9a7806061c88ada191ed06f989cc3dac';
const ELSEWHERE = 'ffffffffffffffffffffffffffffffff';

function lineOf(text: string): string {
  return `${FIXTURE}:${locate(FIXTURE_TEXT, text).line}:`;
}

function only(result: AnalyzeResult, policyName: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.policyName === policyName);
}

/** Every connector the fixture declares present, as a compliant stack would hold it (outputs). */
function compliantStack(): Array<{ name: string; props: Record<string, unknown> }> {
  return [
    { name: 'sso-production-example-com', props: { accountId: PROD, emailDomain: 'example.com', enabled: true, useFedrampLanguage: false, beginVerification: true, verification: { status: 'verified', code: 'cf-verify=abc' } } },
    { name: 'sso-production-corp-example-com', props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: true, useFedrampLanguage: true, beginVerification: true, verification: { status: 'pending', code: 'cf-verify=def' } } },
    { name: 'sso-staging-staging-example-com', props: { accountId: STAGING, emailDomain: 'staging.example.com', enabled: true, useFedrampLanguage: false, beginVerification: true, verification: { status: 'pending', code: 'cf-verify=ghi' } } },
    { name: 'sso-staging-lab-example-com', props: { accountId: STAGING, emailDomain: 'lab.example.com', enabled: false, useFedrampLanguage: false, beginVerification: true, verification: { status: 'verified', code: 'cf-verify=jkl' } } },
  ];
}

type Props = Record<string, Parameters<typeof secret>[0]>;
const asProps = (props: Record<string, unknown>): Props => props as Props;

describe('policy pack over the Analyzer protocol', () => {
  let pack: RunningPack;

  beforeAll(async () => {
    pack = await startPack({ CF_SSO_GUARD_CONFIG: FIXTURE });
  });
  afterAll(async () => {
    await pack?.close();
  });

  it('prints only its port on stdout first, then serves GetAnalyzerInfo with every policy, level and config schema', async () => {
    expect(pack.firstLine).toMatch(/^\d+$/);
    expect(pack.port).toBeGreaterThan(0);
    const info = await pack.info();
    expect(info.getName()).toBe('cf-sso-guard');
    expect(info.getVersion()).toBe(JSON.parse(fs.readFileSync(path.join(PACK_DIR, 'package.json'), 'utf8')).version);
    expect(info.getSupportsconfig()).toBe(true);
    const policies = new Map(info.getPoliciesList().map((p) => [p.getName(), p]));
    expect([...policies.keys()].sort()).toEqual(POLICY_NAMES);
    const MANDATORY = 1;
    const ADVISORY = 0;
    const levels = Object.fromEntries([...policies].map(([name, p]) => [name, p.getEnforcementlevel()]));
    expect(levels).toEqual({
      'sso-connector-declared': MANDATORY,
      'sso-connector-settings': MANDATORY,
      'sso-connectors-complete': MANDATORY,
      'sso-connectors-unique': MANDATORY,
      'sso-connectors-verified': ADVISORY,
      'sso-connectors-live-drift': ADVISORY,
    });
    for (const [name, policy] of policies) {
      const schema = policy.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
      expect(Object.keys(schema), name).toContain('desiredState');
      expect(schema.desiredState, name).toMatchObject({ type: 'string' });
    }
    expect(policies.get('sso-connectors-live-drift')?.getConfigschema()?.getProperties()?.toJavaScript()).toMatchObject({
      liveCheck: { type: 'boolean', default: false },
    });
    expect(policies.get('sso-connectors-complete')?.getConfigschema()?.getProperties()?.toJavaScript()).toMatchObject({
      accounts: { type: 'array' },
    });
  });

  it('serves the pack metadata and, for every policy, severity, framework, tags, remediation steps and url', async () => {
    const info = await pack.info();
    const manifest = JSON.parse(fs.readFileSync(path.join(PACK_DIR, 'package.json'), 'utf8')) as { repository: { url: string } };
    expect(info.getDisplayname()).toBe('cf-sso-guard: Cloudflare SSO connectors');
    expect(info.getReadme()).toBe(fs.readFileSync(path.join(PACK_DIR, 'README.md'), 'utf8'));
    expect(info.getProvider()).toBe('cloudflare');
    expect(info.getTagsList()).toEqual(expect.arrayContaining(['cloudflare', 'sso']));
    expect(info.getRepository()).toBe(manifest.repository.url);
    expect(info.getRepository()).toMatch(/^https:\/\//);

    // Each heading of the README is a GitHub anchor; every policy's url must land on one.
    const readme = fs.readFileSync(path.join(PACK_DIR, '..', 'README.md'), 'utf8');
    const anchors = new Set([...readme.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));

    // The rules each policy reports (and so its metadata): the contract, spelled out here.
    const RULES: Record<string, FindingKind[]> = {
      'sso-connector-declared': ['unexpected', 'forbidden'],
      'sso-connector-settings': ['enabled_mismatch', 'fedramp_mismatch'],
      'sso-connectors-complete': ['missing'],
      'sso-connectors-unique': ['duplicate', 'domain_conflict'],
      'sso-connectors-verified': ['verification_mismatch'],
      'sso-connectors-live-drift': ALL_RULES.map((rule) => rule.kind),
    };
    const CONTROLS: Record<string, string> = {
      'sso-connector-declared': 'CM-6',
      'sso-connector-settings': 'AC-8, IA-2',
      'sso-connectors-complete': 'IA-2',
      'sso-connectors-unique': 'CM-6, IA-2',
      'sso-connectors-verified': 'IA-2',
      'sso-connectors-live-drift': 'AC-8, CM-6, IA-2',
    };
    const HIGH = 3; // analyzer.proto PolicySeverity: every policy reports at least one rule of severity error
    for (const policy of info.getPoliciesList()) {
      const name = policy.getName();
      const rules = RULES[name].map((kind) => ruleByKind(kind));
      expect(policy.getSeverity(), name).toBe(HIGH);
      expect(policy.getUrl(), name).toBe(`${manifest.repository.url}#${name}`);
      expect(anchors, `README.md heading for ${name}`).toContain(name);
      for (const rule of rules) {
        expect(policy.getRemediationSteps(), name).toContain(`${rule.id} ${rule.title}: ${rule.remediation}`);
        expect(policy.getTagsList(), name).toContain(rule.id);
      }
      expect(policy.getTagsList(), name).toEqual(expect.arrayContaining(['cloudflare', 'sso']));
      const framework = policy.getFramework();
      expect(framework?.getName(), name).toBe('NIST SP 800-53');
      expect(framework?.getVersion(), name).toBe('Rev. 5');
      expect(framework?.getReference(), name).toBe(CONTROLS[name]);
      expect(framework?.getReference(), name).toBe([...new Set(rules.flatMap((rule) => rule.controls))].sort().join(', '));
      for (const control of CONTROLS[name].split(', ')) expect(framework?.getSpecification(), name).toContain(control);
    }
  });

  it('rejects an unknown policy config key with one mandatory violation that names it', async () => {
    try {
      await pack.configure({ 'sso-connector-settings': { properties: { desiredStat: FIXTURE } } });
      const result = await pack.analyze({ name: 'sso-production-corp-example-com', props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: true, useFedrampLanguage: true } });
      const settings = only(result, 'sso-connector-settings');
      expect(settings).toHaveLength(1);
      expect(settings[0].enforcementLevel).toBe('mandatory');
      expect(settings[0].message).toContain('sso-connector-settings');
      expect(settings[0].message).toContain('unknown key "desiredStat" (did you mean "desiredState"?)');
      // The other policies' config is fine: they check as usual.
      expect(only(result, 'sso-connector-declared')).toEqual([]);
    } finally {
      await pack.configure({});
    }
  });

  it('rejects a policy config value of the wrong type, even on the live check that is off', async () => {
    try {
      await pack.configure({ 'sso-connectors-live-drift': { properties: { liveCheck: 'yes' } } });
      const result = await pack.analyzeStack(compliantStack().map((c) => ({ name: c.name, props: asProps(c.props) })));
      const live = only(result, 'sso-connectors-live-drift');
      expect(live).toHaveLength(1);
      expect(live[0].enforcementLevel).toBe('mandatory');
      expect(live[0].message).toContain('"liveCheck" must be boolean');
      expect(result.notApplicable).toEqual([]);
    } finally {
      await pack.configure({});
    }
  });

  it('rejects accounts the file does not declare with one mandatory violation naming "accounts"', async () => {
    try {
      await pack.configure({ 'sso-connectors-complete': { enforcementLevel: 'advisory', properties: { accounts: ['production', 'prodution', ELSEWHERE] } } });
      const result = await pack.analyzeStack([]);
      const complete = only(result, 'sso-connectors-complete');
      expect(complete).toHaveLength(1);
      expect(complete[0].enforcementLevel).toBe('mandatory');
      // One account selector everywhere (src/core/account-selector.ts): the same words as `check --account`.
      expect(complete[0].message).toContain('Policy config "accounts": "prodution" is neither the id nor the name of an account in');
      expect(complete[0].message).toContain('did you mean "production"?');
      expect(complete[0].message).toContain('"ffffffffffffffffffffffffffffffff" is neither the id nor the name');
    } finally {
      await pack.configure({});
    }
  });

  it('never passes control characters or a line break from the program to the preview output', async () => {
    const hostile = 'new.example.com\u001b[2J\n::error::pwned\u202e';
    const result = await pack.analyze({ name: 'sso-hostile', props: { accountId: PROD, emailDomain: hostile, enabled: true, useFedrampLanguage: false } });
    const declared = only(result, 'sso-connector-declared');
    expect(declared).toHaveLength(1);
    expect(declared[0].message).toContain('\\u000a::error::pwned\\u202e');
    expect(declared[0].message).toContain('\\u001b[2');
    expect(declared[0].message).not.toMatch(/[\u0000-\u001f\u202e]/);
  });

  it('accepts ConfigureStack as the engine sends it', async () => {
    await expect(pack.configureStack({ stack: 'dev', project: 'cf-sso-guard', dryRun: true })).resolves.toBeUndefined();
  });

  it('passes a connector that matches the file, with secret-wrapped inputs', async () => {
    const result = await pack.analyze({
      name: 'sso-production-corp-example-com',
      props: { accountId: PROD, emailDomain: secret('corp.example.com'), enabled: secret(true), useFedrampLanguage: true, beginVerification: true },
    });
    expect(result.diagnostics).toEqual([]);
  });

  it('rejects a connector the file declares state: absent (mandatory, with file:line)', async () => {
    const result = await pack.analyze({ name: 'sso-old', props: { accountId: PROD, emailDomain: 'Old.Example.com.', enabled: true, useFedrampLanguage: false } });
    const declared = only(result, 'sso-connector-declared');
    expect(declared).toHaveLength(1);
    expect(declared[0].enforcementLevel).toBe('mandatory');
    expect(declared[0].urn).toBe(urnOf('sso-old'));
    expect(declared[0].policyPackName).toBe('cf-sso-guard');
    expect(declared[0].message).toContain('Account "production"');
    expect(declared[0].message).toContain('email_domain old.example.com');
    expect(declared[0].message).toContain('state: absent');
    expect(declared[0].message).toContain(lineOf('email_domain: old.example.com'));
  });

  it('rejects an undeclared connector under unmanaged: error, and only advises under unmanaged: warning', async () => {
    const prod = await pack.analyze({ name: 'sso-x', props: { accountId: PROD, emailDomain: 'new.example.com', enabled: true, useFedrampLanguage: false } });
    expect(only(prod, 'sso-connector-declared')).toMatchObject([{ enforcementLevel: 'mandatory', urn: urnOf('sso-x') }]);
    expect(only(prod, 'sso-connector-declared')[0].message).toContain('email_domain new.example.com: cloudflare.SsoConnector "sso-x" is not declared in');
    expect(only(prod, 'sso-connector-declared')[0].message).toContain('unmanaged: error');

    const staging = await pack.analyze({ name: 'sso-y', props: { accountId: STAGING, emailDomain: 'new.example.com', enabled: true, useFedrampLanguage: false } });
    expect(only(staging, 'sso-connector-declared')).toMatchObject([{ enforcementLevel: 'advisory' }]);
    expect(only(staging, 'sso-connector-declared')[0].message).toContain('unmanaged: warning');
  });

  it('rejects a connector in an account the file does not list', async () => {
    const result = await pack.analyze({ name: 'sso-z', props: { accountId: ELSEWHERE, emailDomain: 'example.com', enabled: true } });
    const declared = only(result, 'sso-connector-declared');
    expect(declared).toHaveLength(1);
    expect(declared[0].enforcementLevel).toBe('mandatory');
    expect(declared[0].message).toContain(`account ${ELSEWHERE}`);
    expect(declared[0].message).toContain('does not list');
  });

  it('reports use_fedramp_language and enabled drift in the words of the YAML', async () => {
    const result = await pack.analyze({
      name: 'sso-production-corp-example-com',
      props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: false, useFedrampLanguage: false },
    });
    const settings = only(result, 'sso-connector-settings');
    expect(settings.map((d) => d.enforcementLevel)).toEqual(['mandatory', 'mandatory']);
    const fedramp = settings.find((d) => d.message.includes('use_fedramp_language'));
    expect(fedramp?.message).toContain('use_fedramp_language is false');
    expect(fedramp?.message).toContain('expects true');
    expect(fedramp?.message).toContain(lineOf('email_domain: corp.example.com'));
    const enabled = settings.find((d) => d.message.includes('enabled is'));
    expect(enabled?.message).toContain('enabled is false');
    expect(enabled?.message).toContain('expects true');
    expect(only(result, 'sso-connector-declared')).toEqual([]);
  });

  it('says what it could not check when inputs are unknown in preview, without blocking', async () => {
    const unknownSetting = await pack.analyze({
      name: 'sso-production-example-com',
      props: { accountId: PROD, emailDomain: 'example.com', enabled: UNKNOWN, useFedrampLanguage: false },
    });
    const settings = only(unknownSetting, 'sso-connector-settings');
    expect(settings).toHaveLength(1);
    expect(settings[0].enforcementLevel).toBe('advisory');
    expect(settings[0].message).toContain('could not check enabled');
    expect(settings[0].message).toContain('not known until the update runs');

    const unknownDomain = await pack.analyze({ name: 'sso-later', props: { accountId: PROD, emailDomain: UNKNOWN, enabled: true } });
    expect(unknownDomain.diagnostics.every((d) => d.enforcementLevel === 'advisory')).toBe(true);
    const declared = only(unknownDomain, 'sso-connector-declared');
    expect(declared).toHaveLength(1);
    expect(declared[0].message).toContain('email_domain is not known until the update runs');
  });

  it('requires a field the file declares to be set explicitly', async () => {
    const result = await pack.analyze({ name: 'sso-production-example-com', props: { accountId: PROD, emailDomain: 'example.com', useFedrampLanguage: false } });
    const settings = only(result, 'sso-connector-settings');
    expect(settings).toHaveLength(1);
    expect(settings[0].enforcementLevel).toBe('mandatory');
    expect(settings[0].message).toContain('does not set enabled');
  });

  it('keeps a waived deviation visible but advisory', async () => {
    const result = await pack.analyze({ name: 'sso-staging-lab-example-com', props: { accountId: STAGING, emailDomain: 'lab.example.com', enabled: true, useFedrampLanguage: false } });
    const settings = only(result, 'sso-connector-settings');
    expect(settings).toHaveLength(1);
    expect(settings[0].enforcementLevel).toBe('advisory');
    expect(settings[0].message).toContain('Waived until 2999-12-31');
    expect(settings[0].message).toContain('CHG-77');
  });

  it('passes a complete stack and reports nothing but the off live check as not applicable', async () => {
    const result = await pack.analyzeStack(compliantStack().map((r) => ({ ...r, props: asProps(r.props) })));
    expect(result.diagnostics).toEqual([]);
    expect(result.notApplicable.map((n) => n.policyName)).toEqual(['sso-connectors-live-drift']);
  });

  it('rejects a stack that lacks a declared connector, naming it and its line', async () => {
    const stack = compliantStack().filter((r) => r.props.emailDomain !== 'staging.example.com');
    const result = await pack.analyzeStack(stack.map((r) => ({ ...r, props: asProps(r.props) })));
    const complete = only(result, 'sso-connectors-complete');
    expect(complete).toHaveLength(1);
    expect(complete[0].enforcementLevel).toBe('mandatory');
    expect(complete[0].message).toContain('Account "staging"');
    expect(complete[0].message).toContain('email_domain staging.example.com');
    expect(complete[0].message).toContain(lineOf('email_domain: staging.example.com'));
  });

  it('rejects an empty stack: every declared connector is missing', async () => {
    const result = await pack.analyzeStack([]);
    expect(only(result, 'sso-connectors-complete')).toHaveLength(4);
    expect(only(result, 'sso-connectors-complete').every((d) => d.enforcementLevel === 'mandatory')).toBe(true);
  });

  it('does not block on a missing connector while another connector\'s domain is unknown', async () => {
    const stack = compliantStack().map((r) => (r.props.emailDomain === 'staging.example.com' ? { ...r, props: { ...r.props, emailDomain: UNKNOWN } } : r));
    const result = await pack.analyzeStack(stack.map((r) => ({ ...r, props: asProps(r.props) })));
    const complete = only(result, 'sso-connectors-complete');
    expect(complete).toHaveLength(1);
    expect(complete[0].enforcementLevel).toBe('advisory');
    expect(complete[0].message).toContain('Could not confirm yet');
    expect(complete[0].message).toContain('"sso-staging-staging-example-com"');
    expect(only(result, 'sso-connectors-unique').map((d) => d.enforcementLevel)).toEqual(['advisory']);
  });

  it('rejects two resources for one account and domain', async () => {
    const stack = [...compliantStack(), { name: 'sso-again', props: { ...compliantStack()[0].props } }];
    const result = await pack.analyzeStack(stack.map((r) => ({ ...r, props: asProps(r.props) })));
    const unique = only(result, 'sso-connectors-unique');
    expect(unique).toHaveLength(1);
    expect(unique[0].enforcementLevel).toBe('mandatory');
    expect(unique[0].message).toContain('"sso-again"');
    expect(unique[0].message).toContain('"sso-production-example-com"');
    expect(unique[0].message).toContain('email_domain example.com');
  });

  it('rejects one email domain enabled in two accounts of the stack (CFSSO011), on the resource in each account', async () => {
    const elsewhere = { name: 'sso-staging-example-com', props: { ...compliantStack()[0].props, accountId: STAGING, emailDomain: 'EXAMPLE.com' } };
    const result = await pack.analyzeStack([...compliantStack(), elsewhere].map((r) => ({ ...r, props: asProps(r.props) })));
    const conflicts = only(result, 'sso-connectors-unique');
    expect(conflicts).toHaveLength(2);
    for (const diagnostic of conflicts) {
      expect(diagnostic.enforcementLevel).toBe('mandatory');
      expect(diagnostic.message).toContain('[CFSSO011]');
      expect(diagnostic.message).toContain('email_domain example.com');
      expect(diagnostic.message).toContain('enabled in 2 accounts');
    }
    expect(conflicts.map((d) => d.urn).sort()).toEqual([urnOf('sso-production-example-com'), urnOf('sso-staging-example-com')].sort());

    // Disabled in the second account: no conflict.
    const disabled = { ...elsewhere, props: { ...elsewhere.props, enabled: false } };
    const quiet = await pack.analyzeStack([...compliantStack(), disabled].map((r) => ({ ...r, props: asProps(r.props) })));
    expect(only(quiet, 'sso-connectors-unique')).toEqual([]);
  });

  it('advises on a verification status the file does not accept, and on statuses not known yet', async () => {
    const stack = compliantStack().map((r) =>
      r.props.emailDomain === 'example.com'
        ? { ...r, props: { ...r.props, verification: { status: 'pending', code: 'cf-verify=abc' } } }
        : r.props.emailDomain === 'staging.example.com'
          ? { ...r, props: { ...r.props, verification: UNKNOWN } }
          : r,
    );
    const result = await pack.analyzeStack(stack.map((r) => ({ ...r, props: asProps(r.props) })));
    const verified = only(result, 'sso-connectors-verified');
    expect(verified).toHaveLength(2);
    expect(verified.every((d) => d.enforcementLevel === 'advisory')).toBe(true);
    const mismatch = verified.find((d) => d.message.includes('verification is pending'));
    expect(mismatch?.message).toContain('expects verified');
    expect(mismatch?.message).toContain('cf-verify=abc');
    expect(mismatch?.urn).toBe(urnOf('sso-production-example-com'));
    const notYet = verified.find((d) => d.message.includes('could not check verification'));
    expect(notYet?.message).toContain('staging.example.com');
    expect(notYet?.message).toContain('pending or verified');
  });

  it('follows --policy-pack-config: enforcement levels, disabled policies, accounts and desiredState', async () => {
    const otherFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cfsso-pack-')), 'other.yaml');
    fs.writeFileSync(otherFile, `version: 1\naccounts:\n  - id: ${PROD}\n    connectors:\n      - email_domain: other.example.com\n        enabled: false\n`);
    try {
      await pack.configure({
        'sso-connector-settings': { enforcementLevel: 'advisory' },
        'sso-connector-declared': { enforcementLevel: 'disabled' },
        'sso-connectors-complete': { enforcementLevel: 'mandatory', properties: { accounts: ['production'] } },
        'sso-connectors-unique': { enforcementLevel: 'mandatory', properties: { desiredState: otherFile } },
      });
      const drift = await pack.analyze({ name: 'sso-old', props: { accountId: PROD, emailDomain: 'corp.example.com', enabled: false, useFedrampLanguage: true } });
      expect(only(drift, 'sso-connector-settings').map((d) => d.enforcementLevel)).toEqual(['advisory']);
      const forbidden = await pack.analyze({ name: 'sso-old', props: { accountId: PROD, emailDomain: 'old.example.com', enabled: true, useFedrampLanguage: false } });
      expect(only(forbidden, 'sso-connector-declared')).toEqual([]);

      const result = await pack.analyzeStack([]);
      const complete = only(result, 'sso-connectors-complete');
      expect(complete).toHaveLength(2);
      expect(complete.every((d) => d.message.includes('Account "production"'))).toBe(true);

      // sso-connectors-unique reads the other file: two resources for other.example.com are duplicates there.
      const twice = [1, 2].map((n) => ({ name: `dup-${n}`, props: asProps({ accountId: PROD, emailDomain: 'other.example.com', enabled: false }) }));
      const unique = only(await pack.analyzeStack(twice), 'sso-connectors-unique');
      expect(unique).toHaveLength(1);
      expect(unique[0].message).toContain(`${otherFile}:5:`);
    } finally {
      await pack.configure({});
    }
  });
});

describe('policy pack with an unusable desired-state file', () => {
  it('fails closed: every policy reports one clear mandatory violation with file:line:column', async () => {
    const invalid = path.join(__dirname, 'fixtures', 'invalid.yaml');
    const pack = await startPack({ CF_SSO_GUARD_CONFIG: invalid });
    try {
      const analyzed = await pack.analyze({ name: 'sso-a', props: { accountId: PROD, emailDomain: 'example.com', enabled: true } });
      expect(analyzed.diagnostics.map((d) => d.policyName).sort()).toEqual(['sso-connector-declared', 'sso-connector-settings']);
      const stack = await pack.analyzeStack([{ name: 'sso-a', props: { accountId: PROD, emailDomain: 'example.com', enabled: true } }]);
      expect(stack.diagnostics.map((d) => d.policyName).sort()).toEqual(['sso-connectors-complete', 'sso-connectors-unique', 'sso-connectors-verified']);
      for (const d of [...analyzed.diagnostics, ...stack.diagnostics]) {
        expect(d.enforcementLevel, d.policyName).toBe('mandatory');
        expect(d.message).toContain(`${invalid}:6:9`);
        expect(d.message).toContain('use_fedramp_language');
        expect(d.message).not.toMatch(/\n\s+at /); // no stack trace
      }
    } finally {
      await pack.close();
    }
  });

  it('fails closed when the file does not exist, saying where it looked and why', async () => {
    const pack = await startPack({ PULUMI_CONFIG: JSON.stringify({ 'cf-sso-guard:desiredState': 'no-such-dir/sso-connectors.yaml' }) });
    try {
      const result = await pack.analyzeStack([]);
      const complete = only(result, 'sso-connectors-complete');
      expect(complete).toHaveLength(1);
      expect(complete[0].enforcementLevel).toBe('mandatory');
      expect(complete[0].message).toContain('no-such-dir/sso-connectors.yaml');
      expect(complete[0].message).toContain('stack config cf-sso-guard:desiredState');
      // Relative to the Pulumi project directory above the pack (this repository's root).
      expect(complete[0].message).toContain(path.resolve(PACK_DIR, '..', 'no-such-dir', 'sso-connectors.yaml'));
    } finally {
      await pack.close();
    }
  });
});

describe('policy pack module wiring', () => {
  it('resolves @pulumi/policy and @pulumi/pulumi to the same instances the engine runner uses', () => {
    const runnerPulumi = fs.realpathSync(path.join(PACK_DIR, 'node_modules', '@pulumi', 'pulumi', 'package.json'));
    const fromBundle = require.resolve('@pulumi/policy/package.json', { paths: [path.join(PACK_DIR, 'bin')] });
    const policyDir = path.dirname(fs.realpathSync(fromBundle));
    const pulumiFromPolicy = fs.realpathSync(require.resolve('@pulumi/pulumi/package.json', { paths: [policyDir] }));
    const pulumiFromBundle = fs.realpathSync(require.resolve('@pulumi/pulumi/package.json', { paths: [path.join(PACK_DIR, 'bin')] }));
    expect(pulumiFromPolicy).toBe(runnerPulumi);
    expect(pulumiFromBundle).toBe(runnerPulumi);
  });

  it('ships compiled JavaScript as main, so the runner never compiles TypeScript', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PACK_DIR, 'package.json'), 'utf8')) as { main: string };
    expect(manifest.main).toMatch(/\.js$/);
    expect(fs.existsSync(path.join(PACK_DIR, manifest.main))).toBe(true);
    const bundle = fs.readFileSync(path.join(PACK_DIR, manifest.main), 'utf8');
    // External, so there is one instance of each: the runner's.
    expect(bundle).toContain('require("@pulumi/policy")');
    expect(bundle).not.toMatch(/\bclass PolicyPack\b/);
  });
});
