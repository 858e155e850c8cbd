// Issue 14, the API items: the CLI as a process against hostile loopback servers. Each test is the
// reproduction from the hostile review; each must end in "could not decide" (exit 2) promptly, with
// nothing secret or raw in any output.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliEnv } from '../support/common';
import { generateSeed, startEmulator } from '../../src/emulator';
import type { Report } from '../../src/core/types';
import { runCli, type CliResult } from '../support/cli';
import { connector, emptyPage, page, startHostileServer, type HostileServer } from './server';

const TOKEN = 'cfut_HOSTILE-token-5Rk2Wq9Lm3Zx7Vb4Nc8Jd';
const ACCOUNT = '0123456789abcdef0123456789abcdef';

let server: HostileServer;
let work: string;
let desired: string;

beforeAll(async () => {
  server = await startHostileServer();
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-hostile-'));
  desired = join(work, 'sso.yaml');
  writeFileSync(desired, `version: 1\naccounts:\n  - id: ${ACCOUNT}\n    name: production\n    connectors:\n      - email_domain: example.com\n`);
});
afterAll(async () => {
  await server?.close();
});

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => cliEnv(TOKEN, server.url, extra);

/** No run of 8 characters of the token anywhere: not whole, not half. */
function expectNoTokenPart(text: string, token = TOKEN): void {
  for (let i = 0; i + 8 <= token.length; i++) expect(text, `token part ${i}`).not.toContain(token.slice(i, i + 8));
}

function outputs(result: CliResult, files: string[] = []): string {
  return [result.stdout, result.stderr, ...files.map((file) => readFileSync(file, 'utf8'))].join('\n');
}

async function checkJson(args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ result: CliResult; report: Report }> {
  const result = await runCli(['check', '-c', desired, '--format', 'json', ...args], { env: env(extraEnv), timeoutMs: 45_000 });
  return { result, report: JSON.parse(result.stdout) as Report };
}


/** Streams `mib` MiB of `fill` with backpressure, then `tail`; a client that hangs up ends it quietly. */
function streamMiB(res: ServerResponse, mib: number, fill: string, tail: string): void {
  const chunk = fill.repeat(1024 * 1024);
  let sent = 0;
  const push = (): void => {
    while (sent < mib) {
      sent++;
      if (!res.write(chunk)) {
        res.once('drain', push);
        return;
      }
    }
    res.end(tail);
  };
  res.on('error', () => undefined);
  push();
}

