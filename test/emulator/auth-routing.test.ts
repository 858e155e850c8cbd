import { NotFoundError, PermissionDeniedError } from 'cloudflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator';
import { GOV, PRODUCTION, rawApi, sdk, start, TOKEN, UNKNOWN_ACCOUNT } from './helpers';

interface ErrorBody {
  success: boolean;
  errors: { code: number; message: string }[];
  messages: unknown[];
}

describe('authentication', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.close());

  it('rejects a wrong token with 403 and code 10000 (as the SDK sees it)', async () => {
    const wrongToken = 'wrong-token-4Kp0';
    const error = await sdk(emulator, wrongToken)
      .iam.sso.list({ account_id: PRODUCTION })
      .then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    const denied = error as PermissionDeniedError;
    expect(denied.status).toBe(403);
    expect(denied.errors).toEqual([{ code: 10000, message: 'Authentication error' }]);
    expect(JSON.stringify(denied.error)).not.toContain(wrongToken);
  });

  it('rejects a missing Authorization header and a non-Bearer scheme the same way', async () => {
    for (const response of [
      await rawApi(emulator, `/accounts/${PRODUCTION}/sso_connectors`, { token: null }),
      await fetch(`${emulator.url}/accounts/${PRODUCTION}/sso_connectors`, { headers: { authorization: `Basic ${TOKEN}` } }),
    ]) {
      expect(response.status).toBe(403);
      const body = (await response.json()) as ErrorBody;
      expect(body).toMatchObject({ success: false, errors: [{ code: 10000, message: 'Authentication error' }] });
    }
  });

  it('never echoes the token in a body or header, whether accepted or rejected', async () => {
    const paths = [`/accounts/${PRODUCTION}/sso_connectors`, `/accounts/${UNKNOWN_ACCOUNT}/sso_connectors`, '/nope'];
    for (const token of [TOKEN, `${TOKEN}-but-wrong`]) {
      for (const path of paths) {
        const response = await rawApi(emulator, path, { token });
        const text = await response.text();
        expect(text).not.toContain(TOKEN);
        const headerText: string[] = [];
        response.headers.forEach((value, name) => headerText.push(`${name}: ${value}`));
        expect(headerText.join('\n')).not.toContain(TOKEN);
      }
    }
    const stats = await fetch(`http://127.0.0.1:${emulator.port}/__emulator/stats`).then((r) => r.text());
    expect(stats).not.toContain(TOKEN);
  });
});

describe('routing errors', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.close());

  it('answers an unknown account with 404 and code 7003', async () => {
    const error = await sdk(emulator)
      .iam.sso.list({ account_id: UNKNOWN_ACCOUNT })
      .then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    const [first] = (error as NotFoundError).errors as { code: number; message: string }[];
    expect(first?.code).toBe(7003);
    expect(first?.message).toBe(
      `Could not route to /accounts/${UNKNOWN_ACCOUNT}/sso_connectors, perhaps your object identifier is invalid?`,
    );
  });

  it('answers a malformed account id with 400 and code 7003', async () => {
    for (const bad of ['023E105F4ECEF8AD9CA31A8372D0C353', 'abc', `${PRODUCTION}0`]) {
      const response = await rawApi(emulator, `/accounts/${bad}/sso_connectors`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).errors[0]?.code).toBe(7003);
    }
  });

  it('answers an unknown path with 404 code 7000 and a wrong method with 405', async () => {
    const unknown = await rawApi(emulator, `/accounts/${PRODUCTION}/something_else`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).errors[0]?.code).toBe(7000);
    const wrongMethod = await rawApi(emulator, `/accounts/${PRODUCTION}/sso_connectors`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as ErrorBody).success).toBe(false);
  });

  it('keeps accounts apart', async () => {
    const client = sdk(emulator);
    const gov = await client.iam.sso.list({ account_id: GOV });
    expect(gov.result.map((c) => c.email_domain)).toEqual(['gov.example.com', 'eu.example.com', 'eu.example.com']);
  });
});
