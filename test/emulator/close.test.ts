import { describe, expect, it } from 'vitest';
import { PRODUCTION, rawApi, start, waitForInFlight } from './helpers';

describe('close()', () => {
  it('ends hanging requests and latency waits, and frees the port', async () => {
    const emulator = await start({
      faults: [
        { kind: 'hang', times: 1 },
        { kind: 'latency', ms: 600_000, route: 'get' },
      ],
    });
    const hanging = rawApi(emulator, `/accounts/${PRODUCTION}/sso_connectors`).then(
      () => 'answered',
      () => 'connection closed',
    );
    const slow = rawApi(emulator, `/accounts/${PRODUCTION}/sso_connectors/acade23a639dbf4bec9b765339c9c326`).then(
      () => 'answered',
      () => 'connection closed',
    );
    await waitForInFlight(emulator, 2);
    await emulator.close();
    expect(await hanging).toBe('connection closed');
    expect(await slow).toBe('connection closed');
    await expect(fetch(`${emulator.url}/accounts/${PRODUCTION}/sso_connectors`)).rejects.toThrow();
  });

  it('can be called twice', async () => {
    const emulator = await start();
    await emulator.close();
    await expect(emulator.close()).resolves.toBeUndefined();
  });

  it('closes idle keep-alive connections too', async () => {
    const emulator = await start();
    const response = await rawApi(emulator, `/accounts/${PRODUCTION}/sso_connectors`);
    expect(response.status).toBe(200);
    await response.text();
    // fetch keeps the connection alive; close() must not wait for the keep-alive timeout.
    await emulator.close();
    await expect(fetch(emulator.url)).rejects.toThrow();
  });
});
