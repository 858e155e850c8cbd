// Records dist/cli-*.v8cache: runs each bundle through the same loader as dist/cli.js, drives the
// commands it carries whose cold start matters (validate; live check and snapshot against an
// emulator; offline check; help), then asks V8 for the code cache of everything that ran.
// Called by scripts/build.mjs once per bundle, each in a process of its own (so that one bundle's
// training leaves nothing behind in the V8 state another bundle's cache is recorded from):
//   node scripts/train-code-cache.cjs <emulator-url> <emulator-token> <bundle>
// Output of the commands is swallowed; a failed command fails the training (the build then ships
// without caches, which only costs start-up time).
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const loader = require(path.join(root, 'dist', 'cli.js'));

function trainingRuns(work) {
  const config = path.join(root, 'examples', 'sso-connectors.yaml');
  const snapshot = path.join(work, 'snapshot.json');
  return {
    'cli-validate': [['validate', '-c', config]],
    'cli-live': [
      ['check', '-c', config],
      ['check', '-c', config, '--format', 'json'],
      ['snapshot', '-c', config, '-o', snapshot],
      ['check', '-c', config, '--snapshot', snapshot],
      ['check', '-c', config, '--snapshot', snapshot, '--format', 'json'],
    ],
    'cli-main': [['--help'], ['schema'], ['check', '--help']],
  };
}

async function runQuietly(cli, argv) {
  const write = { out: process.stdout.write, err: process.stderr.write };
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

async function train() {
  const [url, token, name] = process.argv.slice(2);
  if (!loader.BUNDLES.includes(name)) throw new Error(`unknown bundle "${name}" (known: ${loader.BUNDLES.join(', ')})`);
  Object.assign(process.env, { CLOUDFLARE_BASE_URL: url, CLOUDFLARE_API_TOKEN: token, NO_COLOR: '1' });
  const id = Buffer.from(loader.BUILD_ID, 'latin1');
  if (id.length !== loader.ID_BYTES) throw new Error('build id has the wrong length');
  const work = mkdtempSync(path.join(tmpdir(), 'cf-sso-guard-train-'));
  try {
    const runs = trainingRuns(work);
    const { exports: cli, script } = loader.compileBundle(name, undefined);
    if (script === undefined) throw new Error(`dist/${name}.js does not match dist/cli.js (build id); rebuild`);
    for (const argv of runs[name] ?? []) await runQuietly(cli, argv);
    writeFileSync(loader.bundlePaths(name).cache, Buffer.concat([id, script.createCachedData()]));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

train().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`code cache not recorded: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