describe('item 2: a server cannot make the tool sleep for a day', () => {
  const cases: Array<[string, Record<string, string>]> = [
    ['Retry-After: 86400', { 'retry-after': '86400' }],
    ['retry-after-ms: 86400000', { 'retry-after-ms': '86400000' }],
    ['Retry-After as an HTTP date a day ahead', { 'retry-after': new Date(Date.now() + 86_400_000).toUTCString() }],
  ];
  for (const [name, headers] of cases) {
    it(`${name}: could not decide at once, "rate limited, retry after …"`, async () => {
      let requests = 0;
      server.handle((_req, res) => {
        requests++;
        res.writeHead(429, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify({ success: false, errors: [{ code: 10000, message: 'rate limited' }], messages: [], result: null }));
      });
      const { result, report } = await checkJson();
      expect(result.code).toBe(2);
      expect(requests).toBe(1); // not retried after a refused wait
      expect(report.accounts[0].status).toBe('error');
      expect(report.accounts[0].error).toMatch(/rate limited: the API asked to retry after 86[34]\d\d s, more than the 60 s this tool waits/);
    });
  }

  it('a delay within the cap but past the account deadline (--deadline) is not waited either', async () => {
    server.handle((_req, res) => {
      res.writeHead(429, { 'retry-after': '30' });
      res.end('{}');
    });
    const { result, report } = await checkJson(['--deadline', '5']);
    expect(result.code).toBe(2);
    expect(report.accounts[0].error).toMatch(/retry after 30 s, past this account's deadline of 5 s \(--deadline\)/);
  });

  it('--deadline bounds an account that keeps a server answering slowly within every per-request timeout', async () => {
    // Each answer is a 503 after 400 ms with a short Retry-After: honoured, but the account's deadline ends it.
    server.handle((_req, res) => {
      setTimeout(() => {
        res.writeHead(503, { 'retry-after': '1' });
        res.end('{}');
      }, 400);
    });
    const { result, report } = await checkJson(['--deadline', '2', '--retries', '10']);
    expect(result.code).toBe(2);
    expect(report.accounts[0].error).toMatch(/deadline of 2 s/);
  });
});

describe('item 3: bodies are bounded in time and size, and let go of', () => {
  it('a slow body is cancelled at the timeout: the process ends and the socket is closed', async () => {
    const closedBefore = server.closedSockets();
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"success":true,"result":[');
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    const { result, report } = await checkJson(['--timeout', '800', '--retries', '0']);
    expect(result.code).toBe(2);
    expect(report.accounts[0].error).toMatch(/did not arrive within 800 ms/);
    expect(server.closedSockets()).toBeGreaterThan(closedBefore);
    expect(server.openSockets()).toBe(0);
  });

  it('a body over 16 MiB is refused (streamed, no length)', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"success":true,"result":[],"pad":"');
      streamMiB(res, 40, 'x', '"}');
    });
    const { result, report } = await checkJson(['--retries', '0']);
    expect(result.code).toBe(2);
    expect(report.accounts[0].error).toMatch(/larger than the limit of 16 MiB/);
  });

  it('an error response is bounded too: a huge or endless error body is cut off, the socket closed', async () => {
    server.handle((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      streamMiB(res, 40, 'y', '');
    });
    const huge = await checkJson(['--retries', '0']);
    expect(huge.result.code).toBe(2);
    expect(huge.report.accounts[0].error).toMatch(/HTTP 500: the error response body is larger than the limit of 1 MiB/);
    server.handle((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.write('{"success":false,');
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    const slow = await checkJson(['--retries', '0', '--timeout', '800']);
    expect(slow.result.code).toBe(2);
    expect(slow.report.accounts[0].error).toMatch(/HTTP 503: the error response body did not arrive within 800 ms/);
    expect(server.openSockets()).toBe(0);
  });

  it('a declared Content-Length over the cap is refused before reading', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(600 * 1024 * 1024) });
      res.write('{');
    });
    const { result, report } = await checkJson(['--retries', '0']);
    expect(result.code).toBe(2);
    expect(report.accounts[0].error).toMatch(/\(629145600 bytes\) is larger than the limit of 16 MiB/);
  });
});

describe('item 9: the client-side rate limiter never causes a false "could not decide"', () => {
  it('15 accounts at --rate-limit 5/1 --timeout 500 against a healthy server: every account read', async () => {
    const seed = generateSeed({ accounts: 15, connectorsPerAccount: 2, salt: 'limiter' });
    const emulator = await startEmulator({ token: TOKEN, seed });
    try {
      const ids = Object.keys(seed.accounts);
      const file = join(work, 'many.yaml');
      writeFileSync(file, `version: 1\naccounts:\n${ids.map((id) => `  - id: ${id}\n    unmanaged: ignore\n    connectors: []\n`).join('')}`);
      const result = await runCli(['check', '-c', file, '--format', 'json', '--rate-limit', '5/1', '--timeout', '500', '--retries', '0', '--concurrency', '15'], {
        env: env({ CLOUDFLARE_BASE_URL: emulator.url }),
        timeoutMs: 45_000,
      });
      const report = JSON.parse(result.stdout) as Report;
      expect(report.accounts.filter((a) => a.status === 'error').map((a) => a.error)).toEqual([]);
      expect(result.code).toBe(0);
    } finally {
      await emulator.close();
    }
  });
});

