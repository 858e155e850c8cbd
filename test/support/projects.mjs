// Which vitest project a test file belongs to (vitest.config.mts reads this list; so does the test
// that keeps it honest, test/support/projects.test.ts; types: projects.d.mts). `unit` is everything else: in-process tests
// of the sources, no build, no child process.
/** Tests that run what users run or spawn a process: the built CLI, the built policy pack, the packed package, openssl, Chromium. */
export const E2E = [
  'test/cli/e2e.test.ts',
  'test/cli/evidence.e2e.test.ts',
  'test/cli/shard.test.ts',
  'test/cli/gate.e2e.test.ts',
  'test/cli/waiver-approver.e2e.test.ts',
  'test/cli/history.e2e.test.ts',
  'test/cli/init-and-accounts.test.ts',
  'test/cli/proxy.test.ts',
  'test/cli/terminal.test.ts',
  'test/cli/validate-and-usage.test.ts',
  'test/cli/new-rules.e2e.test.ts',
  'test/cloudflare/transport-tls.test.ts',
  'test/hostile/api.test.ts',
  'test/hostile/files.test.ts',
  'test/report/html.browser.test.ts',
  'test/report/html.print.browser.test.ts',
  'test/policies/grpc.test.ts',
  'test/policies/live-drift.test.ts',
  'test/policies/packed.test.ts',
  'test/policies/remediate.test.ts',
  'test/pulumi/**/*.test.ts',
  'test/package/**/*.test.ts',
  'test/action/steps.test.ts',
  'test/terraform/check-plan.e2e.test.ts',
  'test/terraform/init-terraform.e2e.test.ts',
];

/** Test files of either project. */
export const ALL_TESTS = ['test/**/*.test.ts', 'src/**/*.test.ts', 'policies/**/*.test.ts'];
