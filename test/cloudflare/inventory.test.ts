// The live reader through the REAL cloudflare SDK, over loopback HTTP to the emulator.
// Every fault must end either in a complete inventory or in status 'error' — never an empty "ok".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSeed, startEmulator, type Fault, type RunningEmulator } from '../../src/emulator';
import { readInventories, type ReadOptions } from '../../src/cloudflare';
import { rawServer } from './raw-server';

const TOKEN = 'cf-test-token-7f3KpQ9wXz2mN4vB';
const seed = generateSeed({ accounts: 3, connectorsPerAccount: 50 });
const [A, B, C] = Object.keys(seed.accounts);

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, seed });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.reset();
});

function options(overrides: Partial<ReadOptions> = {}): ReadOptions {
  return { apiToken: TOKEN, baseURL: emulator.url, retries: 2, timeoutMs: 2_000, ...overrides };
}

async function readOne(faults: Fault[], overrides: Partial<ReadOptions> = {}) {
  emulator.setFaults(faults);
  const [inventory] = await readInventories([A], options(overrides));
  expect(JSON.stringify(inventory)).not.toContain(TOKEN);
  return inventory;
}

describe('reading the live inventory through the official SDK', () => {
  it('reads every page when total_count says there are more', async () => {
    const inventories = await readInventories([A, B], options());
    for (const inventory of inventories) {
      expect(inventory.status).toBe('ok');
      expect(inventory.connectors).toHaveLength(50);
      expect(inventory.pagesFetched).toBe(3);
      expect(new Set(inventory.connectors.map((c) => c.id)).size).toBe(50);
    }
    expect(inventories.map((i) => i.accountId)).toEqual([A, B]);
    expect(inventories[0].connectors[0]).toMatchObject({ accountId: A, enabled: true, useFedrampLanguage: false, verification: { status: 'verified' } });
  });

  it('a wrong token is an error naming the status and Cloudflare code, without the token', async () => {
    const [inventory] = await readInventories([A], options({ apiToken: 'wrong-token-value-123' }));
    expect(inventory.status).toBe('error');
    expect(inventory.connectors).toEqual([]);
    expect(inventory.error).toMatch(/HTTP 403/);
    expect(inventory.error).toMatch(/10000/);
    expect(inventory.error).toMatch(/SSO Connector Read/);
    expect(inventory.error).not.toContain('wrong-token-value-123');
  });

  it('401 and 404 are errors', async () => {
    expect((await readOne([{ kind: 'status', status: 401 }])).error).toMatch(/HTTP 401/);
    emulator.setFaults([]);
    const [unknown] = await readInventories(['ffffffffffffffffffffffffffffffff'], options());
    expect(unknown.status).toBe('error');
    expect(unknown.error).toMatch(/HTTP 404/);
  });

  it('429 with Retry-After, then success', async () => {
    const inventory = await readOne([{ kind: 'rate_limit', retryAfterSeconds: 1, times: 1 }]);
    expect(inventory.status).toBe('ok');
    expect(inventory.connectors).toHaveLength(50);
    expect(emulator.stats().rateLimited).toBe(1);
  });

  it('5xx then success', async () => {
    const inventory = await readOne([{ kind: 'status', status: 503, times: 2 }]);
    expect(inventory.status).toBe('ok');
    expect(inventory.connectors).toHaveLength(50);
  });

  it('5xx forever: a bounded number of tries, then an error', async () => {
    const inventory = await readOne([{ kind: 'status', status: 502 }], { retries: 2 });
    expect(inventory.status).toBe('error');
    expect(inventory.error).toMatch(/HTTP 502/);
    expect(emulator.stats().byAccount[A].total).toBe(3);
  });

  it('a timeout is retried; a server that never answers is an error', async () => {
    const once = await readOne([{ kind: 'hang', times: 1 }], { timeoutMs: 300 });
    expect(once.status).toBe('ok');
    const forever = await readOne([{ kind: 'hang' }], { timeoutMs: 300, retries: 1 });
    expect(forever.status).toBe('error');
    expect(forever.error).toMatch(/timed out/);
  });

  it('HTML instead of JSON is an error, not an empty list', async () => {
    const inventory = await readOne([{ kind: 'html' }]);
    expect(inventory.status).toBe('error');
    expect(inventory.error).toMatch(/HTML/);
  });

  it('a body without result, or cut-off JSON, is an error', async () => {
    expect((await readOne([{ kind: 'malformed', variant: 'missing_result' }])).error).toMatch(/"result" is missing/);
    expect((await readOne([{ kind: 'malformed', variant: 'truncated_json' }])).status).toBe('error');
  });

  it('an item without email_domain cannot be matched: the account fails and says which field and page', async () => {
    const inventory = await readOne([{ kind: 'item_missing_fields', fields: ['email_domain'], page: 2 }]);
    expect(inventory.status).toBe('error');
    expect(inventory.error).toMatch(/has no email_domain, so it cannot be matched/);
    expect(inventory.error).toMatch(/page 2/);
  });

  it('an item without id cannot be matched either', async () => {
    const inventory = await readOne([{ kind: 'item_missing_fields', fields: ['id'], index: 3 }]);
    expect(inventory.status).toBe('error');
    expect(inventory.error).toMatch(/result\[3\] has no id/);
  });

  it('an item without settings is read: absent fields are unknown, not malformed', async () => {
    const inventory = await readOne([{ kind: 'item_missing_fields', fields: ['verification', 'enabled', 'use_fedramp_language'], page: 2, index: 1 }]);
    expect(inventory.status).toBe('ok');
    expect(inventory.connectors).toHaveLength(50);
    const bare = inventory.connectors[21];
    expect(bare).not.toHaveProperty('enabled');
    expect(bare).not.toHaveProperty('useFedrampLanguage');
    expect(bare).not.toHaveProperty('verification');
    expect(inventory.connectors[20]).toMatchObject({ enabled: true, verification: { status: 'verified' } });
  });

  it('a present field of the wrong type is still malformed', async () => {
    const server = await rawServer(() => ({ success: true, errors: [], messages: [], result: [{ id: 'a'.repeat(32), email_domain: 'x.example', enabled: 'yes' }] }));
    try {
      const [inventory] = await readInventories([A], options({ baseURL: server.url }));
      expect(inventory.status).toBe('error');
      expect(inventory.error).toMatch(/enabled is "yes", expected a boolean \(page 1\)/);
    } finally {
      await server.close();
    }
  });

  it('a total_count that the pages never reach is an error (paging lies)', async () => {
    const inventory = await readOne([{ kind: 'wrong_total', extra: 7 }]);
    expect(inventory.status).toBe('error');
    expect(inventory.error).toMatch(/total_count/);
  });

  it('one bad account does not spoil the others, and order follows the request', async () => {
    emulator.setFaults([{ kind: 'status', status: 500, accountId: B }]);
    const inventories = await readInventories([A, B, C], options({ retries: 0 }));
    expect(inventories.map((i) => [i.accountId, i.status])).toEqual([[A, 'ok'], [B, 'error'], [C, 'ok']]);
  });

  it('respects the concurrency bound', async () => {
    emulator.configure({ latencyMs: 30 });
    await readInventories([A, B, C], options({ concurrency: 2 }));
    expect(emulator.stats().maxInFlight).toBeLessThanOrEqual(2);
    expect(emulator.stats().maxInFlight).toBeGreaterThanOrEqual(1);
  });

  it('the client-side rate limit keeps the server from ever answering 429', async () => {
    // The client allows 4 starts per sliding second, so 9 requests span at least 2 s; the server's fixed
    // window allows 8 a second. Without the client limit all 9 land in one second and the 9th is a 429;
    // with it, a 429 would need one request delayed a whole second more than another (not timing-tight).
    emulator.configure({ rateLimit: { requests: 8, windowMs: 1_000 } });
    const inventories = await readInventories([A, B, C], options({ rateLimit: { requests: 4, windowMs: 1_000 }, concurrency: 3, retries: 0 }));
    expect(inventories.map((i) => i.error ?? 'ok')).toEqual(['ok', 'ok', 'ok']);
    expect(inventories.every((i) => i.status === 'ok')).toBe(true);
    expect(emulator.stats().rateLimited).toBe(0);
    expect(emulator.stats().totalRequests).toBe(9);
  });
});
