// A loopback API server whose list responses a test writes by hand: for server behaviours the
// emulator does not model (a status Cloudflare may add later, a wrong field type).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawServer {
  url: string;
  /** Query strings of the requests received, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `respond(query)` as JSON for every request. */
export async function rawServer(respond: (query: URLSearchParams) => unknown): Promise<RawServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://raw.invalid');
    requests.push(url.search);
    const body = JSON.stringify(respond(url.searchParams));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/client/v4`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
