// The options every command that reads the live API shares, and the read itself with progress.
import type { AccountInventory } from '../core/types';
import type { ReadOptions } from '../cloudflare';
import { CLOUDFLARE_RATE_LIMIT, DEFAULT_CONCURRENCY, DEFAULT_DEADLINE_MS, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, readInventories } from '../cloudflare';
import { isLiveEnvironment, readLiveEnvironment } from '../cloudflare/live-environment';
import { MAX_RETRY_AFTER_MS } from '../cloudflare/request-policy';
import { MAX_PAGE_BODY_BYTES } from '../cloudflare/transport';
import { cleanText } from '../core/text';
import { integerOption, rateLimitOption, type OptionSpec, type ParsedValues } from './args';
import { UsageError } from './errors';
import { createProgress } from './progress';
import type { Terminal } from './environment';

export const LIVE_OPTIONS: OptionSpec = {
  concurrency: { type: 'string' },
  retries: { type: 'string' },
  timeout: { type: 'string' },
  deadline: { type: 'string' },
  'rate-limit': { type: 'string' },
};

export const LIVE_HELP = `Reading the API:
  --concurrency N        accounts read at once (default ${DEFAULT_CONCURRENCY})
  --retries N            retries per request on 429, 5xx, timeouts (default ${DEFAULT_RETRIES}; 429 honours Retry-After
                         up to ${MAX_RETRY_AFTER_MS / 1000} s; a longer wait makes the account "could not decide: rate limited")
  --timeout MS           per-request timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS}), from when the request starts;
                         the body has as long again, and at most ${MAX_PAGE_BODY_BYTES / (1024 * 1024)} MiB per page
  --deadline SECONDS     overall time for one account, pages, retries and waits included (default ${DEFAULT_DEADLINE_MS / 1000});
                         past it the account is "could not decide"
  --rate-limit N/SECONDS client-side limit on requests (default ${CLOUDFLARE_RATE_LIMIT.requests}/${CLOUDFLARE_RATE_LIMIT.windowMs / 1000},
                         Cloudflare's documented limit per token)

Environment:
  CLOUDFLARE_API_TOKEN   API token with the "SSO Connector Read" permission (required)
  CLOUDFLARE_BASE_URL    API base URL (default https://api.cloudflare.com/client/v4)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY (or lower case)   proxy for API requests; NO_PROXY hosts go direct
  NODE_EXTRA_CA_CERTS    extra CAs to trust (PEM), e.g. a TLS-inspecting proxy's
  (all variables: cf-sso-guard --help)`;

/** With --snapshot nothing is read live: a live-read flag there is a mistake, not something to ignore. */
export function refuseLiveOptions(values: ParsedValues, offline = '--snapshot'): void {
  for (const name of Object.keys(LIVE_OPTIONS)) {
    if (values[name] !== undefined) throw new UsageError(`--${name} applies to reading the live API; it cannot be used with ${offline}`);
  }
}

/** `offlineHint`: what the command offers instead of a live read, if anything (only check has --snapshot). */
export function liveReadOptions(values: ParsedValues, env: NodeJS.ProcessEnv, offlineHint?: string): ReadOptions & { source: string } {
  const read = readLiveEnvironment(env);
  if (!isLiveEnvironment(read)) {
    const advice = read.code === 'missing_token' ? '. Create an API token with the "SSO Connector Read" permission and export it' : '';
    throw new UsageError(`${read.problem}${advice}${offlineHint ? `, or ${offlineHint}` : ''}.`, read.code === 'missing_token' ? 'missing_token' : 'usage');
  }
  const options: ReadOptions & { source: string } = { ...read };
  const concurrency = integerOption(values, 'concurrency', { min: 1, max: 256 });
  if (concurrency !== undefined) options.concurrency = concurrency;
  const retries = integerOption(values, 'retries', { min: 0, max: 10 });
  if (retries !== undefined) options.retries = retries;
  const timeout = integerOption(values, 'timeout', { min: 1, max: 600_000 });
  if (timeout !== undefined) options.timeoutMs = timeout;
  const deadline = integerOption(values, 'deadline', { min: 1, max: 86_400 });
  if (deadline !== undefined) options.deadlineMs = deadline * 1000;
  const rateLimit = rateLimitOption(values);
  if (rateLimit !== undefined) options.rateLimit = rateLimit;
  return options;
}

export async function readWithProgress(accountIds: string[], options: ReadOptions, terminal: Terminal, labels: Map<string, string>): Promise<AccountInventory[]> {
  const progress = createProgress(process.stderr, terminal.stderrIsTTY && accountIds.length > 0);
  progress.start(accountIds.length);
  try {
    return await readInventories(accountIds, {
      ...options,
      onAccountDone: (inventory, done, total) =>
        progress.update(
          done,
          total,
          cleanText(labels.get(inventory.accountId) ?? inventory.accountId),
          inventory.status === 'ok' ? `read, ${inventory.connectors.length} connector${inventory.connectors.length === 1 ? '' : 's'}` : 'not read',
        ),
    });
  } finally {
    progress.finish();
  }
}
