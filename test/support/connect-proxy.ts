// A loopback HTTP CONNECT proxy for tests: records each CONNECT (target, headers) and every byte it relays.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ConnectRecord {
  target: string;
  headers: IncomingHttpHeaders;
}

export interface RunningProxy {
  url: string;
  port: number;
  /** What a proxy would log: one line per CONNECT with its headers. */
  log: ConnectRecord[];
  /** Every byte relayed, both directions (inside the tunnel). */
  relayed(): Buffer;
  close(): Promise<void>;
}

/** `requireAuth` "user:password": answer 407 to a CONNECT without those Basic credentials. */
export async function startConnectProxy(options: { requireAuth?: string } = {}): Promise<RunningProxy> {
  const log: ConnectRecord[] = [];
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(405).end('CONNECT only\n');
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    log.push({ target: req.url ?? '', headers: req.headers });
    const expected = options.requireAuth === undefined ? undefined : `Basic ${Buffer.from(options.requireAuth).toString('base64')}`;
    if (expected !== undefined && req.headers['proxy-authorization'] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host === 'localhost' ? '127.0.0.1' : host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      client.on('data', (d: Buffer) => chunks.push(d));
      upstream.on('data', (d: Buffer) => chunks.push(d));
      client.pipe(upstream).pipe(client);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    relayed: () => Buffer.concat(chunks),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
