// Corporate networks: the CLI as a process through a loopback CONNECT proxy (HTTPS_PROXY/HTTP_PROXY/NO_PROXY),
// to a TLS front of the emulator whose certificate comes from a CA made here (NODE_EXTRA_CA_CERTS).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSeedFile, startEmulator, type RunningEmulator } from '../../src/emulator';
import { REPO_ROOT, runCli, type CliResult } from '../support/cli';
import { startConnectProxy, type RunningProxy } from '../support/connect-proxy';

const TOKEN = 'cfut_SECRET-proxy-3Hd8Qm1Zr6Wy';
const PROXY_PASSWORD = 'pr0xy-S3CRET-pw';
const COMPLIANT = 'test/fixtures/e2e/compliant.yaml';

let emulator: RunningEmulator;
let proxy: RunningProxy;
let authProxy: RunningProxy;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(REPO_ROOT, 'examples', 'demo-inventory.json')) });
  proxy = await startConnectProxy();
  authProxy = await startConnectProxy({ requireAuth: `ci:${PROXY_PASSWORD}` });
});
afterAll(async () => {
  await Promise.all([emulator?.close(), proxy?.close(), authProxy?.close()]);
});
beforeEach(() => {
  emulator.reset();
  proxy.log.length = 0;
  authProxy.log.length = 0;
});

function expectNoSecret(result: CliResult): void {
  for (const text of [result.stdout, result.stderr]) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(PROXY_PASSWORD);
  }
}

async function check(env: NodeJS.ProcessEnv): Promise<CliResult> {
  const result = await runCli(['check', '-c', COMPLIANT, '--retries', '0'], { env: { CLOUDFLARE_API_TOKEN: TOKEN, NO_COLOR: '1', ...env } });
  expectNoSecret(result);
  return result;
}

