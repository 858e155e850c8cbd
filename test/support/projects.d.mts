// Types of projects.mjs (plain JavaScript so that vitest.config.mts loads it as it is).
export const E2E: string[];
export const ALL_TESTS: string[];
