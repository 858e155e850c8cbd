// Adopting connectors that already exist: `cf-sso-guard init --pulumi-import FILE` (the CLI as a
// process, reading the emulator through the real SDK) writes the desired-state file and a Pulumi
// bulk-import file; the Pulumi program, run under setMocks on that desired-state file, declares
// exactly the resources the import file names, with the live values as inputs (so `pulumi import`
// then `pulumi preview` plans no change), and no setting is left to a provider default.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoTokenLeak } from '../support/common';
import { loadDesiredStateFile } from '../../src/desired';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import type { EmulatorSeed } from '../../src/emulator';
import { providerDefaultWarnings } from '../../src/pulumi/connectors';
import { planConnectors } from '../../src/pulumi/plan';
import { runProgram } from '../../src/pulumi/program';
import { runCli } from '../support/cli';

// Distinct from every path and name in the test: the CLI redacts any 8-character run of the token.
const TOKEN = 'cfut-Q7xPLMt-8Kq2zZ';
const PROD = '023e105f4ecef8ad9ca31a8372d0c353';
const GOV = '9a7806061c88ada191ed06f989cc3dac';
/** Shares its first 8 characters with PROD: unnamed, both accounts' example.com get one resource name. */
const PROD_TWIN = '023e105f00000000000000000000beef';
const SSO_TYPE = 'cloudflare:index/ssoConnector:SsoConnector';

function connector(id: string, emailDomain: string, enabled: boolean, useFedrampLanguage: boolean) {
  return {
    id,
    email_domain: emailDomain,
    enabled,
    use_fedramp_language: useFedrampLanguage,
    verification: { status: 'verified' as const, code: `cloudflare_dashboard_sso=${id}` },
    created_on: '2025-01-01T00:00:00.000Z',
    updated_on: '2025-01-02T00:00:00.000Z',
  };
}

// Made in the dashboard: FedRAMP language on for one (the provider default would turn it off), one
// disabled, and two connectors for one domain in the second account.
const SEED: EmulatorSeed = {
  accounts: {
    [PROD]: {
      name: 'production',
      connectors: [
        connector('aaaa0000000000000000000000000001', 'example.com', true, true),
        connector('aaaa0000000000000000000000000002', 'corp.example.com', false, false),
      ],
    },
    // Disabled: Cloudflare lets only one account enable a domain (CFSSO011; init would refuse to write both enabled).
    [PROD_TWIN]: { name: 'twin', connectors: [connector('cccc0000000000000000000000000001', 'example.com', false, false)] },
    [GOV]: {
      name: 'gov',
      connectors: [
        connector('bbbb0000000000000000000000000009', 'gov.example.com', true, true),
        connector('bbbb0000000000000000000000000003', 'gov.example.com', true, false),
        connector('bbbb0000000000000000000000000004', 'lab.example.com', true, false),
      ],
    },
  },
};

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

