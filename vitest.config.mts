import { defineConfig } from 'vitest/config';
import { ALL_TESTS, E2E } from './test/support/projects.mjs';

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A slow, noisy 2-core CI machine: few workers, generous timeouts, no timing assertions.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // The sources in-process, through vitest's own transform: no build step, no child process
        // (`npx vitest run --project unit`). Its setup writes the ajv validators src/ imports (generated, not committed).
        test: {
          name: 'unit',
          include: ALL_TESTS,
          exclude: [...E2E, '**/node_modules/**', 'dist/**'],
          globalSetup: ['test/support/generate-validators.ts'],
          // One module graph per worker, not per file: the sources are evaluated once, not 50 times
          // (measured in a fresh clone: CPU 65 s -> 29 s). Unit tests keep no global state between files.
          isolate: false,
        },
      },
      {
        extends: true,
        // Builds dist/ and the policy pack once (test/global-setup.ts), then runs them and other processes.
        test: { name: 'e2e', include: E2E, globalSetup: ['test/global-setup.ts'] },
      },
    ],
  },
});
