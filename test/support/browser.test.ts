import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser, skipLine } from './browser';

describe('findBrowser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-sso-guard-browser-'));
  const fake = join(dir, 'chrome');
  writeFileSync(fake, '#!/bin/sh\n');
  chmodSync(fake, 0o755);

  it('takes $CHROMIUM_PATH when it is an executable', () => {
    expect(findBrowser({ CHROMIUM_PATH: fake }).executablePath).toBe(fake);
  });

  it('with a $CHROMIUM_PATH that is not there, finds nothing and says where it looked', () => {
    const lookup = findBrowser({ CHROMIUM_PATH: join(dir, 'missing') });
    expect(lookup.executablePath).toBeUndefined();
    expect(lookup.required).toBe(false);
    const line = skipLine('the HTML test', lookup);
    expect(line).toContain(`$CHROMIUM_PATH=${join(dir, 'missing')}`);
    expect(line).toMatch(/^SKIPPED the HTML test: .*apt-get install -y chromium.*CHROMIUM_PATH=/);
    expect(line).not.toContain('\n');
  });

  it('is required only when CF_SSO_GUARD_REQUIRE_BROWSER=1', () => {
    expect(findBrowser({ CHROMIUM_PATH: join(dir, 'missing'), CF_SSO_GUARD_REQUIRE_BROWSER: '1' }).required).toBe(true);
    expect(findBrowser({ CHROMIUM_PATH: join(dir, 'missing'), CF_SSO_GUARD_REQUIRE_BROWSER: '0' }).required).toBe(false);
  });
});