describe('init --pulumi-import and the Pulumi program agree', () => {
  let emulator: RunningEmulator;
  let work: string;
  let desiredFile: string;
  let importFile: string;
  let stderr: string;
  const registered: Registered[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ token: TOKEN, seed: SEED });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cfsso-import-'));
    desiredFile = path.join(work, 'sso-connectors.yaml');
    importFile = path.join(work, 'import.json');
    const result = await runCli(['init', '--account', PROD, '--account', GOV, '-o', desiredFile, '--pulumi-import', importFile], {
      env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1' },
    });
    expect(result.code, result.stderr).toBe(0);
    expectNoTokenLeak(TOKEN, { stderr: result.stderr });
    stderr = result.stderr;

    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          registered.push({ type: args.type, name: args.name, inputs: { ...args.inputs } });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      'my-own-project',
      'dev',
      false,
    );
    // The namespaced key works in a project of any name.
    pulumi.runtime.setAllConfig({ 'cf-sso-guard:desiredState': desiredFile }, []);
    const program = runProgram({});
    await Promise.all(program.declared.map(({ resource }) => new Promise((resolve) => resource.urn.apply(resolve))));
  });

  afterAll(async () => {
    await emulator?.close();
    if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
  });

  it('writes a bulk-import file: one SsoConnector per live connector, id <account_id>/<connector_id>', () => {
    const file = JSON.parse(fs.readFileSync(importFile, 'utf8')) as { resources: Array<{ type: string; name: string; id: string }> };
    expect(Object.keys(file)).toEqual(['resources']);
    expect(file.resources.map((r) => r.id).sort()).toEqual([
      `${PROD}/aaaa0000000000000000000000000001`,
      `${PROD}/aaaa0000000000000000000000000002`,
      // gov.example.com twice: the first by id is imported, the other is named on stderr.
      `${GOV}/bbbb0000000000000000000000000003`,
      `${GOV}/bbbb0000000000000000000000000004`,
    ]);
    expect(file.resources.every((r) => r.type === SSO_TYPE)).toBe(true);
    expect(stderr).toContain('connector bbbb0000000000000000000000000009 is a second connector for email_domain gov.example.com');
    expect(stderr).toContain(`Wrote ${importFile}: 4 connector(s)`);
  });

  it('names every imported connector exactly as the program declares it', () => {
    const file = JSON.parse(fs.readFileSync(importFile, 'utf8')) as { resources: Array<{ type: string; name: string; id: string }> };
    const declared = registered.filter((r) => r.type === SSO_TYPE);
    expect(declared.map((r) => `${r.type}::${r.name}`).sort()).toEqual(file.resources.map((r) => `${r.type}::${r.name}`).sort());
    // And the same (account, domain) behind each name.
    for (const entry of file.resources) {
      const inputs = declared.find((r) => r.name === entry.name)?.inputs;
      const [accountId, connectorId] = entry.id.split('/');
      const live = SEED.accounts[accountId].connectors.find((c) => c.id === connectorId);
      expect(inputs, entry.name).toMatchObject({ accountId, emailDomain: live?.email_domain });
    }
  });

  it('declares the live values, so an imported connector has nothing to change', () => {
    const file = JSON.parse(fs.readFileSync(importFile, 'utf8')) as { resources: Array<{ name: string; id: string }> };
    for (const entry of file.resources) {
      const [accountId, connectorId] = entry.id.split('/');
      const live = SEED.accounts[accountId].connectors.find((c) => c.id === connectorId);
      const inputs = registered.find((r) => r.name === entry.name)?.inputs;
      expect(inputs, entry.name).toEqual({
        accountId,
        emailDomain: live?.email_domain,
        enabled: live?.enabled,
        useFedrampLanguage: live?.use_fedramp_language,
      });
    }
    const plans = planConnectors(loadDesiredStateFile(desiredFile));
    expect(plans.flatMap((plan) => providerDefaultWarnings(plan))).toEqual([]);
  });

  it('writes nothing when the program could not name the connectors apart, and says why', async () => {
    const yaml = path.join(work, 'twins.yaml');
    const json = path.join(work, 'twins.json');
    const result = await runCli(['init', '--account', PROD, '--account', PROD_TWIN, '-o', yaml, '--pulumi-import', json], {
      env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Nothing written: the Pulumi program could not name these connectors');
    expect(result.stderr).toContain('would both become the Pulumi resource "sso-023e105f-example-com"');
    expect(result.stderr).not.toContain('unexpected error');
    expect(fs.existsSync(yaml)).toBe(false);
    expect(fs.existsSync(json)).toBe(false);
  });

  it('refuses to overwrite an import file without --force', async () => {
    const again = await runCli(['init', '--account', PROD, '-o', path.join(work, 'other.yaml'), '--pulumi-import', importFile], {
      env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url, NO_COLOR: '1' },
    });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${importFile} already exists; pass --force`);
    expect(fs.existsSync(path.join(work, 'other.yaml'))).toBe(false);
  });
});