describe('item 11: the token leaks nowhere, whole or in part', () => {
  it('an error message that puts the token past the 300-character cut, or splits it over two entries', async () => {
    server.handle((req, res) => {
      const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          success: false,
          errors: [
            { code: 10000, message: `${'x'.repeat(290)} ${bearer}` },
            { code: 10001, message: `first half ${bearer.slice(0, 20)}` },
            { code: 10002, message: `${bearer.slice(20)} second half` },
          ],
          messages: [],
          result: null,
        }),
      );
    });
    const files = ['json', 'html', 'sarif', 'markdown', 'junit', 'csv', 'github'].map((format) => [format, join(work, `leak.${format}`)] as const);
    const result = await runCli(['check', '-c', desired, ...files.flatMap(([format, file]) => ['--report', `${format}=${file}`])], { env: env(), timeoutMs: 45_000 });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('HTTP 403');
    expectNoTokenPart(outputs(result, files.map(([, file]) => file)));
  });

  it('a token with a trailing newline is the same token everywhere (init, stderr)', async () => {
    server.handle((req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: false, errors: [{ code: 9109, message: `bad token "${req.headers.authorization}"` }], messages: [], result: null }));
    });
    const result = await runCli(['init', '--account', ACCOUNT], { env: env({ CLOUDFLARE_API_TOKEN: `${TOKEN}\n` }), timeoutMs: 45_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[REDACTED]');
    expectNoTokenPart(outputs(result));
  });

  it('a token with a trailing newline, echoed back by the server as a domain, leaks through no path of init', async () => {
    server.handle((req, res) => res.end(page([connector(`x${String(req.headers.authorization).replace(/^Bearer /, '')}.example.com`)])));
    const result = await runCli(['init', '--account', ACCOUNT], { env: env({ CLOUDFLARE_API_TOKEN: `${TOKEN}\n` }), timeoutMs: 45_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/This is a bug/);
    expectNoTokenPart(outputs(result));
  });

  it('a token under 4 characters is redacted too', async () => {
    const short = 'q7Z';
    server.handle((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: false, errors: [{ code: 9109, message: `token q7Z is not valid` }], messages: [], result: null }));
    });
    const { result } = await checkJson([], { CLOUDFLARE_API_TOKEN: short });
    expect(result.code).toBe(2);
    expect(outputs(result)).not.toContain(short);
  });

  it('a base URL with user:password is never stored or printed (json, html, sarif, snapshot)', async () => {
    server.handle((_req, res) => res.end(emptyPage()));
    const withCredentials = server.url.replace('http://', 'http://admin:pa55w0rd-secret@');
    const files = ['json', 'html', 'sarif', 'markdown', 'junit'].map((format) => [format, join(work, `userinfo.${format}`)] as const);
    const check = await runCli(['check', '-c', desired, ...files.flatMap(([format, file]) => ['--report', `${format}=${file}`])], {
      env: env({ CLOUDFLARE_BASE_URL: withCredentials }),
      timeoutMs: 45_000,
    });
    const snapshotFile = join(work, 'userinfo-snapshot.json');
    const snapshot = await runCli(['snapshot', '-c', desired, '-o', snapshotFile], { env: env({ CLOUDFLARE_BASE_URL: withCredentials }), timeoutMs: 45_000 });
    expect(snapshot.code).toBe(0);
    const all = outputs(check, [...files.map(([, file]) => file), snapshotFile]) + outputs(snapshot);
    expect(all).not.toContain('pa55w0rd-secret');
    expect(all).not.toContain('admin:');
    expect(JSON.parse(readFileSync(join(work, 'userinfo.json'), 'utf8')).source.location).toBe(server.url);
  });
});

describe('item 6: strings from the API never reach a terminal or a CI log raw', () => {
  const hostileDomain = 'example.com\n::stop-commands::pwned\n✔ Compliant\u001b[2J\u001b]0;title\u0007\u202e\u0085';

  it('an email_domain with newlines, workflow commands and escapes, in text and github formats', async () => {
    server.handle((_req, res) => res.end(page([connector('example.com'), connector(hostileDomain, { id: 'd'.repeat(32) })])));
    for (const format of ['text', 'github', 'markdown', 'csv']) {
      const result = await runCli(['check', '-c', desired, '--format', format], { env: env({ GITHUB_ACTIONS: 'true' }), timeoutMs: 45_000 });
      expect(result.code, format).toBe(1);
      const all = result.stdout + result.stderr;
      expect(all, format).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202e]/);
      for (const line of all.split(/\r?\n/)) {
        expect(line.trimStart().startsWith('::stop-commands'), `${format}: ${line}`).toBe(false);
        expect(line.trimStart().startsWith('✔ Compliant'), `${format}: ${line}`).toBe(false);
      }
    }
  });

  it('API error text with ESC sequences reaches stderr escaped (snapshot)', async () => {
    server.handle((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: false, errors: [{ code: 1, message: '\u001b[2J\u001b]0;owned\u0007\n✔ all good' }], messages: [], result: null }));
    });
    const result = await runCli(['snapshot', '-c', desired, '-o', join(work, 'esc-snapshot.json'), '--retries', '0'], { env: env(), timeoutMs: 45_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('\\u001b[2J');
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(result.stderr.split('\n').some((line) => line.trimStart().startsWith('✔'))).toBe(false);
  });
});

