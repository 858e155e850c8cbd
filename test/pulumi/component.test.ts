// The SsoConnectors component (`cf-sso-guard/pulumi`) from the sources under pulumi.runtime.setMocks:
// children named as the program names them, adoption of existing connectors by the import file, and
// a clear stop (RunError, no stack trace) for an import name or a file it cannot use.
// test/package/pulumi-from-npm.test.ts runs the same component from the installed tarball.
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { SsoConnectors, SSO_CONNECTORS_TYPE } from '../../src/pulumi/component';

const FIXTURE = path.join(__dirname, 'fixtures', 'sso-connectors.yaml');
const PROD = '023e105f4ecef8ad9ca31a8372d0c353';
const registered: Array<{ type: string; name: string; id?: string; parent?: string }> = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, id: args.id });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    'user-project',
    'dev',
    false,
  );
});

describe('SsoConnectors', () => {
  it("declares each present connector as the component's child, adopting the ones the import file names", async () => {
    const sso = new SsoConnectors('sso', { desiredState: FIXTURE, import: { resources: [{ type: 'cloudflare:index/ssoConnector:SsoConnector', name: 'sso-production-eu-example-com', id: `${PROD}/abc` }] } });
    expect(sso.connectors.map((c) => c.resourceName)).toEqual(['sso-production-eu-example-com', 'sso-production-eu-corp-example-com', 'sso-9a780606-xn--bcher-kva-example']);
    const urns = await Promise.all(sso.connectors.map((c) => new Promise<string>((resolve) => c.connector.urn.apply(resolve))));
    // A child's URN carries the component's type as its parent type.
    expect(urns.every((urn) => urn.includes(`${SSO_CONNECTORS_TYPE}$cloudflare:index/ssoConnector:SsoConnector::`))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const adopted = registered.filter((resource) => resource.id !== undefined && resource.id !== '');
    expect(adopted.map((resource) => [resource.name, resource.id])).toEqual([['sso-production-eu-example-com', `${PROD}/abc`]]);
    expect(sso.desiredStateSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stops with a clear message for an import name the file does not declare', () => {
    expect(() => new SsoConnectors('typo', { desiredState: FIXTURE, import: { 'sso-production-eu-exmaple-com': `${PROD}/abc` } })).toThrow(
      /import names "sso-production-eu-exmaple-com", which .*sso-connectors\.yaml does not declare present/,
    );
  });

  it('stops with file:line:column for a desired-state file it cannot use (a RunError: no stack trace)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-sso-guard-component-'));
    const file = path.join(dir, 'sso-connectors.yaml');
    fs.writeFileSync(file, 'version: 1\naccounts:\n  - id: nope\n    connectors: []\n');
    let caught: unknown;
    try {
      new SsoConnectors('bad', { desiredState: file });
    } catch (error) {
      caught = error;
    }
    expect(pulumi.RunError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/sso-connectors\.yaml:3:\d+/);
  });
});
