// The benchmarks of cf-sso-guard (run by `npm run bench` through bench/run.mjs, after the build).
// Sections: 1 cold start, 2 many accounts, 3 engine scale, 4 policy pack. Every figure is printed
// with its target, its ratio and PASS/MISS, and the run is written to bench/RESULTS.md.
//   node bench/run.mjs [section...]      e.g. `node bench/run.mjs cold many` (default: all)
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { coldStart } from './lib/cold-start';
import type { BenchContext } from './lib/context';
import { engineChild, engineScale } from './lib/engine-scale';
import { bareReaderChild, manyAccounts, readerChild } from './lib/many-accounts';
import { policyPack } from './lib/policy-pack';
import { Results, machine } from './lib/results';

const SECTIONS: Record<string, (ctx: BenchContext) => Promise<void>> = {
  cold: coldStart,
  many: manyAccounts,
  engine: engineScale,
  policy: policyPack,
};

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'engine-child') return engineChild(argv.slice(1));
  if (argv[0] === 'reader-child') return readerChild(argv.slice(1));
  if (argv[0] === 'bare-reader-child') return bareReaderChild(argv.slice(1));
  const root = resolve(__dirname, '..', '..');
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm run bench does)');
  const cacheDir = join(root, 'bench', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const chosen = argv.length > 0 ? argv : Object.keys(SECTIONS);
  for (const name of chosen) if (!(name in SECTIONS)) throw new Error(`unknown section "${name}" (known: ${Object.keys(SECTIONS).join(', ')})`);

  const host = machine();
  process.stdout.write(`cf-sso-guard benchmarks — ${host.cpu}, ${host.cores} cores, Node ${host.node}, ${host.date}\n`);
  const results = new Results();
  const ctx: BenchContext = { root, cacheDir, cli, self: __filename, rounds: Number(process.env.BENCH_ROUNDS ?? 25), results };
  const started = performance.now();
  for (const name of chosen) {
    try {
      await SECTIONS[name](ctx);
    } catch (error) {
      // A section that cannot run is a MISS with its reason, not a crash of the whole run.
      const message = error instanceof Error ? error.message : String(error);
      results.add({ section: `${name}: could not run`, name, measured: 'not measured', target: 'runs', ratio: '', pass: false, note: message.split('\n')[0] });
    }
  }
  const duration = performance.now() - started;
  const { pass, miss } = results.summary();
  process.stdout.write(`\n${pass} PASS, ${miss} MISS in ${(duration / 1000).toFixed(0)} s\n`);
  if (chosen.length === Object.keys(SECTIONS).length) {
    results.writeMarkdown(join(root, 'bench', 'RESULTS.md'), host, duration, 'npm run bench');
    process.stdout.write('written: bench/RESULTS.md\n');
  } else {
    process.stdout.write('(a partial run: bench/RESULTS.md left as it was)\n');
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
