// Issue 8's guarantee: whatever paging a server does within Cloudflare's documented contract (no
// paging parameters, result_info optional and its numbers plain JSON numbers), the reader gets the
// served set of connectors exactly; against servers that lie, it says "could not decide". Never a
// subset read as complete. Real SDK, real HTTP, the emulator's server behaviours.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readInventories } from '../../src/cloudflare';
import { generateSeed, startEmulator, type Fault, type RunningEmulator } from '../../src/emulator';
import { rawServer } from './raw-server';

const TOKEN = 'paging-property-token-5bq2';

/** Server behaviours that conform to the description; the reader must read each one completely. */
const CONFORMING: Record<string, (size: number) => Fault[]> = {
  'honours page/per_page, with result_info': () => [],
  'honours page/per_page, no result_info': () => [{ kind: 'no_result_info' }],
  'all at once, with result_info': () => [{ kind: 'ignore_paging' }],
  'all at once, no result_info': () => [{ kind: 'ignore_paging' }, { kind: 'no_result_info' }],
  'own page size, with result_info': (size) => [{ kind: 'fixed_page_size', size }],
  'own page size, no result_info': (size) => [{ kind: 'fixed_page_size', size }, { kind: 'no_result_info' }],
  'own page size, fractional result_info': (size) => [{ kind: 'fixed_page_size', size }, { kind: 'fractional_result_info' }],
  'all at once, fractional result_info': () => [{ kind: 'ignore_paging' }, { kind: 'fractional_result_info' }],
};

/** Behaviours that lie about the list; the reader must never call a part of it complete. */
const LYING: Record<string, (size: number) => Fault[]> = {
  'total_count promises more than exists': (size) => [{ kind: 'fixed_page_size', size }, { kind: 'wrong_total', extra: 3 }],
  'all at once, total_count promises more': () => [{ kind: 'ignore_paging' }, { kind: 'wrong_total', extra: 1 }],
};

const emulators: RunningEmulator[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.close()));
});

async function serve(connectors: number, faults: Fault[]): Promise<{ emulator: RunningEmulator; accountId: string; served: string[] }> {
  const seed = generateSeed({ accounts: 1, connectorsPerAccount: connectors, salt: `${connectors}` });
  const [accountId] = Object.keys(seed.accounts) as [string];
  const emulator = await startEmulator({ token: TOKEN, seed, faults });
  emulators.push(emulator);
  return { emulator, accountId, served: seed.accounts[accountId]!.connectors.map((c) => c.id).sort() };
}

async function read(emulator: RunningEmulator, accountId: string) {
  const [inventory] = await readInventories([accountId], { apiToken: TOKEN, baseURL: emulator.url, retries: 0, timeoutMs: 10_000 });
  return inventory!;
}

describe('the reader gets the complete list from any conforming server', () => {
  it('observed set equals served set for every conforming paging behaviour', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 70 }),
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom(...Object.keys(CONFORMING)),
        async (count, size, behaviour) => {
          const { emulator, accountId, served } = await serve(count, CONFORMING[behaviour]!(size));
          const inventory = await read(emulator, accountId);
          expect(inventory.error).toBeUndefined();
          expect(inventory.status).toBe('ok');
          expect(inventory.connectors.map((c) => c.id).sort()).toEqual(served);
          // Bounded: the pages needed plus at most one probe.
          const pageSize = behaviour.startsWith('all at once') ? Math.max(count, 1) : behaviour.startsWith('own') ? size : 20;
          expect(inventory.pagesFetched).toBeLessThanOrEqual(Math.max(1, Math.ceil(count / pageSize)) + 1);
          await emulator.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a lying server is "could not decide", never a subset read as complete', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom(...Object.keys(LYING)),
        async (count, size, behaviour) => {
          const { emulator, accountId, served } = await serve(count, LYING[behaviour]!(size));
          const inventory = await read(emulator, accountId);
          if (inventory.status === 'ok') expect(inventory.connectors.map((c) => c.id).sort()).toEqual(served);
          else expect(inventory.error).toMatch(/total_count/);
          expect(inventory.status).toBe('error');
          await emulator.close();
        },
      ),
      { numRuns: 25 },
    );
  });

  it('the first request carries no paging parameters (as the SDK makes it); later ones the server\'s own per_page', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `${i}`.padStart(32, 'a'));
    const server = await rawServer((query) => {
      const page = Number(query.get('page') ?? '1');
      const result = ids.slice((page - 1) * 3, page * 3).map((id) => ({ id, email_domain: `${id.slice(-3)}.example` }));
      return { success: true, errors: [], messages: [], result, result_info: { page, per_page: 3, count: result.length, total_count: 7 } };
    });
    try {
      const [inventory] = await readInventories(['b'.repeat(32)], { apiToken: TOKEN, baseURL: server.url, retries: 0 });
      expect(inventory!.status).toBe('ok');
      expect(inventory!.connectors).toHaveLength(7);
      expect(server.requests).toEqual(['', '?page=2&per_page=3', '?page=3&per_page=3']);
    } finally {
      await server.close();
    }
  });

  it('a page that overlaps the previous one in part is "could not decide"', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `${i}`.padStart(32, 'c'));
    // Pages slide by two while serving three: the list is moving under the reader.
    const server = await rawServer((query) => {
      const page = Number(query.get('page') ?? '1');
      const result = ids.slice((page - 1) * 2, (page - 1) * 2 + 3).map((id) => ({ id, email_domain: `${id.slice(-3)}.example` }));
      return { success: true, errors: [], messages: [], result };
    });
    try {
      const [inventory] = await readInventories(['d'.repeat(32)], { apiToken: TOKEN, baseURL: server.url, retries: 0 });
      expect(inventory!.status).toBe('error');
      expect(inventory!.error).toMatch(/page 2 repeats 1 of 3 connectors already read/);
    } finally {
      await server.close();
    }
  });

  it('a total_count that changes between pages is "could not decide"', async () => {
    const server = await rawServer((query) => {
      const page = Number(query.get('page') ?? '1');
      const id = `${page}`.padStart(32, 'e');
      return { success: true, errors: [], messages: [], result: [{ id, email_domain: `p${page}.example` }], result_info: { total_count: 3 + page } };
    });
    try {
      const [inventory] = await readInventories(['f'.repeat(32)], { apiToken: TOKEN, baseURL: server.url, retries: 0 });
      expect(inventory!.status).toBe('error');
      expect(inventory!.error).toMatch(/total_count changed from 4 to 5 on page 2/);
    } finally {
      await server.close();
    }
  });
});
