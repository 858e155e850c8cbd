// 4. Policy pack: start-to-port against a pack with no policies (both started the way the Pulumi
// engine starts a pack), AnalyzeStack with 1,000 SsoConnector resources, Analyze per resource.
// Drives the pack with the gRPC harness the tests use too (support/policy-pack.ts).
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateSeed } from '../../src/emulator';
import { startFakeEngine, startPack, type ResourceInput } from '../../support/policy-pack';
import { desiredYamlFor, writeFixture } from './fixtures';
import { fmtMs, fmtRatio, median } from './measure';
import { PREVIOUS } from './previous';
import type { BenchContext } from './context';

const SECTION = '4. Policy pack (run-policy-pack + Analyzer gRPC)';
const STACK_SIZE = 1_000;
const START_ROUNDS = 7;
const STACK_RUNS = 5;
const ANALYZE_CALLS = 200;

/** Spawn -> first stdout line (the gRPC port), as the engine waits for it; then the pack is stopped. */
function timeToPort(packDir: string, engineAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const runner = join(packDir, 'node_modules', '@pulumi', 'pulumi', 'cmd', 'run-policy-pack');
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [runner, engineAddress, '.'], { cwd: packDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!out.includes('\n')) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!/^\d+$/.test(out.split('\n')[0].trim())) reject(new Error(`${packDir}: first line is not a port: ${out.slice(0, 200)}`));
      child.once('exit', () => resolve(ms));
      child.kill('SIGTERM');
    });
    child.once('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`${packDir}: exited ${code} before printing its port: ${err.slice(0, 500)}`));
    });
  });
}

/** The baseline pack's node_modules: a link to the repository's, like policies/node_modules. */
function linkNodeModules(packDir: string, root: string): void {
  const link = join(packDir, 'node_modules');
  try {
    lstatSync(link);
  } catch {
    symlinkSync(relative(packDir, join(root, 'node_modules')), link, 'dir');
  }
}

