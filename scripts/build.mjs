// Builds what users run, for a fast cold start (measured by bench/, see bench/RESULTS.md):
//   dist/cli-main.js    every command in one bundled CommonJS file (one file to read, no TypeScript
//                       at run time); each command is evaluated only when it runs. The cloudflare SDK
//                       is bundled too, tree-shaken to the client, the SSO resource and the errors.
//   dist/cli.js         the entry (bin): a small loader that runs cli-main.js with its code cache.
//   dist/cli-main.v8cache  V8's code cache for cli-main.js, recorded by running the commands once
//                       (scripts/train-code-cache.cjs). Optional: without it the CLI is only slower.
// Then the policy pack, if its build script is present.
import { build } from 'esbuild';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const bundleFile = path.join(dist, 'cli-main.js');

// The SDK on its own first: as an ES module graph it tree-shakes from ~1,900 files to ~60 kB.
// Inlined below as one CommonJS module, so the lazy `import('./sdk')` in src/cloudflare keeps it
// out of commands that do not read the network.
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
const prebuiltSdk = {
  name: 'prebuilt-cloudflare-sdk',
  setup(b) {
    b.onResolve({ filter: /^\.\/sdk$/ }, (args) =>
      args.importer === path.join(root, 'src', 'cloudflare', 'inventory.ts') ? { path: 'cloudflare-sdk', namespace: 'prebuilt-sdk' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'prebuilt-sdk' }, () => ({ contents: sdk.outputFiles[0].text, loader: 'js', resolveDir: root }));
  },
};

const main = await build({
  entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
  outfile: bundleFile,
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [prebuiltSdk],
});

// One id ties the loader, the bundle and the cache together (V8 checks little more than length).
const buildId = randomBytes(16).toString('hex');
for (const file of main.outputFiles) {
  let text = file.text;
  if (file.path === bundleFile) {
    // The bundle is compiled inside a function wrapper: its `#!` line becomes a comment (same lines).
    if (text.startsWith('#!')) text = `//${text.slice(2)}`;
    text += `\n//# cf-sso-guard-build=${buildId}\n`;
  }
  writeFileSync(file.path, text);
}
const loader = readFileSync(path.join(root, 'scripts', 'cli-loader.cjs'), 'utf8').replace('__CF_SSO_GUARD_BUILD_ID__', buildId);
writeFileSync(path.join(dist, 'cli.js'), loader);
chmodSync(path.join(dist, 'cli.js'), 0o755);
rmSync(path.join(dist, 'cli-main.v8cache'), { force: true });

if (process.env.CF_SSO_GUARD_NO_CODE_CACHE !== '1') await recordCodeCache();

if (existsSync(path.join(root, 'scripts', 'build-policies.mjs'))) {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-policies.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Trains the code cache against a local emulator (the bundle's own). A failure only warns. */
async function recordCodeCache() {
  const token = 'build-training-token';
  const emulator = spawn(process.execPath, [bundleFile, 'emulator', '--port', '0', '--token', token], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      emulator.stdout.setEncoding('utf8').on('data', (chunk) => {
        out += chunk;
        const match = /listening on (\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      emulator.once('exit', (code) => reject(new Error(`emulator exited (${code})`)));
      setTimeout(() => reject(new Error('emulator did not start within 20 s')), 20_000).unref();
    });
    const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'train-code-cache.cjs'), url, token], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`training exited ${result.status}`);
  } catch (error) {
    process.stderr.write(`warning: dist/cli-main.v8cache not recorded (${error.message}); the CLI works, only its start is slower\n`);
  } finally {
    emulator.kill('SIGTERM');
  }
}
