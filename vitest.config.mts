import { defineConfig } from 'vitest/config';

/** Tests that run what users run: the built CLI as a process, the built policy pack, the packed package. */
const E2E = ['test/cli/e2e.test.ts', 'test/cli/evidence.e2e.test.ts', 'test/cli/shard.test.ts', 'test/policies/**/*.test.ts', 'test/pulumi/**/*.test.ts', 'test/package/**/*.test.ts', 'test/action/steps.test.ts', 'test/terraform/check-plan.e2e.test.ts', 'test/terraform/init-terraform.e2e.test.ts'];

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
        // The sources, through vitest's own transform: no build step (`npx vitest --project unit`).
        test: { name: 'unit', include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'policies/**/*.test.ts'], exclude: [...E2E, '**/node_modules/**', 'dist/**'] },
      },
      {
        extends: true,
        // Builds dist/ and the policy pack once (test/global-setup.ts), then runs them.
        test: { name: 'e2e', include: E2E, globalSetup: ['test/global-setup.ts'] },
      },
    ],
  },
});
