export { readInventories, DEFAULT_CONCURRENCY, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, DEFAULT_DEADLINE_MS } from './inventory';
export type { ReadOptions } from './inventory';
export { CLOUDFLARE_RATE_LIMIT, SlidingWindowLimiter } from './rate-limit';
export { redact } from '../core/redact';
export { readSnapshotFile, snapshotFromInventories, parseRecordedAccounts, SnapshotError } from './snapshot';
export type { Snapshot } from './snapshot';
export { duplicateKeyProblem } from './envelope';
