import { RateLimitError } from 'cloudflare';
import { describe, expect, it } from 'vitest';
import { FixedWindowRateLimiter } from '../../src/emulator/rate-limit';
import { GOV, postControl, PRODUCTION, rawApi, sdk, start, statsOverHttp, UNKNOWN_ACCOUNT, waitForInFlight } from './helpers';

describe('rate limit', () => {
  it('serves 429 with Retry-After (whole seconds) and code 971 once the window is used up', async () => {
    const emulator = await start({ rateLimit: { requests: 3, windowMs: 60_000 } });
    try {
      const client = sdk(emulator);
      for (let i = 0; i < 3; i++) await client.iam.sso.list({ account_id: PRODUCTION });
      const error = await client.iam.sso.list({ account_id: PRODUCTION }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(RateLimitError);
      const limited = error as RateLimitError;
      const retryAfter = limited.headers?.get('retry-after') ?? '';
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      expect(limited.errors[0]).toMatchObject({ code: 971 });
      const stats = emulator.stats();
      expect(stats.rateLimited).toBe(1);
      expect(stats.byStatus).toEqual({ 200: 3, 429: 1 });
    } finally {
      await emulator.close();
    }
  });

  it('opens a new window after windowMs and rounds Retry-After up to whole seconds (fake clock)', () => {
    let now = 1_000_000;
    const limiter = new FixedWindowRateLimiter({ requests: 2, windowMs: 2_500 }, () => now);
    expect(limiter.take('t')).toBe(0);
    expect(limiter.take('t')).toBe(0);
    expect(limiter.take('t')).toBe(3); // 2.5 s left -> 3
    now += 2_000;
    expect(limiter.take('t')).toBe(1); // 0.5 s left -> 1, never 0
    expect(limiter.take('other-token')).toBe(0); // per token
    now += 500;
    expect(limiter.take('t')).toBe(0);
  });

  it('can be switched on and off at runtime over the control API', async () => {
    const emulator = await start();
    try {
      const on = await postControl(emulator, 'config', { rateLimit: { requests: 1, windowMs: 60_000 } });
      expect(on.status).toBe(200);
      const client = sdk(emulator);
      await client.iam.sso.list({ account_id: PRODUCTION });
      await expect(client.iam.sso.list({ account_id: PRODUCTION })).rejects.toBeInstanceOf(RateLimitError);
      expect((await postControl(emulator, 'config', { rateLimit: null })).status).toBe(200);
      expect((await client.iam.sso.list({ account_id: PRODUCTION })).result).toHaveLength(5);
      const invalid = await postControl(emulator, 'config', { rateLimit: { requests: 0, windowMs: 10 } });
      expect(invalid.status).toBe(400);
    } finally {
      await emulator.close();
    }
  });
});

describe('stats', () => {
  it('counts requests per account and route, and statuses', async () => {
    const emulator = await start();
    try {
      const client = sdk(emulator);
      await client.iam.sso.list({ account_id: PRODUCTION });
      await client.iam.sso.list({ account_id: PRODUCTION }, { query: { page: 2 } });
      await client.iam.sso.get('435cdb27e697dd5eef7744c2ab11ed2b', { account_id: GOV });
      await rawApi(emulator, `/accounts/${UNKNOWN_ACCOUNT}/sso_connectors`);
      await rawApi(emulator, `/accounts/${PRODUCTION}/sso_connectors`, { token: 'wrong' });
      const stats = await statsOverHttp(emulator);
      expect(stats.totalRequests).toBe(5);
      expect(stats.byAccount[PRODUCTION]).toEqual({ total: 3, byRoute: { list: 3 } });
      expect(stats.byAccount[GOV]).toEqual({ total: 1, byRoute: { get: 1 } });
      expect(stats.byAccount[UNKNOWN_ACCOUNT]).toEqual({ total: 1, byRoute: { list: 1 } });
      expect(stats.byRoute).toEqual({ list: 4, get: 1 });
      expect(stats.byStatus).toEqual({ 200: 3, 403: 1, 404: 1 });
      expect(stats.inFlight).toBe(0);
      // Control requests are not counted.
      expect((await statsOverHttp(emulator)).totalRequests).toBe(5);
    } finally {
      await emulator.close();
    }
  });

  it('records the largest number of requests in flight at once', async () => {
    const emulator = await start({ faults: [{ kind: 'hang', times: 3 }] });
    try {
      const url = `${emulator.url}/accounts/${PRODUCTION}/sso_connectors`;
      const controller = new AbortController();
      const hanging = [1, 2, 3].map(() =>
        fetch(url, { headers: { authorization: 'Bearer test-token-Zq81vN3' }, signal: controller.signal }).catch(() => 'aborted'),
      );
      await waitForInFlight(emulator, 3);
      // A fourth request is served while the three hang.
      expect((await sdk(emulator).iam.sso.list({ account_id: PRODUCTION })).result).toHaveLength(5);
      controller.abort();
      expect(await Promise.all(hanging)).toEqual(['aborted', 'aborted', 'aborted']);
      const stats = emulator.stats();
      expect(stats.maxInFlight).toBe(4);
      expect(stats.faultsApplied.hang).toBe(3);
    } finally {
      await emulator.close();
    }
  });
});
