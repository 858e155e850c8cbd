// mergeShards (pure): it judges observations, never a shard's verdicts, and refuses sets of reports
// that cannot be one deal. The CLI path (files, tampering) is in test/cli/merge-rejudge.test.ts.
import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/desired';
import { dealShards, mergeShards, type MergeShard } from '../../src/engine';
import type { AccountInventory } from '../../src/core/types';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const C = 'c'.repeat(32);
const desired = parseDesiredState(
  `version: 1
accounts:
  - id: ${A}
    connectors:
      - email_domain: a.example.com
        enabled: true
  - id: ${B}
    connectors:
      - email_domain: b.example.com
        enabled: true
  - id: ${C}
    connectors: []
`,
  'sso.yaml',
);

const inventory = (accountId: string, connectors: AccountInventory['connectors']): AccountInventory => ({ accountId, status: 'ok', connectors, fetchedAt: '2026-12-01T00:00:00.000Z', pagesFetched: 1 });
const source = { kind: 'api' as const, location: 'https://api.example.test' };

function shard(index: number, count: number, inventories: AccountInventory[], extra: Partial<MergeShard> = {}): MergeShard {
  return {
    name: `shard-${index}.json`,
    sha256: String(index).repeat(64),
    desiredSha256: desired.sha256,
    shard: { index, count, accounts: inventories.map((i) => i.accountId) },
    observations: { source, accounts: inventories },
    ...extra,
  };
}

const input = (shards: MergeShard[], required = [A, B, C]) => ({
  shards,
  desired,
  required,
  asOf: '2026-12-02',
  generatedAt: '2026-12-02T00:00:00.000Z',
  failOn: 'error' as const,
  toolVersion: 'test',
  runtime: { node: 'v0', commandLine: ['merge'] },
});

// The deal of [A, B, C] into 2: A and C to 1/2, B to 2/2.
const honest = (): MergeShard[] => [
  shard(1, 2, [inventory(A, [{ accountId: A, id: 'x', emailDomain: 'a.example.com', enabled: false }]), inventory(C, [])]),
  shard(2, 2, [inventory(B, [{ accountId: B, id: 'y', emailDomain: 'B.Example.com.', enabled: true }])]),
];

describe('mergeShards', () => {
  it('deals as check does and judges the observations: drift in A, B matches after normalisation', () => {
    expect([...dealShards([C, B, A], 2)]).toEqual([[A, 1], [B, 2], [C, 1]]);
    const result = mergeShards(input(honest()));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.status).toBe('drift');
    expect(result.report.findings.map((f) => [f.accountId, f.kind])).toEqual([[A, 'enabled_mismatch']]);
    expect(result.report.asOf).toBe('2026-12-02');
    expect(result.report.source).toEqual(source);
    expect(result.report.shard).toBeUndefined();
    expect(result.report.observations).toBeUndefined();
    expect(result.report.provenance.shards?.map((s) => s.sha256[0])).toEqual(['1', '2']);
  });

  it('refuses another desired-state file, an index outside 1..N, different N, a wrong shard, an account outside the selection', () => {
    const problem = (shards: MergeShard[], required?: string[]): string => {
      const result = mergeShards(input(shards, required));
      return result.ok ? 'merged' : result.problem;
    };
    const [one, two] = honest();
    expect(problem([{ ...one, desiredSha256: 'f'.repeat(64) }, two])).toMatch(/different desired-state file/);
    expect(problem([one, { ...two, shard: { ...two.shard!, index: 3 } }])).toMatch(/shard 3\/2; the index must be from 1 to 2/);
    expect(problem([one, { ...two, shard: { ...two.shard!, count: 3 } }])).toMatch(/a shard of 3, shard-1.json of 2/);
    expect(problem([shard(2, 2, [inventory(A, [])]), shard(1, 2, [inventory(B, [])])])).toMatch(/holds account a{32}, which the deal gives to shard 1\/2/);
    expect(problem(honest(), [A, B])).toMatch(/account c{32} is not among the accounts merged/);
    expect(problem([])).toBe('no shard reports to merge');
  });

  it('a missing or doubled account is "could not decide" in the report, with the shard it belongs to', () => {
    const [one] = honest();
    const result = mergeShards(input([one, one]));
    expect(result.ok && result.report.status).toBe('error');
    if (!result.ok) return;
    expect(result.report.accounts.find((a) => a.id === B)?.error).toMatch(/not in any shard report.*shard 2\/2/);
    expect(result.report.accounts.find((a) => a.id === A)?.error).toMatch(/in 2 shard reports/);
  });

  it('shards that read from different places leave the merged source unset (each shard file still says)', () => {
    const [one, two] = honest();
    const other = { ...two, observations: { ...two.observations!, source: { kind: 'api' as const, location: 'https://elsewhere.test' } } };
    const result = mergeShards(input([one, other]));
    expect(result.ok && result.report.source).toBeUndefined();
  });
});
