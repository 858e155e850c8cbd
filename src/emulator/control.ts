// The control API under /__emulator/: tests and benchmarks in other processes read the counters,
// inject faults, change latency or the rate limit, and reset the emulator.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultSpecError, validateFaults } from './faults';
import { readJsonBody, sendJson } from './http';
import { validateRateLimit } from './rate-limit';
import type { EmulatorState } from './state';

export const CONTROL_PREFIX = '/__emulator/';

const ROUTES_HINT = 'try GET /__emulator/stats, GET|POST /__emulator/faults, POST /__emulator/config, POST /__emulator/reset';

export function createControlHandler(state: EmulatorState) {
  return async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const key = `${req.method ?? 'GET'} ${url.pathname}`;
    switch (key) {
      case `GET ${CONTROL_PREFIX}stats`:
        sendJson(res, 200, state.stats.snapshot());
        return;
      case `GET ${CONTROL_PREFIX}faults`:
        sendJson(res, 200, { faults: state.faults.describe() });
        return;
      case `POST ${CONTROL_PREFIX}reset`:
        state.reset();
        sendJson(res, 200, { ok: true });
        return;
      case `POST ${CONTROL_PREFIX}faults`:
      case `POST ${CONTROL_PREFIX}config`:
        break;
      default:
        sendJson(res, 404, { error: `unknown control route ${key}; ${ROUTES_HINT}` });
        return;
    }
    const body = await readJsonBody(req);
    if (!body.ok) {
      sendJson(res, 400, { error: body.message });
      return;
    }
    try {
      if (key.endsWith('faults')) {
        // Accept either a bare array or {"faults": [...]}.
        const value = body.value as { faults?: unknown } | unknown[];
        state.faults.replace(validateFaults(Array.isArray(value) ? value : value.faults));
        sendJson(res, 200, { faults: state.faults.describe() });
        return;
      }
      const value = body.value as { latencyMs?: unknown; rateLimit?: unknown };
      if (value.latencyMs !== undefined && typeof value.latencyMs !== 'number') throw new RangeError('latencyMs must be a number');
      const settings = state.configure({
        ...(value.latencyMs !== undefined ? { latencyMs: value.latencyMs as number } : {}),
        ...(value.rateLimit !== undefined ? { rateLimit: value.rateLimit === null ? null : validateRateLimit(value.rateLimit) } : {}),
      });
      sendJson(res, 200, settings);
    } catch (error) {
      if (error instanceof FaultSpecError || error instanceof RangeError) {
        sendJson(res, 400, { error: error.message });
        return;
      }
      throw error;
    }
  };
}
