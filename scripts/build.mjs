// Builds what users run: dist/cli.js, one bundled CommonJS file (fast cold start: one file to
// read, no TypeScript at run time). The cloudflare SDK stays external and is required only on
// paths that read the network. Then the policy pack, if its build script is present.
import { build } from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['cloudflare'],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);

if (existsSync('scripts/build-policies.mjs')) {
  const result = spawnSync(process.execPath, ['scripts/build-policies.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
