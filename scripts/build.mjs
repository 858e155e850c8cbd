// Builds what users run (bundled, so an installed package needs no runtime dependencies):
//   dist/cli.js    the bin: turns on Node's compile cache, then loads dist/main.js (src/cli/bin.ts)
//   dist/main.js   the whole CLI in one CommonJS bundle but the SDK; each command is evaluated only
//                  when it runs, through the dynamic imports in src/
//   dist/sdk.js    the parts of the cloudflare SDK the reader uses (src/cloudflare/sdk.ts), loaded by
//                  the first live read. A bundle of its own because esbuild does not tree-shake what
//                  it evaluates lazily: inside main.js the SDK would carry all of its ~1,100 API
//                  resources (230 KB, read on every start); alone it is ~45 KB.
//   dist/pr-comment.js  the Action's `comment` step: one sticky pull-request comment through GitHub's REST
//                  API (src/github/pr-comment-main.ts)
//   dist/pulumi.js  `cf-sso-guard/pulumi`: the SsoConnectors component (src/pulumi/component.ts)
//   dist/policy.js  `cf-sso-guard/policy`: the policy pack's entry point (policies/pack.ts); the live
//                  check loads dist/sdk.js. Both keep @pulumi/* external: the user's project has them
//                  (optional peer dependencies), and @pulumi/policy needs the one @pulumi/pulumi the
//                  engine's runner loaded. Their types are types/*.d.ts.
//   dist/THIRD_PARTY_LICENSES.txt  the licence of every package bundled into dist/
// First the ajv standalone validators the bundles import (scripts/gen-validators.mjs); then the
// policy pack, if its build script is present (`--cli` builds the CLI only: npm's `prepare`).
import { build } from 'esbuild';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeValidators } from './gen-validators.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
writeValidators();

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  legalComments: 'none',
  logLevel: 'warning',
};
const bundled = {
  ...common,
  metafile: true,
  outdir: dist,
  // Positions for `node --enable-source-maps`; without the sources' text, which would be most of the install.
  sourcemap: 'linked',
  sourcesContent: false,
  // Less text for Node to read and pre-parse on each start; names are kept for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  // https-proxy-agent's Kerberos support, never used (see the stub).
  alias: { 'proxy-agent-negotiate': path.join(root, 'scripts', 'stubs', 'proxy-agent-negotiate.mjs') },
};
const cli = await build({
  ...bundled,
  entryPoints: { main: path.join(root, 'src', 'cli', 'main.ts') },
  // src/cloudflare/inventory.ts's import('./sdk') loads dist/sdk.js, with require (dynamic import()
  // would take the slower ES module loader).
  external: ['./sdk'],
  supported: { 'dynamic-import': false },
});
const sdk = await build({
  ...bundled,
  entryPoints: { sdk: path.join(root, 'src', 'cloudflare', 'sdk.ts') },
});
const prComment = await build({
  ...bundled,
  entryPoints: { 'pr-comment': path.join(root, 'src', 'github', 'pr-comment-main.ts') },
});
const pulumiEntries = await build({
  ...bundled,
  entryPoints: { pulumi: path.join(root, 'src', 'pulumi', 'component.ts'), policy: path.join(root, 'policies', 'pack.ts') },
  external: ['@pulumi/*', './sdk'],
  supported: { 'dynamic-import': false },
  loader: { '.md': 'text' },
});
await build({
  ...common,
  entryPoints: { cli: path.join(root, 'src', 'cli', 'bin.ts') },
  outdir: dist,
  // The bundle stays a file of its own: dist/main.js, loaded at run time.
  external: ['./main'],
});
chmodSync(path.join(dist, 'cli.js'), 0o755);
writeFileSync(path.join(dist, 'THIRD_PARTY_LICENSES.txt'), thirdPartyLicenses([cli.metafile, sdk.metafile, prComment.metafile, pulumiEntries.metafile]));

if (!process.argv.includes('--cli') && existsSync(path.join(root, 'scripts', 'build-policies.mjs'))) {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-policies.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The licence texts of the npm packages whose code the bundle carries (they ship inside it). */
function thirdPartyLicenses(metafiles) {
  const packages = new Set();
  for (const input of metafiles.flatMap((metafile) => Object.keys(metafile.inputs))) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  const sections = [...packages].sort().map((dir) => {
    const manifest = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    const licenceFile = readdirSync(path.join(root, dir)).find((name) => /^(licen[cs]e|copying)([-.]|$)/i.test(name));
    if (!licenceFile) throw new Error(`${manifest.name} is bundled but has no licence file to ship`);
    const text = readFileSync(path.join(root, dir, licenceFile), 'utf8').trim();
    return `${manifest.name}@${manifest.version} (${manifest.license})\n\n${text}\n`;
  });
  return `cf-sso-guard bundles the following packages into dist/.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}
