// Evidence an auditor accepts, end to end with the CLI as a process: a run over the demo lists every connector
// with its verdict in JSON, HTML (rendered in Chromium), CSV and markdown; OSCAL from a snapshot validates
// against NIST's schema and is the same twice; history reads reports and fails whole on bad input.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSchema } from '../support/common';
import { loadSeedFile, startEmulator, type RunningEmulator } from '../../src/emulator';
import { FORMATTERS } from '../../src/report';
import type { Report } from '../../src/core/types';
import { findBrowser, REQUIRE_BROWSER_VARIABLE, skipLine } from '../support/browser';
import { REPO_ROOT, runCli } from '../support/cli';
import { withoutTimestamps } from '../support/timestamps';
import { week } from '../history/reports';

const TOKEN = 'cfut_SECRET-evidence-4Hq8Zp1Nw6';
// The same browser lookup as the HTML report test: without a browser, one visible skip line; under CI
// (CF_SSO_GUARD_REQUIRE_BROWSER=1) a missing browser fails these tests.
const WHAT = 'the evidence HTML checks in headless Chromium (test/cli/evidence.e2e.test.ts)';
const lookup = findBrowser();
const skipBrowser = lookup.executablePath === undefined && !lookup.required;
if (skipBrowser) process.stderr.write(`${skipLine(WHAT, lookup)}\n`);
const browserTest = skipBrowser ? it.skip : it;

let work: string;
let browser: Browser | undefined;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-evidence-'));
});
afterAll(async () => {
  await browser?.close();
});

async function openInChromium(file: string): Promise<{ page: import('playwright-core').Page; requests: string[]; errors: string[] }> {
  if (lookup.executablePath === undefined) throw new Error(`${REQUIRE_BROWSER_VARIABLE}=1 and ${skipLine(WHAT, lookup).replace(/^SKIPPED /, 'cannot run ')}`);
  browser ??= await chromium.launch({
    executablePath: lookup.executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) requests.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, errors };
}

