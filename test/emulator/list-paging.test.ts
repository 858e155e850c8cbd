import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed, startEmulator, type RunningEmulator } from '../../src/emulator';
import { origin, PRODUCTION, rawApi, sdk, start, TOKEN, envelopeOf, resultInfoOf } from './helpers';

describe('list with paging through the official SDK', () => {
  const seed = generateSeed({ accounts: 2, connectorsPerAccount: 47 });
  const [bigAccount, otherAccount] = Object.keys(seed.accounts) as [string, string];
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ token: TOKEN, seed });
  });
  afterAll(() => emulator.close());

  it('serves the requested page with result_info (page 2 of 5 per page)', async () => {
    const page = await sdk(emulator).iam.sso.list({ account_id: bigAccount }, { query: { page: 2, per_page: 5 } });
    const result_info = resultInfoOf(page);
    expect(result_info).toEqual({ page: 2, per_page: 5, count: 5, total_count: 47, total_pages: 10 });
    const expectedIds = seed.accounts[bigAccount]!.connectors.slice(5, 10).map((c) => c.id);
    expect(page.result.map((c) => c.id)).toEqual(expectedIds);
  });

  it('defaults to page 1 with 20 per page, like the real API', async () => {
    const { data, response } = await sdk(emulator).iam.sso.list({ account_id: bigAccount }).withResponse();
    expect(response.status).toBe(200);
    expect(resultInfoOf(data)).toEqual({
      page: 1,
      per_page: 20,
      count: 20,
      total_count: 47,
      total_pages: 3,
    });
    expect(data.result).toHaveLength(20);
  });

  it('walks every page once, in a stable order, with no item repeated', async () => {
    const client = sdk(emulator);
    const seen: string[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await client.iam.sso.list({ account_id: bigAccount }, { query: { page: pageNumber, per_page: 10 } });
      seen.push(...page.result.map((c) => c.id as string));
      if (pageNumber >= resultInfoOf(page).total_pages) break;
    }
    expect(seen).toEqual(seed.accounts[bigAccount]!.connectors.map((c) => c.id));
    expect(new Set(seen).size).toBe(47);
  });

  it('returns an empty last-plus-one page with count 0 and the true total', async () => {
    const page = await sdk(emulator).iam.sso.list({ account_id: otherAccount }, { query: { page: 6, per_page: 10 } });
    expect(page.result).toEqual([]);
    expect(resultInfoOf(page)).toMatchObject({ page: 6, count: 0, total_count: 47 });
  });

  it('accepts per_page up to 1000 and rejects more with a 400 envelope', async () => {
    const all = await sdk(emulator).iam.sso.list({ account_id: bigAccount }, { query: { per_page: 1000 } });
    expect(all.result).toHaveLength(47);
    for (const bad of ['1001', '0', 'abc']) {
      const response = await rawApi(emulator, `/accounts/${bigAccount}/sso_connectors?per_page=${bad}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { success: boolean; errors: { code: number; message: string }[] };
      expect(body.success).toBe(false);
      expect(body.errors[0]?.message).toMatch(/per_page/);
    }
    const badPage = await rawApi(emulator, `/accounts/${bigAccount}/sso_connectors?page=0`);
    expect(badPage.status).toBe(400);
  });

  it('orders by created_on then id, whatever the seed order', async () => {
    const shuffled = generateSeed({ accounts: 1, connectorsPerAccount: 6 });
    const [account] = Object.keys(shuffled.accounts) as [string];
    const connectors = shuffled.accounts[account]!.connectors;
    // Two connectors created at the same instant: the id decides.
    connectors[4]!.created_on = connectors[1]!.created_on;
    shuffled.accounts[account]!.connectors = [...connectors].reverse();
    const local = await startEmulator({ token: TOKEN, seed: shuffled });
    try {
      const page = await sdk(local).iam.sso.list({ account_id: account });
      const expected = [...connectors]
        .sort((a, b) => Date.parse(a.created_on) - Date.parse(b.created_on) || (a.id < b.id ? -1 : 1))
        .map((c) => c.id);
      expect(page.result.map((c) => c.id)).toEqual(expected);
    } finally {
      await local.close();
    }
  });
});

describe('base URL with and without /client/v4', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.close());

  it('exposes a /client/v4 url on 127.0.0.1', () => {
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}/client/v4`);
  });

  it('serves the same list at the bare origin and under /client/v4', async () => {
    const prefixed = await sdk(emulator).iam.sso.list({ account_id: PRODUCTION });
    const bare = await sdk(emulator, TOKEN, origin(emulator)).iam.sso.list({ account_id: PRODUCTION });
    expect(prefixed.result.length).toBe(5);
    expect(bare.result).toEqual(prefixed.result);
    const trailingSlash = await sdk(emulator, TOKEN, `${emulator.url}/`).iam.sso.list({ account_id: PRODUCTION });
    expect(trailingSlash.result).toEqual(prefixed.result);
  });

  it('serves items in the v4 shape of the reference page', async () => {
    const page = await sdk(emulator).iam.sso.list({ account_id: PRODUCTION });
    const first = page.result[0]!;
    expect(Object.keys(first).sort()).toEqual(
      ['created_on', 'email_domain', 'enabled', 'id', 'updated_on', 'use_fedramp_language', 'verification'].sort(),
    );
    expect(first.verification?.code).toBe(`cloudflare_dashboard_sso=${first.id}`);
    expect(envelopeOf(page)).toMatchObject({ success: true, errors: [], messages: [] });
  });
});
