// Builds the Pulumi policy pack as plain JavaScript: policies/index.ts and everything it uses from
// src/ (engine, rules, desired-state loader, the cloudflare SDK, ajv, yaml) are bundled into
// policies/bin/index.js (CommonJS), with the pack's README embedded as text. The pack then stands
// alone like `pulumi policy new` output: `npm install` in it fetches only its package.json
// dependencies. The Pulumi engine starts a Node.js pack through @pulumi/pulumi/cmd/run-policy-pack,
// which registers ts-node; handing it compiled JavaScript means nothing is compiled when a preview starts.
//
// @pulumi/* stay external: @pulumi/policy checks `instanceof` against the @pulumi/pulumi instance
// the engine's runner loaded, so there must be exactly one copy, resolved from the pack's
// node_modules. In this repository that is a symlink to the root node_modules.
//
// The SDK is bundled like every other module, as scripts/build.mjs does for the CLI: no plugin
// swapping a pre-built copy in for one importer. Behind src/cloudflare's lazy `import('./sdk')` it
// is not tree-shaken to the SSO resource; a few hundred kilobytes, loaded once per preview.
import { build } from 'esbuild';
import { existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeValidators } from './gen-validators.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packDir = path.join(root, 'policies');
const outfile = path.join(packDir, 'bin', 'index.js');

// The ajv validators src/ imports (not committed; also written by scripts/build.mjs).
writeValidators();

await build({
  entryPoints: [path.join(packDir, 'index.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  // Line mapping only: the sources stay in the repository, not in the published pack.
  sourcemap: true,
  sourcesContent: false,
  // Keep the tree readable in stack traces; the bundle is loaded once per preview.
  minify: false,
  // The SDK's doc comments carry emoji; keep the bundle ASCII-clean of them.
  legalComments: 'none',
  loader: { '.md': 'text' },
  external: ['@pulumi/*'],
  logLevel: 'warning',
});

// The engine runs `node <pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack`, so the pack
// directory needs node_modules. Here: a link to the root's (users run `npm install` in policies/).
const link = path.join(packDir, 'node_modules');
let present;
try {
  lstatSync(link);
  present = true;
} catch {
  present = false;
}
if (!present) {
  mkdirSync(packDir, { recursive: true });
  symlinkSync(path.relative(packDir, path.join(root, 'node_modules')), link, 'dir');
} else if (lstatSync(link).isSymbolicLink() && !existsSync(link)) {
  throw new Error(`policies/node_modules is a broken link (-> ${readlinkSync(link)}); remove it and build again`);
}

process.stderr.write(`policy pack built: ${path.relative(root, outfile)}\n`);
