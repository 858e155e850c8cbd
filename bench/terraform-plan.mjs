// `check --terraform-plan` on a large plan, as a process, against the floor any plan reader pays:
//   node bench/terraform-plan.mjs [--connectors 10000] [--mb 50] [--runs 3]     (after `npm run build`; BENCH_KEEP=1 keeps the files)
// The plan (written to a temp dir) has the given number of cloudflare_sso_connector resources in 10
// accounts, in a for_each module, among other providers' resources that pad it to the given size. The
// baseline is `node -e "JSON.parse(fs.readFileSync(plan))"`; runs alternate baseline and check, and the
// medians are compared. Targets (issue 22): check <= 3x the baseline, peak RSS < 600 MB.
// Peak RSS is the child's own (process.resourceUsage().maxRSS, written by a preloaded hook at exit).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { connectors: { type: 'string', default: '10000' }, mb: { type: 'string', default: '50' }, runs: { type: 'string', default: '3' } } });
const CONNECTORS = Number(values.connectors);
const TARGET_BYTES = Number(values.mb) * 1024 * 1024;
const RUNS = Number(values.runs);
const ACCOUNTS = Array.from({ length: 10 }, (_, i) => `a${i.toString(16)}`.repeat(16));
const PROVIDER = 'registry.terraform.io/cloudflare/cloudflare';

const dir = mkdtempSync(path.join(tmpdir(), 'cf-sso-guard-bench-tf-'));
const planPath = path.join(dir, 'plan.json');
const desiredPath = path.join(dir, 'sso-connectors.yaml');
const rssHook = path.join(dir, 'rss-hook.cjs');
writeFileSync(rssHook, "process.on('exit', () => require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");

/** Streams the plan: connectors (no-op, with prior state) first, then padding resources until the size is reached. */
async function writePlan() {
  const out = createWriteStream(planPath);
  let written = 0;
  const write = async (text) => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  const connector = (i) => {
    const account = ACCOUNTS[i % ACCOUNTS.length];
    const domain = `team-${i}.example.com`;
    const id = i.toString(16).padStart(32, '0');
    return {
      address: `module.sso.cloudflare_sso_connector.this["${domain}"]`,
      values: {
        account_id: account, begin_verification: true, created_on: '2025-03-04T09:15:22Z', email_domain: domain, enabled: true, id,
        updated_on: '2025-06-11T14:02:47Z', use_fedramp_language: false, verification: { code: `cloudflare_dashboard_sso=${id}`, status: 'verified' },
      },
      domain,
      account,
    };
  };
  const padding = (i) => {
    const values = { id: `rec-${i}`, name: `host-${i}.internal.example.com`, records: Array.from({ length: 8 }, (_, j) => `10.${i % 250}.${j}.${i % 200}`), ttl: 300, type: 'A', zone_id: 'Z'.repeat(21), password: `secret-${i}-${'x'.repeat(40)}` };
    return { address: `aws_route53_record.r${i}`, mode: 'managed', type: 'aws_route53_record', name: `r${i}`, provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['no-op'], before: values, after: values, after_unknown: {}, before_sensitive: { password: true }, after_sensitive: { password: true } } };
  };

  await write('{"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[');
  for (let i = 0; i < CONNECTORS; i++) {
    const c = connector(i);
    const entry = { address: c.address, module_address: 'module.sso', mode: 'managed', type: 'cloudflare_sso_connector', name: 'this', index: c.domain, provider_name: PROVIDER, change: { actions: ['no-op'], before: c.values, after: c.values, after_unknown: {}, before_sensitive: { verification: {} }, after_sensitive: { verification: {} } } };
    await write(`${i === 0 ? '' : ','}${JSON.stringify(entry)}`);
  }
  // The prior state comes after; reserve room for it (about 600 bytes per connector) and pad here.
  const priorBytes = CONNECTORS * 620;
  let pad = 0;
  while (written + priorBytes < TARGET_BYTES) await write(`,${JSON.stringify(padding(pad++))}`);
  await write('],"prior_state":{"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{"child_modules":[{"address":"module.sso","resources":[');
  for (let i = 0; i < CONNECTORS; i++) {
    const c = connector(i);
    await write(`${i === 0 ? '' : ','}${JSON.stringify({ address: c.address, mode: 'managed', type: 'cloudflare_sso_connector', name: 'this', index: c.domain, provider_name: PROVIDER, schema_version: 0, values: c.values, sensitive_values: { verification: {} } })}`);
  }
  await write(']}]}}},"timestamp":"2026-12-05T10:00:00Z","applyable":false,"complete":true,"errored":false}\n');
  out.end();
  await once(out, 'finish');
  return pad;
}

function writeDesired() {
  const lines = ['version: 1', 'defaults:', '  enabled: true', '  use_fedramp_language: false', '  verification: verified', 'accounts:'];
  for (const [a, account] of ACCOUNTS.entries()) {
    lines.push(`  - id: ${account}`, `    name: account-${a}`, '    unmanaged: error', '    connectors:');
    for (let i = a; i < CONNECTORS; i += ACCOUNTS.length) lines.push(`      - email_domain: team-${i}.example.com`);
  }
  writeFileSync(desiredPath, `${lines.join('\n')}\n`);
}

function run(args) {
  const rssFile = path.join(dir, 'rss');
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', rssHook, ...args], { cwd: root, env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, code: result.status, stderr: result.stderr, rssMB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const padded = await writePlan();
writeDesired();
const size = statSync(planPath).size;
process.stdout.write(`plan: ${(size / 1024 / 1024).toFixed(1)} MB, ${CONNECTORS} connectors in ${ACCOUNTS.length} accounts, ${padded} other resources (Node ${process.version})\n`);

const baseline = [];
const check = [];
for (let i = 0; i < RUNS; i++) {
  baseline.push(run(['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(planPath)}))`]));
  const result = run([path.join(root, 'dist', 'cli.js'), 'check', '-c', desiredPath, '--terraform-plan', planPath, '--format', 'json', '-o', path.join(dir, 'report.json')]);
  if (result.code !== 0) {
    process.stdout.write(`check exited ${result.code}, expected 0 (every connector compliant):\n${result.stderr}\n`);
    process.exitCode = 1;
    break;
  }
  check.push(result);
}
if (check.length === RUNS) {
  const base = median(baseline.map((r) => r.ms));
  const ours = median(check.map((r) => r.ms));
  const peak = Math.max(...check.map((r) => r.rssMB));
  const ratio = ours / base;
  process.stdout.write(`JSON.parse baseline  median ${base.toFixed(0)} ms  (peak ${Math.max(...baseline.map((r) => r.rssMB)).toFixed(0)} MB)\n`);
  process.stdout.write(`check --terraform-plan median ${ours.toFixed(0)} ms  peak ${peak.toFixed(0)} MB\n`);
  process.stdout.write(`ratio ${ratio.toFixed(2)}x (target <= 3x): ${ratio <= 3 ? 'PASS' : 'MISS'}; peak ${peak.toFixed(0)} MB (target < 600 MB): ${peak < 600 ? 'PASS' : 'MISS'}\n`);
}
if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true }); else process.stdout.write(`kept: ${dir}\n`);
