// Builds what users run (bundled, so an installed package needs no runtime dependencies):
//   dist/cli.js    the bin: turns on Node's compile cache, then loads dist/main.js (src/cli/bin.ts)
//   dist/main.js   the whole CLI in one CommonJS bundle; each command (and the cloudflare SDK) is
//                  evaluated only when it runs, through the dynamic imports in src/
// Then the policy pack, if its build script is present.
import { build } from 'esbuild';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: { main: path.join(root, 'src', 'cli', 'main.ts') },
  outdir: dist,
  // Positions for `node --enable-source-maps`; without the sources' text, which would be most of the install.
  sourcemap: 'linked',
  sourcesContent: false,
  // Less text for Node to read and pre-parse on each start; names are kept for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
});
await build({
  ...common,
  entryPoints: { cli: path.join(root, 'src', 'cli', 'bin.ts') },
  outdir: dist,
  // The bundle stays a file of its own: dist/main.js, loaded at run time.
  external: ['./main'],
});
chmodSync(path.join(dist, 'cli.js'), 0o755);

if (existsSync(path.join(root, 'scripts', 'build-policies.mjs'))) {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-policies.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
