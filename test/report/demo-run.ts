// The demo inventory (examples/demo-inventory.json, what `cf-sso-guard demo` serves) checked against
// examples/sso-connectors.yaml in-process, through the real loader, connector parser and engine.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseConnector } from '../../src/cloudflare/envelope';
import { loadDesiredStateFile } from '../../src/desired';
import { engineReport } from './fixtures';
import type { RenderContext } from '../../src/report';
import { ALL_RULES } from '../../src/rules';
import type { AccountInventory, DesiredState, ObservedConnector, Report } from '../../src/core/types';

const ROOT = resolve(__dirname, '..', '..');
const DAY = '2026-11-28';

export function demoRun(): { report: Report; desired: DesiredState; ctx: RenderContext } {
  const desired = loadDesiredStateFile(join(ROOT, 'examples', 'sso-connectors.yaml'), 'examples/sso-connectors.yaml');
  const seed = JSON.parse(readFileSync(join(ROOT, 'examples', 'demo-inventory.json'), 'utf8')) as { accounts: Record<string, { connectors: unknown[] }> };
  const inventories: AccountInventory[] = Object.entries(seed.accounts).map(([accountId, account]) => ({
    accountId,
    status: 'ok',
    connectors: account.connectors.map((raw, index) => parseConnector(accountId, raw, index)).filter((c): c is ObservedConnector => typeof c !== 'string'),
    fetchedAt: `${DAY}T11:59:58.000Z`,
    pagesFetched: 1,
  }));
  const report = engineReport(desired, inventories, {
    day: DAY,
    source: { kind: 'api', location: 'http://127.0.0.1:8787/client/v4' },
    commandLine: ['check', '-c', 'examples/sso-connectors.yaml', '--format', 'html'],
  });
  return { report, desired, ctx: { color: false, rules: ALL_RULES } };
}
