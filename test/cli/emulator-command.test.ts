import Cloudflare from 'cloudflare';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMULATOR_TOKEN, emulatorOptions, runEmulator } from '../../src/cli/commands/emulator';
import { DEMO_INVENTORY_PATH, GOV, PRODUCTION } from '../emulator/helpers';

function capture(): { stream: PassThrough; text: () => string; line: () => Promise<string> } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return {
    stream,
    text: () => text,
    line: () =>
      new Promise((resolve) => {
        const check = (): void => {
          if (text.includes('\n')) resolve(text.split('\n')[0] as string);
          else stream.once('data', () => setImmediate(check));
        };
        check();
      }),
  };
}

describe('cf-sso-guard emulator', () => {
  it('prints one line with the URL, serves the demo inventory with the default token, stops on request', async () => {
    const stdout = capture();
    const stderr = capture();
    const stop = new AbortController();
    const running = runEmulator(['--port', '0'], { stdout: stdout.stream, stderr: stderr.stream, stopSignal: stop.signal });
    const line = await stdout.line();
    const match = /^cf-sso-guard emulator listening on (http:\/\/127\.0\.0\.1:\d+\/client\/v4)$/.exec(line);
    expect(match).not.toBeNull();
    const client = new Cloudflare({ apiToken: DEFAULT_EMULATOR_TOKEN, baseURL: match![1], maxRetries: 0 });
    expect((await client.iam.sso.list({ account_id: GOV })).result).toHaveLength(3);
    stop.abort();
    expect(await running).toBe(0);
    expect(stdout.text().trim().split('\n')).toHaveLength(1);
    expect(stderr.text()).toBe('');
  });

  it('honours --seed, --token and --rate-limit, and never prints the token', async () => {
    const stdout = capture();
    const stop = new AbortController();
    const token = 'cli-secret-9Hq';
    const running = runEmulator(
      ['--port=0', '--seed', DEMO_INVENTORY_PATH, '--token', token, '--rate-limit', '2/60', '--latency', '1'],
      { stdout: stdout.stream, stderr: new PassThrough(), stopSignal: stop.signal },
    );
    const baseURL = /(http:\S+)/.exec(await stdout.line())![1];
    const client = new Cloudflare({ apiToken: token, baseURL, maxRetries: 0 });
    await client.iam.sso.list({ account_id: PRODUCTION });
    await client.iam.sso.list({ account_id: PRODUCTION });
    await expect(client.iam.sso.list({ account_id: PRODUCTION })).rejects.toMatchObject({ status: 429 });
    stop.abort();
    expect(await running).toBe(0);
    expect(stdout.text()).not.toContain(token);
  });

  it.each([
    [['--port', 'x'], /--port must be a whole number from 0 to 65535, got "x"/],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535, got "70000"/],
    [['--rate-limit', '10'], /--rate-limit must look like 1200\/300/],
    [['--bogus'], /unknown option "--bogus"/],
    [['--seed'], /--seed <value>' argument missing/],
    [['--seed', '/nonexistent/seed.json'], /\/nonexistent\/seed\.json: emulator seed file not found/],
    [['--faults', '/nonexistent/faults.json'], /\/nonexistent\/faults\.json: faults file not found/],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    const stdout = capture();
    const stderr = capture();
    expect(await runEmulator(argv, { stdout: stdout.stream, stderr: stderr.stream })).toBe(2);
    expect(stderr.text()).toMatch(message);
    expect(stderr.text()).not.toMatch(/\n\s+at /); // no stack trace
    expect(stdout.text()).toBe('');
  });

  it('prints usage for --help', async () => {
    const stdout = capture();
    expect(await runEmulator(['--help'], { stdout: stdout.stream, stderr: new PassThrough() })).toBe(0);
    expect(stdout.text()).toMatch(/--rate-limit N\/SECONDS/);
  });

  it('parses its flags with the CLI\'s own parser: --rate-limit N/SECONDS into requests and windowMs', () => {
    const options = emulatorOptions(['--rate-limit', '1200/300', '--port', '0']);
    expect(options !== 'help' && options.rateLimit).toEqual({ requests: 1200, windowMs: 300_000 });
    expect(options !== 'help' && options.port).toBe(0);
  });
});
