// assess: one check start to end (check live, --snapshot, --terraform-plan; merge), pure, over data.
import { describe, expect, it } from 'vitest';
import { assess, buildReport, evaluate, recordedInventories, type AssessInput } from '../../src/engine';
import type { AccountInventory } from '../../src/core/types';
import { ACCOUNT_A, ACCOUNT_B, account, declared, desiredState, inventory, live } from '../rules/fixtures';

const desired = desiredState([
  account({ name: 'production', connectors: [declared('example.com', { enabled: true })] }),
  account({ id: ACCOUNT_B, connectors: [declared('b.example.com', { enabled: true })] }),
]);
const drifted: AccountInventory[] = [inventory(ACCOUNT_A, [live('example.com', { enabled: false })]), inventory(ACCOUNT_B, [live('b.example.com', { enabled: true })])];
const runtime = { node: 'v24.0.0', commandLine: ['check'] };

function input(fields: Partial<AssessInput> = {}): AssessInput {
  return {
    desired,
    inventories: drifted,
    accountIds: [ACCOUNT_A, ACCOUNT_B],
    asOf: '2026-11-28',
    generatedAt: '2026-11-28T12:00:00.000Z',
    failOn: 'error',
    toolVersion: '0.1.0',
    runtime,
    source: { kind: 'api', location: 'https://api.cloudflare.com/client/v4' },
    ...fields,
  };
}

describe('assess', () => {
  it('is evaluate then buildReport, limited to the accounts checked', () => {
    const expected = buildReport({
      desired,
      inventories: drifted,
      ...evaluate(desired, drifted, { today: '2026-11-28' }),
      generatedAt: '2026-11-28T12:00:00.000Z',
      asOf: '2026-11-28',
      toolVersion: '0.1.0',
      failOn: 'error',
      runtime,
      source: { kind: 'api', location: 'https://api.cloudflare.com/client/v4' },
      accountFilter: [ACCOUNT_A, ACCOUNT_B],
    });
    const report = assess(input());
    expect(report).toEqual(expected);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.gate.exitCode).toBe(1);
  });

  it('takes an evaluation made elsewhere (a plan) instead of running the rules', () => {
    const report = assess(input({ evaluation: { findings: [], connectors: new Map() } }));
    expect(report.findings).toEqual([]);
    expect(evaluate(desired, drifted, { today: '2026-11-28' }).findings.length).toBeGreaterThan(0);
  });

  it('a shard records its observations for merge; a whole run does not', () => {
    const shard = assess(input({ accountIds: [ACCOUNT_A], inventories: [drifted[0]], shard: { index: 1, count: 2 } }));
    expect(shard.observations?.accounts.map((a) => a.accountId)).toEqual([ACCOUNT_A]);
    expect(shard.shard).toMatchObject({ index: 1, count: 2 });
    expect(assess(input()).observations).toBeUndefined();
  });

  it('adds the plan or the shards to the provenance, keeping the runtime', () => {
    const terraformPlan = { path: 'plan.json', sha256: 'b'.repeat(64), formatVersion: '1.2', live: false };
    const report = assess(input({ provenance: { terraformPlan } }));
    expect(report.provenance).toEqual({ ...runtime, terraformPlan });
  });

  it('an account the observations lack is could not decide (exit 2), never compliant', () => {
    const inventories = recordedInventories([drifted[1]], [ACCOUNT_A, ACCOUNT_B], { error: 'account is not in the snapshot s.json', fetchedAt: '2026-11-27T00:00:00.000Z' });
    expect(inventories.map((i) => [i.accountId, i.status])).toEqual([
      [ACCOUNT_A, 'error'],
      [ACCOUNT_B, 'ok'],
    ]);
    expect(inventories[0]).toMatchObject({ error: 'account is not in the snapshot s.json', connectors: [], fetchedAt: '2026-11-27T00:00:00.000Z' });
    const report = assess(input({ inventories }));
    expect(report.status).not.toBe('compliant');
    expect(report.gate.exitCode).toBe(2);
  });
});