describe('a run over the demo lists every connector with its verdict', () => {
  const paths = { json: '', html: '', csv: '', md: '' };
  let report: Report;

  beforeAll(async () => {
    for (const key of Object.keys(paths) as Array<keyof typeof paths>) paths[key] = join(work, `demo.${key}`);
    const result = await runCli(['demo', '--format', 'text', '--report', `json=${paths.json}`, '--report', `html=${paths.html}`, '--report', `csv=${paths.csv}`, '--report', `markdown=${paths.md}`], {
      env: { NO_COLOR: '1' },
    });
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(result.code).toBe(0);
    report = JSON.parse(readFileSync(paths.json, 'utf8')) as Report;
  });

  it('JSON: each declared and each live connector, with a verdict', () => {
    const seed = loadSeedFile(join(REPO_ROOT, 'examples', 'demo-inventory.json'));
    const liveIds = Object.values(seed.accounts).flatMap((account) => account.connectors.map((connector) => connector.id)).sort();
    const items = report.accounts.flatMap((account) => account.checks);
    expect(items.flatMap((item) => (item.connectorId === undefined ? [] : [item.connectorId])).sort()).toEqual(liveIds);
    const declared = ['example.com', 'corp.example.com', 'staging.example.com', 'partners.example.org', 'old.example.com', 'gov.example.com', 'eu.example.com'];
    for (const domain of declared) expect(items.some((item) => item.emailDomain === domain && item.declared !== 'undeclared'), domain).toBe(true);
    expect(new Set(items.map((item) => item.verdict))).toEqual(new Set(['compliant', 'drift', 'waived']));
    // staging.example.com: pending since 2025, so its verification mismatch (CFSSO005) and the stalled
    // verification (CFSSO012: Cloudflare stopped polling) both stand, each under the example's waiver.
    const staging = items.find((item) => item.emailDomain === 'staging.example.com' && item.connectorId !== undefined);
    expect(staging?.verdict).toBe('waived');
    expect(staging?.checks.map((check) => [check.ruleId, check.result])).toEqual(
      expect.arrayContaining([['CFSSO005', 'waived'], ['CFSSO012', 'waived']]),
    );
    expect(report.provenance.commandLine[0]).toBe('check');
    expect(report.accounts.every((account) => account.readAt !== undefined && (account.pages ?? 0) >= 1)).toBe(true);
  });

  it('CSV has one row per connector check, markdown lists them all', () => {
    const total = report.accounts.reduce((n, account) => n + account.checks.length, 0);
    const csv = readFileSync(paths.csv, 'utf8').trimEnd().split('\r\n');
    expect(csv.filter((line) => line.startsWith('connector,'))).toHaveLength(total);
    expect(csv.filter((line) => line.startsWith('connector,compliant,')).length).toBe(report.summary.checks.compliant);
    const md = readFileSync(paths.md, 'utf8');
    expect(md).toContain(`<summary>Every connector checked (${total} connectors)</summary>`);
    expect(md).toContain('<summary>Provenance</summary>');
  });

  browserTest('HTML in Chromium: a compliant connector is visible, every connector has a row, nothing is fetched', async () => {
    const { page, requests, errors } = await openInChromium(paths.html);
    const rows = page.locator('#connectors tr[data-verdict]');
    expect(await rows.count()).toBe(report.accounts.reduce((n, account) => n + account.checks.length, 0));
    const compliant = page.locator('#connectors tr[data-verdict="compliant"]').first();
    expect(await compliant.isVisible()).toBe(true);
    expect(await compliant.innerText()).toMatch(/compliant/);
    expect(await page.locator('#scope').innerText()).toContain('SHA-256');
    expect(await page.locator('script').count()).toBe(0);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('OSCAL from a snapshot', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(REPO_ROOT, 'examples', 'demo-inventory.json')) });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('validates against NIST\'s schema, names the snapshot, and is the same twice apart from timestamps', async () => {
    const snapshot = join(work, 'snapshot.json');
    const recorded = await runCli(['snapshot', '-c', 'examples/sso-connectors.yaml', '-o', snapshot], { env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url } });
    expect(recorded.code).toBe(0);
    const runOnce = () => runCli(['check', '-c', 'examples/sso-connectors.yaml', '--snapshot', snapshot, '--format', 'oscal'], { env: {} });
    const first = await runOnce();
    const second = await runOnce();
    expect(first.code).toBe(1);
    const validate = compileSchema(readFileSync(join(REPO_ROOT, 'test', 'schemas', 'oscal_assessment-results_schema-1.2.1.json'), 'utf8'));
    expect(validate(JSON.parse(first.stdout)), JSON.stringify(validate.errors)).toBe(true);
    expect(withoutTimestamps(second.stdout)).toBe(withoutTimestamps(first.stdout));
    const sha = (await import('node:crypto')).createHash('sha256').update(readFileSync(snapshot)).digest('hex');
    expect(first.stdout).toContain(sha);
    expect(first.stdout).not.toContain(TOKEN);
  });

  it('--format oscal-poam: a POA&M valid against NIST\'s schema, the same twice apart from timestamps, with the AR\'s parties', async () => {
    const snapshot = join(work, 'snapshot-poam.json');
    const recorded = await runCli(['snapshot', '-c', 'examples/sso-connectors.yaml', '-o', snapshot], { env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url } });
    expect(recorded.code).toBe(0);
    const args = ['check', '-c', 'examples/sso-connectors.yaml', '--snapshot', snapshot];
    const first = await runCli([...args, '--format', 'oscal-poam'], { env: {} });
    const second = await runCli([...args, '--format', 'oscal-poam'], { env: {} });
    const ar = await runCli([...args, '--format', 'oscal'], { env: {} });
    expect(first.code).toBe(1);
    const validate = compileSchema(readFileSync(join(REPO_ROOT, 'test', 'schemas', 'oscal_poam_schema-1.2.1.json'), 'utf8'));
    const poam = JSON.parse(first.stdout);
    expect(validate(poam), JSON.stringify(validate.errors)).toBe(true);
    expect(withoutTimestamps(second.stdout)).toBe(withoutTimestamps(first.stdout));
    const items = poam['plan-of-action-and-milestones']['poam-items'] as Array<{ props: Array<{ name: string; value: string }> }>;
    const type = (item: (typeof items)[number]) => item.props.find((p) => p.name === 'poam-item-type')?.value;
    expect(items.filter((item) => type(item) === 'deviation')).toHaveLength(3); // the three waivers of the example file
    expect(items.filter((item) => type(item) === 'finding').length).toBeGreaterThan(0);
    expect(poam['plan-of-action-and-milestones'].metadata.parties).toEqual(JSON.parse(ar.stdout)['assessment-results'].metadata.parties);
  });
});

