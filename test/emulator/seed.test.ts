import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmulatorSeedError, generateSeed, loadSeedFile, startEmulator, validateSeed } from '../../src/emulator';
import { DEMO_INVENTORY_PATH, GOV, PRODUCTION, sdk, TOKEN } from './helpers';

const scratch = mkdtempSync(join(tmpdir(), 'cf-sso-emulator-seed-'));

function writeSeed(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

const validConnector = {
  id: 'acade23a639dbf4bec9b765339c9c326',
  email_domain: 'example.com',
  enabled: true,
  use_fedramp_language: false,
  verification: { status: 'verified', code: 'cloudflare_dashboard_sso=acade23a639dbf4bec9b765339c9c326' },
  created_on: '2024-03-04T09:15:22.000Z',
  updated_on: '2024-03-04T09:15:22.000Z',
};

describe('loadSeedFile', () => {
  it('loads a valid file', () => {
    const path = writeSeed('ok.json', JSON.stringify({ token: 'abc', accounts: { [PRODUCTION]: { connectors: [validConnector] } } }));
    const seed = loadSeedFile(path);
    expect(seed.token).toBe('abc');
    expect(seed.accounts[PRODUCTION]?.connectors[0]?.email_domain).toBe('example.com');
  });

  it.each([
    ['missing file', null, /: emulator seed file not found$/],
    ['invalid JSON', '{"accounts": ', /not valid JSON/],
    ['no accounts', '{}', /"accounts" must be an object/],
    ['bad account id', JSON.stringify({ accounts: { ABC: { connectors: [] } } }), /accounts\["ABC"\] key must be an account id/],
    [
      'bad verification status',
      JSON.stringify({
        accounts: { [PRODUCTION]: { connectors: [{ ...validConnector, verification: { status: 'done', code: '' } }] } },
      }),
      /connectors\[0\]\.verification\.status must be one of awaiting, pending, failed, verified/,
    ],
    [
      'missing email_domain',
      JSON.stringify({ accounts: { [PRODUCTION]: { connectors: [{ ...validConnector, email_domain: undefined }] } } }),
      /connectors\[0\]\.email_domain must be a non-empty string/,
    ],
    [
      'repeated id',
      JSON.stringify({ accounts: { [PRODUCTION]: { connectors: [validConnector, validConnector] } } }),
      /connectors\[1\]\.id repeats id/,
    ],
    [
      'bad timestamp',
      JSON.stringify({ accounts: { [PRODUCTION]: { connectors: [{ ...validConnector, created_on: 'yesterday' }] } } }),
      /created_on must be an ISO 8601 timestamp/,
    ],
  ])('rejects %s with a message naming the file and the place', (_name, content, message) => {
    const path = content === null ? join(scratch, 'does-not-exist.json') : writeSeed(`${_name.replace(/ /g, '-')}.json`, content);
    let caught: unknown;
    try {
      loadSeedFile(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EmulatorSeedError);
    expect((caught as Error).message).toContain(path);
    expect((caught as Error).message).toMatch(message);
  });

  it('startEmulator refuses an invalid seed object', async () => {
    await expect(startEmulator({ token: TOKEN, seed: { accounts: { nope: { connectors: [] } } } })).rejects.toBeInstanceOf(
      EmulatorSeedError,
    );
  });
});

describe('generateSeed', () => {
  it('is deterministic and valid', () => {
    const first = generateSeed({ accounts: 3, connectorsPerAccount: 4 });
    expect(generateSeed({ accounts: 3, connectorsPerAccount: 4 })).toEqual(first);
    expect(validateSeed(first)).toEqual(first);
    expect(Object.keys(first.accounts)).toHaveLength(3);
    const ids = Object.values(first.accounts).flatMap((account) => account.connectors.map((c) => c.id));
    expect(new Set(ids).size).toBe(12);
    expect(generateSeed({ accounts: 3, connectorsPerAccount: 4, salt: 'x' })).not.toEqual(first);
  });

  it('refuses negative or fractional sizes', () => {
    expect(() => generateSeed({ accounts: -1, connectorsPerAccount: 1 })).toThrow(/accounts/);
    expect(() => generateSeed({ accounts: 1, connectorsPerAccount: 1.5 })).toThrow(/connectorsPerAccount/);
  });
});

describe('examples/demo-inventory.json', () => {
  const demo = loadSeedFile(DEMO_INVENTORY_PATH);
  const byDomain = (accountId: string, domain: string) =>
    demo.accounts[accountId]!.connectors.filter((connector) => connector.email_domain === domain);

  it('has exactly the two demo accounts, named', () => {
    expect(Object.keys(demo.accounts).sort()).toEqual([PRODUCTION, GOV].sort());
    expect(demo.accounts[PRODUCTION]?.name).toBe('production');
    expect(demo.accounts[GOV]?.name).toBe('gov');
  });

  it('carries the planned drift in production', () => {
    expect(byDomain(PRODUCTION, 'example.com')).toEqual([
      expect.objectContaining({ enabled: true, use_fedramp_language: true, verification: expect.objectContaining({ status: 'verified' }) }),
    ]);
    expect(byDomain(PRODUCTION, 'corp.example.com')).toEqual([
      expect.objectContaining({ enabled: false, verification: expect.objectContaining({ status: 'verified' }) }),
    ]);
    expect(byDomain(PRODUCTION, 'staging.example.com')[0]?.verification.status).toBe('pending');
    expect(byDomain(PRODUCTION, 'old.example.com')).toHaveLength(1);
    expect(byDomain(PRODUCTION, 'shadow-it.example.net')).toHaveLength(1);
    expect(byDomain(PRODUCTION, 'partners.example.org')).toHaveLength(0);
  });

  it('carries the planned drift in gov', () => {
    expect(byDomain(GOV, 'gov.example.com')).toEqual([
      expect.objectContaining({ enabled: true, use_fedramp_language: false, verification: expect.objectContaining({ status: 'verified' }) }),
    ]);
    const eu = byDomain(GOV, 'eu.example.com');
    expect(eu).toHaveLength(2);
    expect(eu[0]?.id).not.toBe(eu[1]?.id);
    for (const connector of eu) {
      expect(connector).toMatchObject({ enabled: true, use_fedramp_language: true, verification: { status: 'verified' } });
    }
  });

  it('uses the connector id in every verification code', () => {
    for (const account of Object.values(demo.accounts)) {
      for (const connector of account.connectors) expect(connector.verification.code).toBe(`cloudflare_dashboard_sso=${connector.id}`);
    }
  });

  it('is served as-is through the SDK', async () => {
    const emulator = await startEmulator({ token: TOKEN, seed: demo });
    try {
      const page = await sdk(emulator).iam.sso.list({ account_id: PRODUCTION });
      expect(page.result.map((c) => c.email_domain).sort()).toEqual(
        ['corp.example.com', 'example.com', 'old.example.com', 'shadow-it.example.net', 'staging.example.com'],
      );
    } finally {
      await emulator.close();
    }
  });
});

describe('the seed file: every problem at once, and a JSON Schema that agrees', () => {
  const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'emulator-seed.schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const broken = {
    tokn: 'typo',
    accounts: {
      [PRODUCTION]: { connectors: [{ ...validConnector, enabled: 'yes', verification: { status: 'done', code: 1 } }, { ...validConnector, email_domain: '' }] },
      ABC: { connectors: 'none' },
    },
  };

  it('lists each problem of a broken file in one error, not the first one per start', () => {
    let message = '';
    try {
      validateSeed(broken, 'seed.json');
    } catch (error) {
      expect(error).toBeInstanceOf(EmulatorSeedError);
      message = (error as Error).message;
    }
    expect(message.split('\n')[0]).toBe('seed.json (8 problems):');
    for (const problem of [
      '"tokn" is not a seed key',
      `accounts["${PRODUCTION}"].connectors[0].enabled must be true or false`,
      `accounts["${PRODUCTION}"].connectors[0].verification.status must be one of awaiting, pending, failed, verified`,
      `accounts["${PRODUCTION}"].connectors[0].verification.code must be a string`,
      `accounts["${PRODUCTION}"].connectors[1].id repeats id`,
      `accounts["${PRODUCTION}"].connectors[1].email_domain must be a non-empty string`,
      'accounts["ABC"] key must be an account id',
      'accounts["ABC"].connectors must be an array',
    ]) {
      expect(message).toContain(problem);
    }
    expect(message).toContain('schemas/emulator-seed.schema.json');
  });

  it('the schema accepts the demo inventory and a generated seed, and rejects what validateSeed rejects', () => {
    const demo = JSON.parse(readFileSync(DEMO_INVENTORY_PATH, 'utf8')) as unknown;
    expect(validate(demo), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(generateSeed({ accounts: 2, connectorsPerAccount: 3, token: 't' })), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(broken)).toBe(false);
    const paths = new Set((validate.errors ?? []).map((error) => error.instancePath || error.keyword));
    expect(paths.size).toBeGreaterThanOrEqual(4);
    for (const bad of [{}, { accounts: { [PRODUCTION]: { connectors: [{ ...validConnector, created_on: 'yesterday' }] } } }, { token: '', accounts: {} }]) {
      expect(() => validateSeed(bad)).toThrow(EmulatorSeedError);
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("the README's seed example is a valid seed, and the schema says so too", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### The emulator on its own'));
    const example = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(section)?.[1] ?? 'null') as unknown;
    expect(validateSeed(example).accounts[PRODUCTION]?.connectors).toHaveLength(1);
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });
});
