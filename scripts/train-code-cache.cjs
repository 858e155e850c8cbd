// Records dist/cli-main.v8cache: runs the bundle through the same loader as dist/cli.js, drives the
// commands a cold start matters for (validate, live check and snapshot against an emulator, offline
// check), then asks V8 for the code cache of everything that ran. Called by scripts/build.mjs as
//   node scripts/train-code-cache.cjs <emulator-url> <emulator-token>
// Output of the commands is swallowed; a failed command fails the training (the build then ships
// without a cache, which only costs start-up time).
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const loader = require(path.join(root, 'dist', 'cli.js'));

async function train() {
  const [url, token] = process.argv.slice(2);
  const { exports: cli, script } = loader.compileBundle(undefined);
  if (script === undefined) throw new Error('dist/cli-main.js does not match dist/cli.js (build id); rebuild');
  const work = mkdtempSync(path.join(tmpdir(), 'cf-sso-guard-train-'));
  const config = path.join(root, 'examples', 'sso-connectors.yaml');
  const snapshot = path.join(work, 'snapshot.json');
  Object.assign(process.env, { CLOUDFLARE_BASE_URL: url, CLOUDFLARE_API_TOKEN: token, NO_COLOR: '1' });
  const runs = [
    ['validate', '-c', config],
    ['check', '-c', config],
    ['check', '-c', config, '--format', 'json'],
    ['snapshot', '-c', config, '-o', snapshot],
    ['check', '-c', config, '--snapshot', snapshot],
    ['check', '-c', config, '--snapshot', snapshot, '--format', 'json'],
  ];
  const write = { out: process.stdout.write, err: process.stderr.write };
  try {
    for (const argv of runs) {
      process.stdout.write = process.stderr.write = () => true;
      let code;
      try {
        code = await cli.main(argv);
      } finally {
        process.stdout.write = write.out;
        process.stderr.write = write.err;
      }
      // The demo inventory drifts on purpose: 0 or 1 is a decision; 2 means the run went wrong.
      if (code !== 0 && code !== 1) throw new Error(`training run "${argv.join(' ')}" exited ${code}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const id = Buffer.from(loader.BUILD_ID, 'latin1');
  if (id.length !== loader.ID_BYTES) throw new Error('build id has the wrong length');
  writeFileSync(loader.CACHE, Buffer.concat([id, script.createCachedData()]));
}

train().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`code cache not recorded: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
