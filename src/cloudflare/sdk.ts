// The parts of the official `cloudflare` SDK the reader uses: the base client (auth, retries with
// Retry-After, timeouts), the SSO connector resource and the error classes. Imported by subpath
// rather than as `new Cloudflare()`: the full client builds every API resource (~1,900 files,
// ~5x a bare Node start); the bundler keeps only these. Loaded on demand by inventory.ts.
import { BaseCloudflare, type ClientOptions } from 'cloudflare/client';
import { BaseSSO } from 'cloudflare/resources/iam/sso';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'cloudflare/core/error';

export { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError };

/** What the reader calls: `client.iam.sso.list(...)`, the same resource the full client exposes. */
export interface SsoClient {
  iam: { sso: Pick<BaseSSO, 'list'> };
}

export function createSsoClient(options: ClientOptions): SsoClient {
  return { iam: { sso: new BaseSSO(new BaseCloudflare(options)) } };
}
