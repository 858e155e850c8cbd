// Builds the Pulumi policy pack as plain JavaScript: policies/index.ts and the src/ modules it uses
// are bundled into policies/bin/index.js (CommonJS). The Pulumi engine starts a Node.js pack through
// @pulumi/pulumi/cmd/run-policy-pack, which registers ts-node; handing it compiled JavaScript means
// ts-node never has to type-check and compile the pack when a preview starts.
//
// @pulumi/* and the cloudflare SDK stay external: @pulumi/policy checks `instanceof` against the
// @pulumi/pulumi instance the engine's runner loaded, so there must be exactly one copy, resolved
// from the pack's node_modules. In this repository that is a symlink to the root node_modules.
import { build } from 'esbuild';
import { existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packDir = path.join(root, 'policies');
const outfile = path.join(packDir, 'bin', 'index.js');

await build({
  entryPoints: [path.join(packDir, 'index.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Keep the tree readable in stack traces; the bundle is loaded once per preview.
  minify: false,
  external: ['@pulumi/*', 'cloudflare', 'cloudflare/*'],
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
