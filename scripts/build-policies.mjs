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
import { build } from 'esbuild';
import { existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packDir = path.join(root, 'policies');
const outfile = path.join(packDir, 'bin', 'index.js');

// The SDK on its own first, as scripts/build.mjs does for the CLI: behind src/cloudflare's lazy
// `import('./sdk')` esbuild cannot tree-shake it (the whole resource tree would come along); built as
// one module it keeps only the client, the SSO resource and the error classes.
const sdk = await build({
  entryPoints: [path.join(root, 'src', 'cloudflare', 'sdk.ts')],
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
});
const inventory = path.join(root, 'src', 'cloudflare', 'inventory.ts');
const prebuiltSdk = {
  name: 'prebuilt-cloudflare-sdk',
  setup(b) {
    b.onResolve({ filter: /^\.\/sdk$/ }, (args) => (args.importer === inventory ? { path: 'cloudflare-sdk', namespace: 'prebuilt-sdk' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'prebuilt-sdk' }, () => ({ contents: sdk.outputFiles[0].text, loader: 'js', resolveDir: root }));
  },
};

await build({
  entryPoints: [path.join(packDir, 'index.ts')],
  plugins: [prebuiltSdk],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
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
