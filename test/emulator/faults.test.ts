import {
  APIConnectionTimeoutError,
  AuthenticationError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'cloudflare';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator';
import {
  GOV,
  origin,
  postControl,
  PRODUCTION,
  rawApi,
  sdk,
  setFaultsOverHttp,
  start,
  statsOverHttp,
  envelopeOf,
  resultInfoOf,
  waitForInFlight,
} from './helpers';

function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );
}

describe('fault injection', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await start();
  });
  beforeEach(() => emulator.reset());
  afterAll(() => emulator.close());

  it('rate_limit: 429 with Retry-After in seconds and code 971', async () => {
    await setFaultsOverHttp(emulator, [{ kind: 'rate_limit', retryAfterSeconds: 7, times: 1 }]);
    const error = await failureOf(sdk(emulator).iam.sso.list({ account_id: PRODUCTION }));
    expect(error).toBeInstanceOf(RateLimitError);
    const limited = error as RateLimitError;
    expect(limited.headers?.get('retry-after')).toBe('7');
    expect(limited.headers?.get('retry-after-ms')).toBeNull();
    expect(limited.errors).toEqual([{ code: 971, message: expect.stringMatching(/throttl/) }]);
    // times: 1 — the next request goes through.
    expect((await sdk(emulator).iam.sso.list({ account_id: PRODUCTION })).result).toHaveLength(5);
    const stats = await statsOverHttp(emulator);
    expect(stats.rateLimited).toBe(1);
    expect(stats.faultsApplied.rate_limit).toBe(1);
  });

  it.each([500, 502, 503] as const)('status %i: a v4 error envelope', async (status) => {
    emulator.setFaults([{ kind: 'status', status }]);
    const error = await failureOf(sdk(emulator).iam.sso.list({ account_id: PRODUCTION }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(status);
    const body = (error as InternalServerError).error as { success: boolean; errors: { code: number }[] };
    expect(body.success).toBe(false);
    expect(body.errors[0]?.code).toEqual(expect.any(Number));
  });

  it('status 401/403/404 scoped to one account leaves the other account alone', async () => {
    const cases = [
      [401, AuthenticationError],
      [403, PermissionDeniedError],
      [404, NotFoundError],
    ] as const;
    for (const [status, errorClass] of cases) {
      emulator.setFaults([{ kind: 'status', status, accountId: GOV }]);
      await expect(sdk(emulator).iam.sso.list({ account_id: GOV })).rejects.toBeInstanceOf(errorClass);
      expect((await sdk(emulator).iam.sso.list({ account_id: PRODUCTION })).result).toHaveLength(5);
    }
  });

  it('html: a 200 text/html page instead of JSON', async () => {
    emulator.setFaults([{ kind: 'html', times: 1 }]);
    const { data, response } = await sdk(emulator).iam.sso.list({ account_id: PRODUCTION }).withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(typeof envelopeOf(data)).toBe('string');
    expect(envelopeOf(data) as string).toContain('<html');
    expect(data.result).toEqual([]);
  });

  it('malformed missing_result: 200 JSON envelope without result or result_info', async () => {
    emulator.setFaults([{ kind: 'malformed', variant: 'missing_result' }]);
    const page = await sdk(emulator).iam.sso.list({ account_id: PRODUCTION });
    expect(envelopeOf(page)).toEqual({ success: true, errors: [], messages: [] });
    expect(page.result).toEqual([]);
  });

  it('malformed truncated_json: 200 with a cut-off JSON body the client cannot parse', async () => {
    emulator.setFaults([{ kind: 'malformed', variant: 'truncated_json' }]);
    const response = await rawApi(emulator, `/accounts/${PRODUCTION}/sso_connectors`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.startsWith('{"success":true')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
    await expect(sdk(emulator).iam.sso.list({ account_id: PRODUCTION })).rejects.toThrow();
  });

  it('item_missing_fields: one served item lacks email_domain and verification', async () => {
    emulator.setFaults([{ kind: 'item_missing_fields', index: 1, accountId: PRODUCTION }]);
    const page = await sdk(emulator).iam.sso.list({ account_id: PRODUCTION });
    expect(page.result[1]).not.toHaveProperty('email_domain');
    expect(page.result[1]).not.toHaveProperty('verification');
    expect(page.result[1]).toHaveProperty('id');
    expect(page.result[0]).toHaveProperty('email_domain');
    // The stored data is untouched: without the fault the item is whole again.
    emulator.setFaults([]);
    expect((await sdk(emulator).iam.sso.list({ account_id: PRODUCTION })).result[1]).toHaveProperty('verification');
  });

  it('wrong_total: result_info claims more items than exist', async () => {
    emulator.setFaults([{ kind: 'wrong_total', extra: 3 }]);
    const client = sdk(emulator);
    const first = await client.iam.sso.list({ account_id: PRODUCTION }, { query: { per_page: 5 } });
    const info = resultInfoOf(first);
    expect(info).toMatchObject({ count: 5, total_count: 8, total_pages: 2 });
    const second = await client.iam.sso.list({ account_id: PRODUCTION }, { query: { page: 2, per_page: 5 } });
    expect(second.result).toEqual([]);
  });

  it('latency: a delayed request is still waiting while a later one is answered', async () => {
    const local = await start({ faults: [{ kind: 'latency', ms: 600_000, times: 1 }] });
    try {
      let delayedSettled = false;
      const delayed = sdk(local)
        .iam.sso.list({ account_id: PRODUCTION })
        .finally(() => {
          delayedSettled = true;
        });
      delayed.catch(() => undefined);
      await waitForInFlight(local, 1);
      // times: 1 — the second request is not delayed and overtakes the first.
      expect((await sdk(local).iam.sso.list({ account_id: PRODUCTION })).result).toHaveLength(5);
      expect(delayedSettled).toBe(false);
      expect(local.stats().faultsApplied.latency).toBe(1);
      expect(local.stats().inFlight).toBe(1);
    } finally {
      await local.close();
    }
  });

  it('latency: small delays still answer normally (global latencyMs plus a fault)', async () => {
    const local = await start({ latencyMs: 5, faults: [{ kind: 'latency', ms: 10 }] });
    try {
      expect((await sdk(local).iam.sso.list({ account_id: PRODUCTION })).result).toHaveLength(5);
      expect(local.stats().faultsApplied.latency).toBe(1);
    } finally {
      await local.close();
    }
  });

  it('hang: never answers, so the client times out', async () => {
    emulator.setFaults([{ kind: 'hang', times: 1 }]);
    const error = await failureOf(sdk(emulator).iam.sso.list({ account_id: PRODUCTION }, { timeout: 300 }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((await sdk(emulator).iam.sso.list({ account_id: PRODUCTION })).result).toHaveLength(5);
  });

  it('scopes by page: only page 2 fails', async () => {
    emulator.setFaults([{ kind: 'status', status: 503, page: 2 }]);
    const client = sdk(emulator);
    expect((await client.iam.sso.list({ account_id: PRODUCTION }, { query: { page: 1, per_page: 2 } })).result).toHaveLength(2);
    await expect(
      client.iam.sso.list({ account_id: PRODUCTION }, { query: { page: 2, per_page: 2 } }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect((await client.iam.sso.list({ account_id: PRODUCTION }, { query: { page: 3, per_page: 2 } })).result).toHaveLength(1);
  });

  it('scopes by route and counts down times, visible in GET /__emulator/faults', async () => {
    emulator.setFaults([{ kind: 'status', status: 500, route: 'get', times: 2 }]);
    const client = sdk(emulator);
    expect((await client.iam.sso.list({ account_id: PRODUCTION })).result).toHaveLength(5);
    await expect(client.iam.sso.get('acade23a639dbf4bec9b765339c9c326', { account_id: PRODUCTION })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    const remaining = (await (await fetch(`${origin(emulator)}/__emulator/faults`)).json()) as { faults: { times?: number }[] };
    expect(remaining.faults).toEqual([{ kind: 'status', status: 500, route: 'get', times: 1 }]);
    await expect(client.iam.sso.get('acade23a639dbf4bec9b765339c9c326', { account_id: PRODUCTION })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect((await client.iam.sso.get('acade23a639dbf4bec9b765339c9c326', { account_id: PRODUCTION })).id).toBe(
      'acade23a639dbf4bec9b765339c9c326',
    );
  });

  it('applies only the first matching replacing fault and keeps the others for later', async () => {
    emulator.setFaults([
      { kind: 'status', status: 502, times: 1 },
      { kind: 'rate_limit', retryAfterSeconds: 0, times: 1 },
    ]);
    const client = sdk(emulator);
    await expect(client.iam.sso.list({ account_id: PRODUCTION })).rejects.toBeInstanceOf(InternalServerError);
    await expect(client.iam.sso.list({ account_id: PRODUCTION })).rejects.toBeInstanceOf(RateLimitError);
    expect((await client.iam.sso.list({ account_id: PRODUCTION })).result).toHaveLength(5);
  });

  it('rejects an invalid fault over the control API with a clear 400', async () => {
    const unknownKind = await postControl(emulator, 'faults', [{ kind: 'explode' }]);
    expect(unknownKind.status).toBe(400);
    expect(((await unknownKind.json()) as { error: string }).error).toMatch(/faults\[0\]: "kind" must be one of/);
    const badStatus = await postControl(emulator, 'faults', { faults: [{ kind: 'status', status: 418 }] });
    expect(badStatus.status).toBe(400);
    const badJson = await fetch(`${origin(emulator)}/__emulator/faults`, { method: 'POST', body: '{nope' });
    expect(badJson.status).toBe(400);
    expect(() => emulator.setFaults([{ kind: 'latency', ms: -1 }])).toThrow(/ms/);
  });

  it('reset restores the faults given at start', async () => {
    const local = await start({ faults: [{ kind: 'status', status: 503, times: 1 }] });
    try {
      const client = sdk(local);
      await expect(client.iam.sso.list({ account_id: PRODUCTION })).rejects.toBeInstanceOf(InternalServerError);
      expect((await client.iam.sso.list({ account_id: PRODUCTION })).result).toHaveLength(5);
      local.reset();
      await expect(client.iam.sso.list({ account_id: PRODUCTION })).rejects.toBeInstanceOf(InternalServerError);
    } finally {
      await local.close();
    }
  });
});