describe('issue 19: contradictory, partial and cut-off answers, lone surrogates, a silent proxy', () => {
  it('an envelope with "success" and "result" twice is could not decide, not the last one JSON.parse keeps', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"success":false,"errors":[{"code":1,"message":"no"}],"result":[],"success":true,"result":${JSON.stringify([connector('example.com')])}}`);
    });
    const { result, report } = await checkJson();
    expect(result.code).toBe(2);
    expect(report.accounts[0].error).toMatch(/the key "success" twice in one object/);
  });

  it('206 Partial Content with a whole, valid page is could not decide (only 200 is a whole list)', async () => {
    server.handle((_req, res) => {
      res.writeHead(206, { 'content-type': 'application/json' });
      res.end(page([connector('example.com')]));
    });
    const { result, report } = await checkJson(['--retries', '0']);
    expect(result.code).toBe(2);
    expect(report.accounts[0].error).toMatch(/^HTTP 206 Partial Content: a page of the list is trusted only with 200 OK/);
  });

  it('a body cut off mid-way says so, with the bytes that arrived', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"success":true,"result":[');
      setTimeout(() => res.socket?.destroy(), 50);
    });
    const { result, report } = await checkJson(['--retries', '0']);
    expect(result.code).toBe(2);
    expect(report.accounts[0].error).toMatch(/connection closed before the response body ended \(26 bytes received of the 5000 declared\)/);
  });

  it('lone UTF-16 surrogates in every string of a connector: every format is written, and the verdict is drift (exit 1)', async () => {
    const lone = '\ud800x\udfff';
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // JSON.stringify writes a lone surrogate as its \u escape: valid JSON the API can send.
      res.end(page([connector('example.com'), connector(`${lone}.example.com`, { id: `${lone}id`, verification: { status: lone, code: lone }, created_on: lone, updated_on: lone })]));
    });
    const formats = ['json', 'text', 'markdown', 'sarif', 'junit', 'html', 'csv', 'github', 'oscal'];
    const files = formats.map((format) => join(work, `lone-surrogate.${format}`));
    const result = await runCli(['check', '-c', desired, '-q', ...formats.flatMap((format, i) => ['--report', `${format}=${files[i]}`])], { env: env(), timeoutMs: 45_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    for (const file of files) expect(readFileSync(file, 'utf8').length, file).toBeGreaterThan(0);
    expect(readFileSync(files[0], 'utf8')).toContain('\\ud800x\\udfff');
  });

  it('a proxy that never answers CONNECT: the tunnel is closed at the timeout and the process exits', async () => {
    // Accepts, reads the CONNECT, never answers; counts the connections it still holds.
    const held = new Set<Socket>();
    const silent = createServer((socket) => {
      held.add(socket);
      socket.on('close', () => held.delete(socket));
      socket.on('error', () => undefined);
      socket.resume(); // reads (and ignores) the CONNECT, so it sees the client hang up
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const proxy = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      // A generous bound (the deadline is 5 s): the process must end at all, not be fast.
      const result = await runCli(['check', '-c', desired, '--format', 'json', '--timeout', '2000', '--retries', '0', '--deadline', '5'], {
        env: env({ HTTP_PROXY: proxy, NO_PROXY: '' }),
        timeoutMs: 50_000,
      });
      expect(result.code).toBe(2);
      expect((JSON.parse(result.stdout) as Report).accounts[0].status).toBe('error');
      await vi.waitFor(() => expect(held.size).toBe(0), { timeout: 10_000 });
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('item 12: init and a live domain that is not a hostname', () => {
  it('says plainly that it cannot be written, exit 2, no "This is a bug"', async () => {
    server.handle((_req, res) => res.end(page([connector('not a host!'), connector('example.com', { id: 'e'.repeat(32) })])));
    const result = await runCli(['init', '--account', ACCOUNT], { env: env(), timeoutMs: 45_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot be written as a desired-state file: .*email_domain/);
    expect(result.stderr).not.toMatch(/This is a bug/);
    expect(result.stdout).toBe('');
  });
});

afterAll(() => {
  // Nothing the runs wrote may hold the token.
  for (const name of readdirSync(work)) expectNoTokenPart(readFileSync(join(work, name), 'utf8'));
});