export async function policyPack(ctx: BenchContext): Promise<void> {
  process.stdout.write(`\n${SECTION}\n`);
  // From the root, not support's PACK_DIR: that resolves against __dirname, the bundle's folder (bench/.cache) here.
  const packDir = join(ctx.root, 'policies');
  if (!existsSync(join(packDir, 'bin', 'index.js'))) throw new Error('policies/bin/index.js is missing: the policy pack is not built');
  const emptyPack = join(ctx.root, 'bench', 'fixtures', 'empty-pack');
  linkNodeModules(emptyPack, ctx.root);

  const engine = await startFakeEngine();
  const starts: Record<string, number[]> = { pack: [], empty: [] };
  try {
    for (let round = 0; round < START_ROUNDS; round++) {
      const order: Array<'pack' | 'empty'> = round % 2 === 0 ? ['pack', 'empty'] : ['empty', 'pack'];
      for (const which of order) starts[which].push(await timeToPort(which === 'pack' ? packDir : emptyPack, engine.address));
    }
  } finally {
    await engine.close();
  }
  const pack = median(starts.pack);
  const empty = median(starts.empty);
  const before = PREVIOUS.pack;
  ctx.results.add({ section: SECTION, name: 'a pack with no policies: start to gRPC port (baseline)', measured: fmtMs(empty), ratio: '', target: '', pass: null, note: `${START_ROUNDS} runs each, interleaved`, previous: fmtMs(before.emptyStart) });
  ctx.results.add({ section: SECTION, name: 'policies/: start to gRPC port', measured: fmtMs(pack), ratio: fmtRatio(pack / empty), target: '≤ 1.3× the empty pack', pass: pack / empty <= 1.3, previous: `${fmtMs(before.packStart)}, ${fmtRatio(before.packStart / before.emptyStart)}` });

  // A stack that matches a 1,000-connector desired-state file (10 accounts x 100).
  const seed = generateSeed({ accounts: 10, connectorsPerAccount: STACK_SIZE / 10, salt: 'policy-pack' });
  const desiredPath = writeFixture(ctx.cacheDir, 'policy-pack.yaml', desiredYamlFor(seed));
  const resources: ResourceInput[] = [];
  for (const [accountId, account] of Object.entries(seed.accounts)) {
    for (const c of account.connectors) {
      resources.push({
        name: `sso-${c.email_domain.replace(/\./g, '-')}`,
        props: { accountId, emailDomain: c.email_domain, enabled: c.enabled, useFedrampLanguage: c.use_fedramp_language, verification: { status: c.verification.status, code: c.verification.code } },
      });
    }
  }
  const running = await startPack({ CF_SSO_GUARD_CONFIG: desiredPath }, packDir);
  try {
    await running.configure({});
    const stackTimes: number[] = [];
    let mandatory = -1;
    for (let i = 0; i < STACK_RUNS; i++) {
      const started = performance.now();
      const result = await running.analyzeStack(resources);
      stackTimes.push(performance.now() - started);
      mandatory = result.diagnostics.filter((d) => d.enforcementLevel === 'mandatory').length;
    }
    if (mandatory !== 0) throw new Error(`AnalyzeStack of a compliant stack gave ${mandatory} mandatory diagnostics`);
    const stack = median(stackTimes);
    ctx.results.add({
      section: SECTION,
      name: `AnalyzeStack with ${STACK_SIZE.toLocaleString('en')} SsoConnector resources`,
      measured: fmtMs(stack),
      ratio: `${fmtRatio(stack / 300)} target`,
      target: '≤ 300 ms',
      pass: stack <= 300,
      note: `median of ${STACK_RUNS}, first ${fmtMs(stackTimes[0])}; round trip incl. building the request in the harness`,
      previous: fmtMs(before.analyzeStack),
    });

    const analyzeTimes: number[] = [];
    for (let i = 0; i < ANALYZE_CALLS; i++) {
      const resource = resources[i % resources.length];
      const started = performance.now();
      const result = await running.analyze(resource);
      analyzeTimes.push(performance.now() - started);
      if (result.diagnostics.some((d) => d.enforcementLevel === 'mandatory')) throw new Error(`Analyze of a declared connector failed: ${result.diagnostics[0]?.message}`);
    }
    const per = median(analyzeTimes);
    // The transport's own cost: GetAnalyzerInfo on the same pack, a call that checks nothing.
    const infoTimes: number[] = [];
    for (let i = 0; i < ANALYZE_CALLS; i++) {
      const started = performance.now();
      await running.info();
      infoTimes.push(performance.now() - started);
    }
    const floor = median(infoTimes);
    // What @pulumi/policy itself costs: the same Analyze with every policy of the pack disabled.
    const names = (await running.info()).getPoliciesList().map((p) => p.getName());
    await running.configure(Object.fromEntries(names.map((name) => [name, { enforcementLevel: 'disabled' as const }])));
    const disabledTimes: number[] = [];
    for (let i = 0; i < ANALYZE_CALLS; i++) {
      const started = performance.now();
      await running.analyze(resources[i % resources.length]);
      disabledTimes.push(performance.now() - started);
    }
    const framework = median(disabledTimes);
    ctx.results.add({
      section: SECTION,
      name: 'Analyze, per resource',
      measured: fmtMs(per),
      ratio: `${fmtRatio(per / 2)} target`,
      target: '≤ 2 ms (median)',
      pass: per <= 2,
      previous: fmtMs(before.analyze),
      note: `${ANALYZE_CALLS} calls, round trip over gRPC on loopback from the harness; a GetAnalyzerInfo round trip (checks nothing) takes ${fmtMs(floor)}, an Analyze with all ${names.length} policies disabled ${fmtMs(framework)}`,
    });
    ctx.results.note(
      `Policy pack: Analyze costs ${fmtMs(per)} per resource, of which ${fmtMs(framework)} is transport and @pulumi/policy ` +
        `(all policies disabled); the rest is the pack's resource policies (each judges one resource against its own ` +
        `account of the desired state), while AnalyzeStack judges ` +
        `${STACK_SIZE.toLocaleString('en')} resources in ${fmtMs(stack)} (${fmtMs(stack / STACK_SIZE)} each).`,
    );
  } finally {
    await running.close();
  }
}