describe('through a CONNECT proxy', () => {
  it('HTTP_PROXY: the check succeeds through the tunnel; the proxy logs the target, never the token', async () => {
    const result = await check({ CLOUDFLARE_BASE_URL: emulator.url, HTTP_PROXY: proxy.url });
    expect(result.code, result.stderr).toBe(0);
    expect(proxy.log.length).toBeGreaterThan(0);
    expect(proxy.log.every((entry) => entry.target === `127.0.0.1:${emulator.port}`)).toBe(true);
    expect(JSON.stringify(proxy.log)).not.toContain(TOKEN);
    expect(emulator.stats().totalRequests).toBeGreaterThan(0);
  });

  it('lower-case http_proxy works too, and NO_PROXY covering the host bypasses the proxy', async () => {
    const lower = await check({ CLOUDFLARE_BASE_URL: emulator.url, http_proxy: proxy.url });
    expect(lower.code).toBe(0);
    expect(proxy.log.length).toBeGreaterThan(0);
    proxy.log.length = 0;
    for (const noProxy of [{ NO_PROXY: '127.0.0.1' }, { no_proxy: 'localhost,127.0.0.1' }]) {
      const bypass = await check({ CLOUDFLARE_BASE_URL: emulator.url, HTTP_PROXY: proxy.url, ...noProxy });
      expect(bypass.code).toBe(0);
      expect(proxy.log).toEqual([]);
    }
  });

  it("npm's own proxy settings (npm_config_*proxy, which npm exports to scripts) are not a proxy for API requests", async () => {
    const result = await check({ CLOUDFLARE_BASE_URL: emulator.url, npm_config_proxy: proxy.url, npm_config_http_proxy: proxy.url, npm_config_https_proxy: proxy.url });
    expect(result.code, result.stderr).toBe(0);
    expect(proxy.log).toEqual([]);
    expect(emulator.stats().totalRequests).toBeGreaterThan(0);
  });

  it('credentials in the proxy URL are sent to the proxy, and never shown, not even in the DEBUG trace', async () => {
    const result = await check({ CLOUDFLARE_BASE_URL: emulator.url, HTTP_PROXY: `http://ci:${PROXY_PASSWORD}@127.0.0.1:${authProxy.port}`, DEBUG: '*' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('https-proxy-agent');
    expect(authProxy.log[0].headers['proxy-authorization']).toBe(`Basic ${Buffer.from(`ci:${PROXY_PASSWORD}`).toString('base64')}`);
  });

  it('a proxy that refuses the tunnel is exit 2, naming the proxy without its credentials', async () => {
    const result = await check({ CLOUDFLARE_BASE_URL: emulator.url, HTTP_PROXY: `http://ci:wrong-${PROXY_PASSWORD}@127.0.0.1:${authProxy.port}` });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`proxy http://127.0.0.1:${authProxy.port} refused to connect to 127.0.0.1:${emulator.port}: HTTP 407`);
    expect(result.stdout + result.stderr).not.toContain('wrong-');
    expect(emulator.stats().totalRequests).toBe(0);
  });

  it('a proxy that cannot be reached is exit 2, naming the proxy', async () => {
    const closed = await startConnectProxy();
    await closed.close();
    const result = await check({ CLOUDFLARE_BASE_URL: emulator.url, HTTP_PROXY: `http://user:${PROXY_PASSWORD}@127.0.0.1:${closed.port}` });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`through proxy http://127.0.0.1:${closed.port}: ECONNREFUSED`);
  });
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

// .ci/run installs openssl; on a machine without it this says so instead of passing silently.
describe.skipIf(!hasOpenssl)('HTTPS through the proxy to a TLS emulator with its own CA (needs openssl)', () => {
  let tlsFront: TlsServer;
  let baseUrl: string;
  let caFile: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-sso-guard-ca-'));
    const run = (args: string[]): void => {
      const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
    };
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=cf-sso-guard test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    run(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
    run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf']);
    caFile = join(dir, 'ca.pem');
    // TLS in front of the emulator: decrypts, then relays the bytes to its HTTP port.
    tlsFront = createTlsServer({ key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) }, (socket) => {
      const upstream = connect(emulator.port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => tlsFront.listen(0, '127.0.0.1', resolve));
    baseUrl = `https://localhost:${(tlsFront.address() as AddressInfo).port}/client/v4`;
  });
  afterAll(() => new Promise<void>((resolve) => (tlsFront ? tlsFront.close(() => resolve()) : resolve())));

  it('HTTPS_PROXY + NODE_EXTRA_CA_CERTS: the check succeeds; the proxy relays only ciphertext', async () => {
    const before = proxy.relayed().length;
    const result = await check({ CLOUDFLARE_BASE_URL: baseUrl, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: caFile });
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(proxy.log.map((entry) => entry.target)).toContain(`localhost:${new URL(baseUrl).port}`);
    const relayed = proxy.relayed().subarray(before);
    expect(relayed.length).toBeGreaterThan(0);
    expect(relayed.includes(Buffer.from(TOKEN))).toBe(false);
    expect(relayed.includes(Buffer.from('Bearer'))).toBe(false);
  });

  it('without the CA the certificate is not trusted: exit 2, not a silent pass', async () => {
    const result = await check({ CLOUDFLARE_BASE_URL: baseUrl, HTTPS_PROXY: proxy.url });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/could not connect|certificate/i);
  });

  it('HTTPS_PROXY does not apply to an http:// API URL (HTTP_PROXY does), and a direct HTTPS read still works', async () => {
    const direct = await check({ CLOUDFLARE_BASE_URL: baseUrl, NODE_EXTRA_CA_CERTS: caFile });
    expect(direct.code).toBe(0);
    const httpOnly = await check({ CLOUDFLARE_BASE_URL: emulator.url, HTTPS_PROXY: proxy.url });
    expect(httpOnly.code).toBe(0);
    expect(proxy.log).toEqual([]);
  });
});
