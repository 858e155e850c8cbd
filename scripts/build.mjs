// Builds what users run, for a fast cold start (measured by bench/, see bench/RESULTS.md):
//   dist/cli-main.js      every command in one bundled CommonJS file (one file to read, no TypeScript
//                         at run time); each command is evaluated only when it runs.
//   dist/cli-validate.js  the same with only `validate`, and dist/cli-live.js with only the commands
//                         that read the API (check, snapshot, init): less to read and to load.
//                         The cloudflare SDK is bundled, tree-shaken to the client, the SSO resource
//                         and the error classes.
//   dist/cli.js           the entry (bin): a small loader that picks the bundle for the command and
//                         runs it with its code cache (scripts/cli-loader.cjs).
//   dist/cli-*.v8cache    V8's code cache of each bundle, recorded by running the commands once
//                         (scripts/train-code-cache.cjs). Optional: without them the CLI is only slower.
// Then the policy pack, if its build script is present.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
// esbuild writes nothing itself here (write: false), so a fresh clone needs the folder made.
mkdirSync(dist, { recursive: true });
const mainFile = path.join(dist, 'cli-main.js');

/** Bundle name -> the commands it carries (undefined: all). Keep in step with BUNDLE_OF in cli-loader.cjs. */
const BUNDLES = {
  'cli-main': undefined,
  'cli-validate': ['validate'],
  'cli-live': ['check', 'snapshot', 'init'],
};

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
  // Its doc comments carry emoji; whitespace minification drops them and keeps the bundle ASCII.
  minifyWhitespace: true,
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

/** In a bundle of some commands, the others resolve to a stub that is never loaded (the loader routes). */
function onlyCommands(commands) {
  return {
    name: 'only-commands',
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\/[a-z-]+$/ }, (args) => {
        const name = args.path.slice('./commands/'.length);
        return commands.includes(name) ? undefined : { path: name, namespace: 'command-stub' };
      });
      b.onLoad({ filter: /.*/, namespace: 'command-stub' }, (args) => ({
        contents: `throw new Error('cf-sso-guard: the command "${args.path}" is not in this bundle; run dist/cli.js');`,
        loader: 'js',
      }));
    },
  };
}

// One id ties the loader, the bundles and the caches together (V8 checks little more than length).
const buildId = randomBytes(16).toString('hex');
for (const [name, commands] of Object.entries(BUNDLES)) {
  const outfile = path.join(dist, `${name}.js`);
  const result = await build({
    entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    charset: 'ascii',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [prebuiltSdk, ...(commands ? [onlyCommands(commands)] : [])],
  });
  for (const file of result.outputFiles) {
    let text = file.text;
    if (file.path === outfile) {
      // Compiled inside a function wrapper: the `#!` line becomes a comment (same line numbers).
      if (text.startsWith('#!')) text = `//${text.slice(2)}`;
      text += `\n//# cf-sso-guard-build=${buildId}\n`;
      // The loader reads bundles as latin1 (no UTF-8 decoding): they must be ASCII.
      const offset = text.search(/[^\x00-\x7f]/);
      if (offset >= 0) throw new Error(`${name}.js is not ASCII at ${offset}: ${JSON.stringify(text.slice(offset - 40, offset + 10))}`);
    }
    writeFileSync(file.path, text);
  }
  rmSync(path.join(dist, `${name}.v8cache`), { force: true });
}
const loader = readFileSync(path.join(root, 'scripts', 'cli-loader.cjs'), 'utf8').replace('__CF_SSO_GUARD_BUILD_ID__', buildId);
writeFileSync(path.join(dist, 'cli.js'), loader);
chmodSync(path.join(dist, 'cli.js'), 0o755);
// From builds before the loader, when dist/cli.js was the bundle itself.
rmSync(path.join(dist, 'cli.js.map'), { force: true });

if (process.env.CF_SSO_GUARD_NO_CODE_CACHE !== '1') await recordCodeCache();

if (existsSync(path.join(root, 'scripts', 'build-policies.mjs'))) {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-policies.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Trains the code cache against a local emulator (the bundle's own). A failure only warns. */
async function recordCodeCache() {
  const token = 'build-training-token';
  const emulator = spawn(process.execPath, [mainFile, 'emulator', '--port', '0', '--token', token], {
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
    for (const name of Object.keys(BUNDLES)) {
      const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'train-code-cache.cjs'), url, token, name], { cwd: root, stdio: 'inherit' });
      if (result.status !== 0) throw new Error(`training ${name} exited ${result.status}`);
    }
  } catch (error) {
    process.stderr.write(`warning: dist/cli-*.v8cache not recorded (${error.message}); the CLI works, only its start is slower\n`);
  } finally {
    emulator.kill('SIGTERM');
  }
}
