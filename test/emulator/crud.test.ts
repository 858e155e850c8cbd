import { BadRequestError, NotFoundError } from 'cloudflare';
import { afterAll, beforeEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator';
import { GOV, postControl, PRODUCTION, sdk, start } from './helpers';

describe('connector routes through the official SDK', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await start();
  });
  beforeEach(() => emulator.reset());
  afterAll(() => emulator.close());

  it('creates a connector: 32-hex id, disabled, awaiting verification, listed afterwards', async () => {
    const client = sdk(emulator);
    const created = await client.iam.sso.create({ account_id: GOV, email_domain: 'new.example.com' });
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(created).toMatchObject({
      email_domain: 'new.example.com',
      enabled: false,
      use_fedramp_language: false,
      verification: { status: 'awaiting', code: `cloudflare_dashboard_sso=${created.id}` },
    });
    expect(Date.parse(created.created_on as string)).not.toBeNaN();
    const listed = await client.iam.sso.list({ account_id: GOV });
    expect(listed.result.at(-1)?.id).toBe(created.id);
    expect(listed.result).toHaveLength(4);
  });

  it('starts verification on create when asked, and keeps use_fedramp_language', async () => {
    const created = await sdk(emulator).iam.sso.create({
      account_id: GOV,
      email_domain: 'fed.example.com',
      begin_verification: true,
      use_fedramp_language: true,
    });
    expect(created.verification?.status).toBe('pending');
    expect(created.use_fedramp_language).toBe(true);
  });

  it('rejects a create without a valid email_domain, or for a domain that already exists', async () => {
    const client = sdk(emulator);
    await expect(client.iam.sso.create({ account_id: GOV, email_domain: '' })).rejects.toBeInstanceOf(BadRequestError);
    await expect(client.iam.sso.create({ account_id: GOV, email_domain: 'gov.example.com' })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });

  it('gets one connector and 404s an unknown id', async () => {
    const client = sdk(emulator);
    const connector = await client.iam.sso.get('acade23a639dbf4bec9b765339c9c326', { account_id: PRODUCTION });
    expect(connector.email_domain).toBe('example.com');
    await expect(
      client.iam.sso.get('00000000000000000000000000000000', { account_id: PRODUCTION }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('updates enabled and use_fedramp_language and bumps updated_on', async () => {
    const client = sdk(emulator);
    const id = '944152aae117a87896c2b25f10a1bc99';
    const before = await client.iam.sso.get(id, { account_id: PRODUCTION });
    const updated = await client.iam.sso.update(id, { account_id: PRODUCTION, enabled: true, use_fedramp_language: true });
    expect(updated).toMatchObject({ id, enabled: true, use_fedramp_language: true });
    expect(Date.parse(updated.updated_on as string)).toBeGreaterThan(Date.parse(before.updated_on as string));
    const after = await client.iam.sso.get(id, { account_id: PRODUCTION });
    expect(after.enabled).toBe(true);
  });

  it('begins verification (status becomes pending)', async () => {
    const client = sdk(emulator);
    const id = '435cdb27e697dd5eef7744c2ab11ed2b';
    const response = await client.iam.sso.beginVerification(id, { account_id: GOV });
    expect(response.success).toBe(true);
    expect((await client.iam.sso.get(id, { account_id: GOV })).verification?.status).toBe('pending');
  });

  it('deletes a connector, after which it is gone', async () => {
    const client = sdk(emulator);
    const id = '05e7ea3a944e72eb7669be3b2add618f';
    expect(await client.iam.sso.delete(id, { account_id: PRODUCTION })).toEqual({ id });
    await expect(client.iam.sso.get(id, { account_id: PRODUCTION })).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.iam.sso.delete(id, { account_id: PRODUCTION })).rejects.toBeInstanceOf(NotFoundError);
    expect((await client.iam.sso.list({ account_id: PRODUCTION })).result).toHaveLength(4);
  });

  it('reset over the control API restores the seed', async () => {
    const client = sdk(emulator);
    await client.iam.sso.delete('05e7ea3a944e72eb7669be3b2add618f', { account_id: PRODUCTION });
    await client.iam.sso.create({ account_id: PRODUCTION, email_domain: 'extra.example.com' });
    expect((await postControl(emulator, 'reset')).status).toBe(200);
    const domains = (await client.iam.sso.list({ account_id: PRODUCTION })).result.map((c) => c.email_domain);
    expect(domains).toContain('old.example.com');
    expect(domains).not.toContain('extra.example.com');
    expect(emulator.stats().byRoute.list).toBe(1);
  });
});
