// The one reader of the live-read settings in the environment, for the CLI and the policy pack's live-drift
// policy alike: the API token (trimmed: a trailing newline from `$(cat token)` is not part of it) and the API
// base URL. Same trimming, same checks, same words in both. No message ever holds the token. (The proxy
// variables are read by the transport itself, per request, the same way for both.)
import { normaliseToken, publicUrl, redact } from '../core/redact';
import { cleanText } from '../core/text';

export const DEFAULT_API_BASE = 'https://api.cloudflare.com/client/v4';

export interface LiveEnvironment {
  apiToken: string;
  /** Set when CLOUDFLARE_BASE_URL is; else the SDK's default, DEFAULT_API_BASE. */
  baseURL?: string;
  /** The base URL without credentials: what reports and snapshots store. */
  source: string;
}

export type LiveEnvironmentProblem = { code: 'missing_token' | 'bad_token' | 'bad_base_url'; problem: string };

/** What an HTTP header value may hold, less spaces: any real API token is of these (Cloudflare's are [A-Za-z0-9_-]). */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

export function readLiveEnvironment(env: NodeJS.ProcessEnv): LiveEnvironment | LiveEnvironmentProblem {
  const apiToken = normaliseToken(env.CLOUDFLARE_API_TOKEN);
  if (apiToken === undefined) return { code: 'missing_token', problem: 'CLOUDFLARE_API_TOKEN is not set' };
  if (!TOKEN_CHARACTERS.test(apiToken)) {
    // Said without the token, or any part of it.
    return { code: 'bad_token', problem: 'CLOUDFLARE_API_TOKEN holds a space, a line break or another character no API token has; set it to the token alone' };
  }
  const base = env.CLOUDFLARE_BASE_URL?.trim();
  if (base === undefined || base === '') return { apiToken, source: DEFAULT_API_BASE };
  let url: URL | undefined;
  try {
    url = new URL(base);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return { code: 'bad_base_url', problem: `CLOUDFLARE_BASE_URL is not an http(s) URL: ${redact(cleanText(publicUrl(base)), apiToken)}` };
  }
  // The source is stored in reports and snapshots: never with credentials in it.
  return { apiToken, baseURL: base, source: publicUrl(base) };
}

export function isLiveEnvironment(read: LiveEnvironment | LiveEnvironmentProblem): read is LiveEnvironment {
  return 'apiToken' in read;
}
