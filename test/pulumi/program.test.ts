// The Pulumi program under pulumi.runtime.setMocks: it declares exactly the connectors the YAML
// declares present; and end to end, what it declares passes the policy pack (driven over gRPC the
// way the engine drives it), while a tampered copy is rejected.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDesiredStateFile } from '../../src/desired';
import { planConnectors, providerDefaultWarnings, resourceNameFor } from '../../src/pulumi/connectors';
import { runProgram } from '../../src/pulumi/program';
import { startPack, type RunningPack } from '../../support/policy-pack';

const FIXTURE = path.join(__dirname, 'fixtures', 'sso-connectors.yaml');
const PROD = '023e105f4ecef8ad9ca31a8372d0c353';
const UNNAMED = '9a7806061c88ada191ed06f989cc3dac';
const SSO_TYPE = 'cloudflare:index/ssoConnector:SsoConnector';

type Values = Record<string, unknown>;
interface Registered {
  type: string;
  name: string;
  inputs: Values;
  outputs: Values;
}

const registered: Registered[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        // What the provider would add on create: the verification the API reports.
        const outputs = { ...args.inputs, verification: { status: 'verified', code: `cf-verify=${args.name}` } };
        registered.push({ type: args.type, name: args.name, inputs: { ...args.inputs }, outputs });
        return { id: `${args.name}-id`, state: outputs };
      },
      call: (args) => args.inputs,
    },
    'cf-sso-guard',
    'dev',
    false,
  );
  pulumi.runtime.setAllConfig({ 'cf-sso-guard:desiredState': FIXTURE }, []);
});

function settled<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

