// `npm run bench` (after `npm run build`): bundles the benchmarks (bench/main.ts, which imports the
// engine, the emulator and the policy-pack gRPC harness from their sources) with esbuild, then runs
// them. Results: printed, and written to bench/RESULTS.md.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(here, '.cache', 'bench.cjs');
await build({
  entryPoints: [path.join(here, 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Loaded from node_modules as the tests load them (one copy of the protobuf classes). The
  // cloudflare SDK is bundled, tree-shaken, as in dist/ (required from node_modules it loads ~1,900 files).
  external: ['@pulumi/*', '@grpc/grpc-js', 'google-protobuf', 'google-protobuf/*'],
  sourcemap: 'linked',
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['--expose-gc', outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: path.join(here, '..') });
process.exit(result.status ?? 1);
