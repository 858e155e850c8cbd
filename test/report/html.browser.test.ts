// The HTML report in a real browser (Debian chromium via playwright-core): renders with no console errors,
// makes no network request, shows the summary and every finding, runs no injected script, and prints to PDF.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATTERS } from '../../src/report';
import { CHROMIUM_ARGS, findBrowser, REQUIRE_BROWSER_VARIABLE, skipLine } from '../support/browser';
import { context, hostileRun } from './fixtures';

const OUTPUT = path.resolve(__dirname, '../../test-output');
const WHAT = 'the HTML report test in headless Chromium (test/report/html.browser.test.ts)';
const lookup = findBrowser();

// Outside CI a machine without a browser skips this file with one visible line; under CI
// (CF_SSO_GUARD_REQUIRE_BROWSER=1, set by .ci/run) the missing browser fails the run in beforeAll.
const skip = lookup.executablePath === undefined && !lookup.required;
if (skip) process.stderr.write(`${skipLine(WHAT, lookup)}\n`);

describe.skipIf(skip)('HTML report in headless Chromium', () => {
  let browser: Browser;
  const { report } = hostileRun();
  const htmlFile = path.join(OUTPUT, 'report.html');

  beforeAll(async () => {
    if (lookup.executablePath === undefined) throw new Error(`${REQUIRE_BROWSER_VARIABLE}=1 and ${skipLine(WHAT, lookup).replace(/^SKIPPED /, 'cannot run ')}`);
    fs.mkdirSync(OUTPUT, { recursive: true });
    fs.writeFileSync(htmlFile, FORMATTERS.html.render(report, context()));
    browser = await chromium.launch({
      executablePath: lookup.executablePath,
      args: CHROMIUM_ARGS,
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders cleanly, fetches nothing, runs no injected script, shows everything, and prints', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });

    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });

    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('script, img, iframe, object, embed').count()).toBe(0);

    await expect.poll(() => page.locator('#verdict').isVisible()).toBe(true);
    expect(await page.locator('#verdict strong').innerText()).toBe('Drift');
    expect(await page.locator('#summary').isVisible()).toBe(true);

    const cards = page.locator('article.finding');
    expect(await cards.count()).toBe(report.findings.length);
    for (let i = 0; i < report.findings.length; i += 1) expect(await cards.nth(i).isVisible(), `finding ${i}`).toBe(true);
    for (const finding of report.findings) {
      expect(await page.locator('article.finding', { hasText: finding.message }).count(), finding.message).toBeGreaterThan(0);
    }
    // The injected markup is shown as text, exactly as written.
    expect(await page.locator('#findings').innerText()).toContain('<script>window.__pwned=1</script>');
    expect(await page.locator('#waivers').innerText()).toContain('<img src=x onerror="window.__pwned=2">');

    await page.screenshot({ path: path.join(OUTPUT, 'report.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(OUTPUT, 'report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);

    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