describe('SARIF categories for code scanning', () => {
  it('a shard\'s run is cf-sso-guard/shard-I-of-N/, merge gives one run cf-sso-guard/merged/ with every result', async () => {
    const files = [1, 2].map((index) => ({ json: join(work, `shard-${index}.json`), sarif: join(work, `shard-${index}.sarif`) }));
    for (const [index, file] of files.entries()) {
      const shard = await runCli(['demo', '--shard', `${index + 1}/2`, '--format', 'json', '-o', file.json, '--report', `sarif=${file.sarif}`]);
      expect(shard.code).toBe(0); // the demo exits 0 when it ran
    }
    const merged = join(work, 'merged.sarif');
    expect((await runCli(['merge', '-c', 'examples/sso-connectors.yaml', ...files.map((f) => f.json), '--format', 'sarif', '-o', merged])).code).toBe(1);
    const runs = (file: string) => JSON.parse(readFileSync(file, 'utf8')).runs as Array<{ automationDetails: { id: string }; results: unknown[] }>;
    expect(runs(files[1].sarif).map((run) => run.automationDetails.id)).toEqual(['cf-sso-guard/shard-2-of-2/']);
    const mergedRuns = runs(merged);
    expect(mergedRuns.map((run) => run.automationDetails.id)).toEqual(['cf-sso-guard/merged/']);
    expect(mergedRuns[0].results).toHaveLength(runs(files[0].sarif)[0].results.length + runs(files[1].sarif)[0].results.length);
  });
});

describe('history over reports', () => {
  const files: string[] = [];
  beforeAll(() => {
    // Written in a shuffled order: history sorts by time itself.
    for (const { file, report } of [...week()].reverse()) {
      const path = join(work, file);
      writeFileSync(path, FORMATTERS.json.render(report, { color: false, rules: [] }));
      files.push(path);
    }
  });

  it('gives first seen, resolved and days open, in every format', async () => {
    const json = await runCli(['history', ...files, '--format', 'json']);
    expect(json.code).toBe(0);
    const history = JSON.parse(json.stdout);
    const example = history.series[0].connectors.find((c: { emailDomain: string }) => c.emailDomain === 'example.com');
    expect(example.episodes).toEqual([expect.objectContaining({ firstSeen: '2026-11-02T06:00:00.000Z', resolved: '2026-11-06T06:00:00.000Z', daysOpen: 4 })]);
    expect([history.days, history.compliant, history.drift, history.undecided, history.noReport]).toEqual([7, 3, 2, 1, 1]);
    for (const format of ['text', 'markdown', 'html']) {
      const out = await runCli(['history', ...files, '--format', format]);
      expect(out.code, format).toBe(0);
      expect(out.stdout, format).toContain('2026-11-06T06:00:00.000Z');
      expect(out.stdout, format).toContain('drift on 2 of 7 days');
    }
  });

  browserTest('its HTML opens in Chromium with no requests, no scripts, and an inline SVG with gaps', async () => {
    const file = join(work, 'history.html');
    const result = await runCli(['history', ...files, '--format', 'html', '-o', file]);
    expect(result.code).toBe(0);
    const { page, requests, errors } = await openInChromium(file);
    expect(await page.locator('.chart svg').first().isVisible()).toBe(true);
    expect(await page.locator('svg rect[data-state="no_report"]').count()).toBeGreaterThan(0);
    // Every row label is shown whole (not clipped by the SVG's edge).
    const labels = await page.locator('.chart svg text[text-anchor="end"]').evaluateAll((nodes) => nodes.map((node) => (node as SVGTextElement).getBBox().x));
    expect(labels.length).toBeGreaterThan(1);
    expect(Math.min(...labels)).toBeGreaterThanOrEqual(0);
    expect(await page.locator('svg rect[data-state="undecided"]').count()).toBeGreaterThan(0);
    expect(await page.locator('tr.episode').count()).toBe(2);
    expect(await page.locator('script').count()).toBe(0);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('bad input: a clear error per file, exit 2, nothing written', async () => {
    const notReport = join(work, 'not-a-report.json');
    writeFileSync(notReport, '{"hello": "world"}');
    const v1 = join(work, 'v1.json');
    writeFileSync(v1, JSON.stringify({ ...JSON.parse(readFileSync(files[0], 'utf8')), schemaVersion: 1 }));
    const garbage = join(work, 'garbage.json');
    writeFileSync(garbage, 'not json at all');
    const out = join(work, 'never.html');
    const result = await runCli(['history', files[0], files[1], notReport, v1, garbage, files[0], join(work, 'absent.json'), '--format', 'html', '-o', out]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('5 of 7 input(s) cannot be used; nothing was written');
    expect(result.stderr).toContain(`${notReport}: not a cf-sso-guard JSON report (no schemaVersion)`);
    expect(result.stderr).toContain(`${v1}: a report of schemaVersion 1; this version of cf-sso-guard reads schemaVersion 2`);
    expect(result.stderr).toContain(`${garbage}: not JSON`);
    expect(result.stderr).toContain(`${files[0]}: the same file as ${files[0]}`);
    expect(result.stderr).toContain(`${join(work, 'absent.json')}: JSON report file not found`);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(out)).toBe(false);
  });
});
