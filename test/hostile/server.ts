// A hostile Cloudflare API on loopback: each test says how it answers. For the CLI run as a process.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface HostileServer {
  url: string;
  handle(handler: Handler): void;
  /** Sockets the server has seen close (to prove the client let go of them). */
  closedSockets(): number;
  openSockets(): number;
  close(): Promise<void>;
}

export function emptyPage(): string {
  return JSON.stringify({ success: true, errors: [], messages: [], result: [], result_info: { page: 1, per_page: 50, count: 0, total_count: 0 } });
}

export function page(result: unknown[]): string {
  return JSON.stringify({ success: true, errors: [], messages: [], result, result_info: { page: 1, per_page: 50, count: result.length, total_count: result.length } });
}

export function connector(domain: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'c'.repeat(32),
    email_domain: domain,
    enabled: true,
    use_fedramp_language: false,
    verification: { status: 'verified', code: 'cloudflare_dashboard_sso=abc' },
    created_on: '2026-01-01T00:00:00Z',
    updated_on: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export async function startHostileServer(): Promise<HostileServer> {
  let handler: Handler = (_req, res) => res.end(emptyPage());
  let closed = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => handler(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      closed++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
  return {
    url,
    handle: (next) => {
      handler = next;
    },
    closedSockets: () => closed,
    openSockets: () => sockets.size,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