describe('Pulumi program', () => {
  it('plans one connector per present entry with stable, readable names', () => {
    const plan = planConnectors(loadDesiredStateFile(FIXTURE));
    expect(plan.map((p) => p.resourceName)).toEqual([
      'sso-production-eu-example-com',
      'sso-production-eu-corp-example-com',
      'sso-9a780606-xn--bcher-kva-example',
    ]);
    expect(plan.map((p) => p.emailDomain)).toEqual(['example.com', 'corp.example.com', 'xn--bcher-kva.example']);
    expect(plan[1]).toMatchObject({ accountId: PROD, enabled: true, useFedrampLanguage: true });
    // Omitted in the file (and not in defaults): left to Cloudflare, not sent.
    expect(plan[2]).not.toHaveProperty('enabled');
    expect(plan[2]).toMatchObject({ accountId: UNNAMED, useFedrampLanguage: false });
    expect(resourceNameFor({ id: PROD, name: 'Production EU' }, 'Example.COM.')).toBe(plan[0].resourceName);
  });

  it('warns, with file:line:column, where a setting the file omits takes the provider default', () => {
    const plan = planConnectors(loadDesiredStateFile(FIXTURE));
    expect(plan.slice(0, 2).flatMap((p) => providerDefaultWarnings(p))).toEqual([]);
    const warnings = providerDefaultWarnings(plan[2]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${FIXTURE}:${plan[2].location.line}:${plan[2].location.column}: enabled is not declared for email_domain xn--bcher-kva.example`);
    expect(warnings[0]).toContain('"sso-9a780606-xn--bcher-kva-example"');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfsso-program-'));
    const file = path.join(dir, 'no-fedramp.yaml');
    fs.writeFileSync(file, `version: 1\naccounts:\n  - id: ${PROD}\n    connectors:\n      - email_domain: a.example.com\n        enabled: true\n`);
    const [only] = planConnectors(loadDesiredStateFile(file));
    expect(providerDefaultWarnings(only)).toEqual([
      expect.stringContaining("use_fedramp_language is not declared for email_domain a.example.com, so cloudflare.SsoConnector \"sso-023e105f-a-example-com\" does not set it and takes the Cloudflare provider's default (false)"),
    ]);
  });

  it('refuses two entries that would become one resource name, naming both lines', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfsso-program-'));
    const file = path.join(dir, 'clash.yaml');
    fs.writeFileSync(
      file,
      `version: 1\naccounts:\n  - id: ${PROD}\n    name: ops\n    connectors:\n      - email_domain: a.example.com\n` +
        `  - id: ${UNNAMED}\n    name: OPS\n    connectors:\n      - email_domain: a.example.com\n`,
    );
    expect(() => planConnectors(loadDesiredStateFile(file))).toThrow(/clash\.yaml:10:\d+ and .*clash\.yaml:6:\d+ would both become the Pulumi resource "sso-ops-a-example-com"/);
  });

  it('declares exactly the YAML\'s present connectors as cloudflare.SsoConnector resources', async () => {
    const result = runProgram({});
    await Promise.all(result.declared.map(({ resource }) => settled(resource.urn)));
    expect(result.desiredStateFile).toBe(FIXTURE);
    expect(result.desiredStateSha256).toMatch(/^[0-9a-f]{64}$/);
    const connectors = registered.filter((r) => r.type === SSO_TYPE);
    expect(connectors.map((r) => r.name).sort()).toEqual(
      ['sso-9a780606-xn--bcher-kva-example', 'sso-production-eu-corp-example-com', 'sso-production-eu-example-com'],
    );
    const byName = new Map(connectors.map((r) => [r.name, r.inputs]));
    expect(byName.get('sso-production-eu-example-com')).toEqual({
      accountId: PROD,
      emailDomain: 'example.com',
      enabled: true,
      useFedrampLanguage: false,
    });
    expect(byName.get('sso-production-eu-corp-example-com')).toMatchObject({ enabled: true, useFedrampLanguage: true });
    expect(byName.get('sso-9a780606-xn--bcher-kva-example')).toEqual({
      accountId: UNNAMED,
      emailDomain: 'xn--bcher-kva.example',
      useFedrampLanguage: false,
    });
    // beginVerification stays the provider's (default true): configured, it would replace an imported connector.
    expect(connectors.some((r) => 'beginVerification' in r.inputs)).toBe(false);
    // state: absent is never declared.
    expect(connectors.some((r) => r.inputs.emailDomain === 'old.example.com')).toBe(false);
  });

  it('warns on the resource, when the program runs, where a setting takes the provider default', () => {
    // Under mocks there is no engine: @pulumi/pulumi's log.warn writes to console.warn.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      runProgram({});
      const said = warn.mock.calls.map((call) => String(call[0]));
      expect(said.filter((line) => line.includes('is not declared for email_domain'))).toEqual([
        expect.stringContaining('enabled is not declared for email_domain xn--bcher-kva.example'),
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it('stops with the file:line:column message, not a stack trace, when the file is invalid', () => {
    const invalid = path.join(__dirname, '..', 'policies', 'fixtures', 'invalid.yaml');
    let thrown: unknown;
    try {
      pulumi.runtime.setAllConfig({ 'cf-sso-guard:desiredState': invalid }, []);
      runProgram({});
    } catch (error) {
      thrown = error;
    } finally {
      pulumi.runtime.setAllConfig({ 'cf-sso-guard:desiredState': FIXTURE }, []);
    }
    expect(pulumi.RunError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toContain(`${invalid}:6:9`);
    expect((thrown as Error).message).toContain('stack config cf-sso-guard:desiredState');
  });
});

describe('program and policy pack together (gRPC, as the engine drives them)', () => {
  let pack: RunningPack;

  beforeAll(async () => {
    // The pack finds the file through the stack config, as `pulumi preview --policy-pack` passes it.
    pack = await startPack({ PULUMI_CONFIG: JSON.stringify({ 'cf-sso-guard:desiredState': FIXTURE }) });
  });
  afterAll(async () => {
    await pack?.close();
  });

  const connectors = (): Registered[] => {
    const seen = new Map<string, Registered>();
    for (const r of registered) if (r.type === SSO_TYPE) seen.set(r.name, r);
    return [...seen.values()];
  };

  it('passes what the program declares: inputs (Analyze) and outputs (AnalyzeStack)', async () => {
    expect(connectors()).toHaveLength(3);
    for (const resource of connectors()) {
      const result = await pack.analyze({ name: resource.name, props: resource.inputs as never });
      expect(result.diagnostics, resource.name).toEqual([]);
    }
    const stack = await pack.analyzeStack(connectors().map((r) => ({ name: r.name, props: r.outputs as never })));
    expect(stack.diagnostics).toEqual([]);
  });

  it('rejects a tampered copy: a flag flipped, a domain added, a connector dropped', async () => {
    const [first] = connectors().filter((r) => r.name === 'sso-production-eu-corp-example-com');
    const flipped = { ...first.inputs, useFedrampLanguage: false };
    const flippedResult = await pack.analyze({ name: first.name, props: flipped as never });
    expect(flippedResult.diagnostics).toMatchObject([{ policyName: 'sso-connector-settings', enforcementLevel: 'mandatory' }]);
    expect(flippedResult.diagnostics[0].message).toContain('use_fedramp_language is false');

    const added = { ...first.inputs, emailDomain: 'extra.example.com' };
    const addedResult = await pack.analyze({ name: 'sso-production-eu-extra-example-com', props: added as never });
    expect(addedResult.diagnostics).toMatchObject([{ policyName: 'sso-connector-declared', enforcementLevel: 'mandatory' }]);
    expect(addedResult.diagnostics[0].message).toContain('extra.example.com');

    const dropped = connectors().filter((r) => r.name !== 'sso-production-eu-example-com');
    const droppedResult = await pack.analyzeStack(dropped.map((r) => ({ name: r.name, props: r.outputs as never })));
    expect(droppedResult.diagnostics).toMatchObject([{ policyName: 'sso-connectors-complete', enforcementLevel: 'mandatory' }]);
    expect(droppedResult.diagnostics[0].message).toContain('email_domain example.com');
  });
});
