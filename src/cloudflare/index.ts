export { readInventories, readAccount, describeReadError, DEFAULT_CONCURRENCY, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, DEFAULT_DEADLINE_MS } from './inventory';
export type { ReadOptions } from './inventory';
export { CLOUDFLARE_RATE_LIMIT, SlidingWindowLimiter } from './rate-limit';
export type { RateLimit } from './rate-limit';
export { parseListPage, parseConnector } from './envelope';
export { redact } from './redact';
export { readSnapshotFile, parseSnapshot, snapshotFromInventories, SnapshotError } from './snapshot';
export type { Snapshot } from './snapshot';
