// The one reader of the live-read settings (CLI and policy pack): trimming, checks, and no token in any message.
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_BASE, isLiveEnvironment, readLiveEnvironment } from '../../src/cloudflare/live-environment';

const TOKEN = 'Zx9_k2-4tokenVALUE0123456789abcdefGHIJ';

describe('readLiveEnvironment', () => {
  it('trims the token and the base URL; the default base is the API', () => {
    expect(readLiveEnvironment({ CLOUDFLARE_API_TOKEN: `  ${TOKEN}\n` })).toEqual({ apiToken: TOKEN, source: DEFAULT_API_BASE });
    expect(readLiveEnvironment({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: ' http://127.0.0.1:8787/client/v4\n' })).toEqual({
      apiToken: TOKEN,
      baseURL: 'http://127.0.0.1:8787/client/v4',
      source: 'http://127.0.0.1:8787/client/v4',
    });
  });

  it('a blank base URL is the default', () => {
    expect(readLiveEnvironment({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: '  ' })).toEqual({ apiToken: TOKEN, source: DEFAULT_API_BASE });
  });

  it('stores the base URL without its credentials, but requests with them', () => {
    const read = readLiveEnvironment({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: 'https://user:secret@proxy.example/client/v4' });
    expect(isLiveEnvironment(read) && read.source).toBe('https://proxy.example/client/v4');
    expect(isLiveEnvironment(read) && read.baseURL).toBe('https://user:secret@proxy.example/client/v4');
  });

  it.each([undefined, '', ' \n'])('a missing or blank token (%j) is missing_token', (value) => {
    expect(readLiveEnvironment({ CLOUDFLARE_API_TOKEN: value })).toEqual({ code: 'missing_token', problem: 'CLOUDFLARE_API_TOKEN is not set' });
  });

  it.each([`${TOKEN.slice(0, 10)} ${TOKEN.slice(10)}`, `${TOKEN}\n${TOKEN}`, `${TOKEN}\u0000`, `${TOKEN}é`])('a token no API token can be is refused without a piece of it', (value) => {
    const read = readLiveEnvironment({ CLOUDFLARE_API_TOKEN: value });
    expect(isLiveEnvironment(read)).toBe(false);
    expect(!isLiveEnvironment(read) && read.code).toBe('bad_token');
    expect(JSON.stringify(read)).not.toContain(TOKEN.slice(0, 8));
  });

  it.each(['not a url', 'ftp://files.example/', 'file:///etc/passwd'])('a base URL that is not http(s) (%s) is refused, named cleanly', (value) => {
    const read = readLiveEnvironment({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: value });
    expect(!isLiveEnvironment(read) && read.code).toBe('bad_base_url');
    expect(!isLiveEnvironment(read) && read.problem).toBe(`CLOUDFLARE_BASE_URL is not an http(s) URL: ${value}`);
  });

  it('never repeats the token, even when it is in the base URL', () => {
    const read = readLiveEnvironment({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: `nope-${TOKEN}\u001b[2J` });
    expect(!isLiveEnvironment(read) && read.problem).toBe('CLOUDFLARE_BASE_URL is not an http(s) URL: nope-[REDACTED]\\u001b[2J');
  });
});
