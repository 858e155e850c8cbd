// The emulator's HTTP server on 127.0.0.1: Cloudflare v4 SSO connector routes (./api) plus a
// control API under /__emulator/ (./control), over one shared state (./state).
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { createApiHandler, internalError, type ServerLifecycle } from './api';
import { CONTROL_PREFIX, createControlHandler } from './control';
import { validateFaults } from './faults';
import { API_PREFIX } from './routes';
import { EmulatorState } from './state';
import type { EmulatorOptions, Fault, RunningEmulator } from './types';

/** Starts the emulator on 127.0.0.1. Invalid options reject with a clear message. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  if (typeof options.token !== 'string' || options.token === '') throw new TypeError('emulator token must be a non-empty string');
  const state = new EmulatorState(options);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;

  const sockets = new Set<Socket>();
  let closing = false;
  const lifecycle: ServerLifecycle = { timers: new Set(), closing: () => closing };
  const handleApi = createApiHandler(state, options.token, lifecycle);
  const handleControl = createControlHandler(state);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const handler = url.pathname.startsWith(CONTROL_PREFIX) ? handleControl : handleApi;
    handler(req, res, url).catch(() => {
      // Never include request details (they may carry the token) in the error.
      if (!res.headersSent && !res.destroyed) {
        state.stats.responded(500);
        internalError(res);
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;

  const close = (): Promise<void> => {
    closing = true;
    for (const timer of lifecycle.timers) clearTimeout(timer);
    lifecycle.timers.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
    return closed;
  };

  return {
    url: `http://${host}:${boundPort}${API_PREFIX}`,
    port: boundPort,
    close,
    setFaults: (next: Fault[]) => state.faults.replace(validateFaults(next)),
    configure: (config) => {
      state.configure(config);
    },
    stats: () => state.stats.snapshot(),
    reset: () => state.reset(),
  };
}
