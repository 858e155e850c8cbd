// The SDK's transport over TLS, against a local HTTPS server with a certificate made by openssl
// (a process, so this file is in the e2e project): certificates are checked.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetch } from '../../src/cloudflare/transport';

describe('nodeFetch over TLS', () => {
  let tls: https.Server;
  let tlsBase: string;
  let cert: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-sso-guard-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    tls = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (_req, res) => res.end('secure'));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    tlsBase = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    tls.closeAllConnections();
    await new Promise<void>((resolve) => tls.close(() => resolve()));
  });

  it('checks the certificate: an untrusted one fails the connection', async () => {
    const error = (await nodeFetch(`${tlsBase}/`).catch((e: unknown) => e)) as TypeError & { cause?: NodeJS.ErrnoException };
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error.cause?.code)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/);
  });

  it('with the certificate trusted, the request goes through', async () => {
    const agent = https.globalAgent as https.Agent & { options: https.AgentOptions };
    const previous = agent.options.ca;
    agent.options.ca = cert;
    try {
      const response = await nodeFetch(`${tlsBase}/`);
      expect(await response.text()).toBe('secure');
    } finally {
      agent.options.ca = previous;
      agent.destroy();
    }
  });
});
