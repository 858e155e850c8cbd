// The HTML report on paper and on a wide screen (headless Chromium via playwright-core, as html.browser.test.ts):
// the demo inventory prints on at most 3 A4 pages, ids, rule ids and domains are never broken inside a word,
// table headers repeat on each page, the provenance block is on the first page; on a 1280 px screen the
// connector matrix uses the full width. Writes test-output/demo-report.{html,pdf,png}.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATTERS } from '../../src/report';
import { CHROMIUM_ARGS, findBrowser, REQUIRE_BROWSER_VARIABLE, skipLine } from '../support/browser';
import { demoRun } from './demo-run';

const OUTPUT = path.resolve(__dirname, '../../test-output');
const WHAT = 'the HTML print test in headless Chromium (test/report/html.print.browser.test.ts)';
const lookup = findBrowser();
const skip = lookup.executablePath === undefined && !lookup.required;
if (skip) process.stderr.write(`${skipLine(WHAT, lookup)}\n`);

/** Pages of a PDF as Chromium writes it: one `/Type /Page` dictionary per page. */
function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

describe.skipIf(skip)('HTML report on A4 paper and a wide screen', () => {
  let browser: Browser;
  const { report, ctx } = demoRun();
  const htmlFile = path.join(OUTPUT, 'demo-report.html');

  beforeAll(async () => {
    if (lookup.executablePath === undefined) throw new Error(`${REQUIRE_BROWSER_VARIABLE}=1 and ${skipLine(WHAT, lookup).replace(/^SKIPPED /, 'cannot run ')}`);
    fs.mkdirSync(OUTPUT, { recursive: true });
    fs.writeFileSync(htmlFile, FORMATTERS.html.render(report, ctx));
    browser = await chromium.launch({
      executablePath: lookup.executablePath,
      args: CHROMIUM_ARGS,
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('prints the demo inventory on at most 3 A4 pages, headers repeated, provenance on page 1, no word broken', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    fs.writeFileSync(path.join(OUTPUT, 'demo-report.pdf'), pdf);
    const pages = pageCount(pdf);
    process.stdout.write(`demo inventory HTML on A4: ${pages} page(s)\n`);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(3);

    // Layout facts in print media at A4's printable width (210 mm - 2 x 12 mm margins).
    await page.setViewportSize({ width: Math.floor(((210 - 24) / 25.4) * 96), height: Math.floor(((297 - 24) / 25.4) * 96) });
    const layout = await page.evaluate(() => {
      const unbreakable = Array.from(document.querySelectorAll<HTMLElement>(".nobreak, .domain"));
      // Broken = its text lies on more than one line (distinct line tops of its text's boxes).
      const lines = (el: HTMLElement): number => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
      };
      const broken = unbreakable.filter((el) => lines(el) > 1);
      const theads = Array.from(document.querySelectorAll("thead")).map((el) => getComputedStyle(el).display);
      const scope = document.querySelector('#scope')?.getBoundingClientRect();
      const pageHeight = ((297 - 24) / 25.4) * 96;
      // Nothing wider than the page (it would be cut off on paper).
      const right = document.body.getBoundingClientRect().right + 0.5;
      const overflowing = Array.from(document.querySelectorAll('table, dl, article')).filter((el) => el.getBoundingClientRect().right > right).map((el) => el.outerHTML.slice(0, 80));
      return { overflowing, count: unbreakable.length, broken: broken.map((el) => el.textContent), theads, scopeBottom: scope === undefined ? Infinity : scope.bottom + window.scrollY, pageHeight };
    });
    expect(layout.count).toBeGreaterThan(20);
    expect(layout.broken).toEqual([]);
    expect(layout.overflowing).toEqual([]);
    expect(layout.theads.length).toBeGreaterThan(0);
    expect(new Set(layout.theads)).toEqual(new Set(['table-header-group']));
    expect(layout.scopeBottom).toBeLessThan(layout.pageHeight);
    await page.close();
  });

  it('uses the full width of a 1280 px screen, one matrix row per connector', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    const widths = await page.evaluate(() => ({ matrix: document.querySelector('#connectors table')?.getBoundingClientRect().width ?? 0, viewport: window.innerWidth }));
    expect(widths.matrix).toBeGreaterThan(widths.viewport * 0.9);
    const rows = page.locator('#connectors tr[data-verdict]');
    expect(await rows.count()).toBe(report.accounts.reduce((n, account) => n + account.checks.length, 0));
    // Columns from the data: a property shares a column with one it refines, and with one it never meets on a connector.
    expect(await page.locator('#connectors th', { hasText: 'verification' }).count()).toBe(1);
    expect(await page.locator('#connectors th', { hasText: 'state / declared' }).count()).toBe(1);
    // The README's picture (docs/report.png is a copy): the page from its top to the end of the matrix.
    const bottom = await page.evaluate(() => (document.querySelector('#connectors')?.getBoundingClientRect().bottom ?? 900) + window.scrollY);
    await page.screenshot({ path: path.join(OUTPUT, 'demo-report.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 16 } });
    await page.close();
  });
});
