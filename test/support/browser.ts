// Finds a Chromium or Chrome for the browser tests: $CHROMIUM_PATH if set, else the usual install paths.
// Nothing is downloaded (playwright-core drives whatever is there; never `npx playwright install`).
import { accessSync, constants } from 'node:fs';

/** How the browser tests start Chromium: headless, no sandbox (containers), nothing fetched in the background. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Set by .ci/run: there, a missing browser fails the run instead of skipping the browser tests. */
export const REQUIRE_BROWSER_VARIABLE = 'CF_SSO_GUARD_REQUIRE_BROWSER';

const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface BrowserLookup {
  /** The executable found, if any. */
  executablePath?: string;
  /** Where it looked, in order (for the skip line and the CI failure). */
  searched: string[];
  /** True when the environment says a missing browser is a failure (CI). */
  required: boolean;
}

/** $CHROMIUM_PATH when set (and then only it: a wrong path is reported, not silently replaced), else the usual paths. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): BrowserLookup {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  const candidates = fromEnv ? [fromEnv] : USUAL_PATHS;
  return {
    executablePath: candidates.find(isExecutable),
    searched: fromEnv ? [`$CHROMIUM_PATH=${fromEnv}`] : ['$CHROMIUM_PATH (unset)', ...USUAL_PATHS],
    required: env[REQUIRE_BROWSER_VARIABLE] === '1',
  };
}

/** The one line printed when the browser tests are skipped: what, why, and how to run them. */
export function skipLine(what: string, lookup: BrowserLookup): string {
  return `SKIPPED ${what}: no Chromium or Chrome found (looked at ${lookup.searched.join(', ')}). To run it: apt-get install -y chromium, or set CHROMIUM_PATH=/path/to/chrome.`;
}
