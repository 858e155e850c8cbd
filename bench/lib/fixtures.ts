// Inputs the benchmarks generate: desired-state YAML that matches an emulator seed exactly.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorSeed } from '../../src/emulator';

export const BENCH_TOKEN = 'cf-sso-guard-bench-token';

/** A desired-state file every connector of the seed satisfies (compliant), unmanaged connectors are errors. */
export function desiredYamlFor(seed: EmulatorSeed): string {
  const out: string[] = ['version: 1', 'defaults:', '  enabled: true', '  verification: verified', '  use_fedramp_language: false', 'accounts:'];
  for (const [id, account] of Object.entries(seed.accounts)) {
    out.push(`  - id: ${id}`);
    if (account.name !== undefined) out.push(`    name: ${account.name}`);
    out.push('    unmanaged: error', '    connectors:');
    for (const connector of account.connectors) out.push(`      - email_domain: ${connector.email_domain}`);
  }
  return `${out.join('\n')}\n`;
}

export function writeFixture(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
