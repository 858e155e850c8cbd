// The CLI's live-read options: the environment through the one reader (src/cloudflare/live-environment.ts),
// the flags on top; every problem a usage error (exit 2) without the token. In process, no child.
import { describe, expect, it } from 'vitest';
import { liveReadOptions } from '../../src/cli/live';
import { UsageError } from '../../src/core/errors';

const TOKEN = 'cli-live-options-token-5c0ffee';

function refused(values: Record<string, string | undefined>, env: NodeJS.ProcessEnv, hint?: string): UsageError {
  try {
    liveReadOptions(values, env, hint);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('liveReadOptions', () => {
  it('the trimmed token and base URL, and the flags', () => {
    const options = liveReadOptions({ concurrency: '4', deadline: '30' }, { CLOUDFLARE_API_TOKEN: `${TOKEN}\n`, CLOUDFLARE_BASE_URL: 'http://127.0.0.1:9/client/v4 ' });
    expect(options).toEqual({ apiToken: TOKEN, baseURL: 'http://127.0.0.1:9/client/v4', source: 'http://127.0.0.1:9/client/v4', concurrency: 4, deadlineMs: 30_000 });
  });

  it('a missing token says how to make one, and the offline way when there is one', () => {
    const error = refused({}, {}, 'check offline with --snapshot FILE');
    expect(error.code).toBe('missing_token');
    expect(error.message).toBe(
      'CLOUDFLARE_API_TOKEN is not set. Create an API token with the "SSO Connector Read" permission and export it, or check offline with --snapshot FILE.',
    );
  });

  it('a token with a space inside is refused without any of it', () => {
    const error = refused({}, { CLOUDFLARE_API_TOKEN: `${TOKEN.slice(0, 9)} ${TOKEN.slice(9)}` });
    expect(error.message).toBe('CLOUDFLARE_API_TOKEN holds a space, a line break or another character no API token has; set it to the token alone.');
    expect(error.message).not.toContain(TOKEN.slice(0, 8));
  });

  it('a base URL that is not http(s) is refused before any request', () => {
    expect(refused({}, { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: 'api.cloudflare.com' }).message).toBe('CLOUDFLARE_BASE_URL is not an http(s) URL: api.cloudflare.com.');
  });
});
