import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildReport, evaluate, gateOf } from '../../src/engine';
import type { AccountInventory, DesiredState, FindingKind, Severity, SourceLocation } from '../../src/core/types';
import { VERIFICATION_STATUSES } from '../../src/core/types';
import { normaliseDomain } from '../../src/core/domain';
import { deriveDesired, liveWorld } from './arbitraries';

const TODAY = { today: '2026-11-28' };
const RUNS = { numRuns: 200 };

type Mutation = 'enabled' | 'fedramp' | 'verification' | 'undeclare' | 'add_missing' | 'mark_absent' | 'duplicate';
const mutation = fc.record({
  what: fc.constantFrom<Mutation>('enabled', 'fedramp', 'verification', 'undeclare', 'add_missing', 'mark_absent', 'duplicate'),
  account: fc.nat(),
  connector: fc.nat(),
  status: fc.nat(),
});

interface Expectation {
  kind: FindingKind;
  severity: Severity;
  accountId: string;
  emailDomain: string;
  location: SourceLocation;
  connectorId?: string;
}

/** Applies exactly one change to a compliant (desired, live) pair and says the one finding it must cause. */
function mutate(
  desired: DesiredState,
  inventories: AccountInventory[],
  m: { what: Mutation; account: number; connector: number; status: number },
): Expectation {
  const accountIndex = m.account % desired.accounts.length;
  const account = desired.accounts[accountIndex];
  const inventory = inventories[accountIndex];
  const connectorIndex = m.connector % account.connectors.length;
  const declaration = account.connectors[connectorIndex];
  const live = inventory.connectors[connectorIndex];
  const at = { accountId: account.id, emailDomain: declaration.emailDomain, location: declaration.location };
  switch (m.what) {
    case 'enabled':
      declaration.enabled = !declaration.enabled;
      return { ...at, kind: 'enabled_mismatch', severity: 'error', connectorId: live.id };
    case 'fedramp':
      declaration.useFedrampLanguage = !declaration.useFedrampLanguage;
      return { ...at, kind: 'fedramp_mismatch', severity: 'error', connectorId: live.id };
    case 'verification': {
      const others = VERIFICATION_STATUSES.filter((status) => status !== live.verification?.status);
      declaration.verification = [others[m.status % others.length]];
      return { ...at, kind: 'verification_mismatch', severity: 'error', connectorId: live.id };
    }
    case 'undeclare':
      account.unmanaged = 'error';
      account.connectors.splice(connectorIndex, 1);
      return { ...at, location: account.location, kind: 'unexpected', severity: 'error', connectorId: live.id };
    case 'add_missing': {
      const taken = new Set(account.connectors.map((c) => c.emailDomain));
      let domain = 'missing.invalid';
      for (let n = 0; taken.has(domain); n++) domain = `missing${n}.invalid`;
      const location = { file: desired.file, line: 900, column: 9 };
      account.connectors.push({ accountId: account.id, emailDomain: domain, state: 'present', location });
      return { accountId: account.id, emailDomain: domain, location, kind: 'missing', severity: 'error' };
    }
    case 'mark_absent':
      declaration.state = 'absent';
      return { ...at, kind: 'forbidden', severity: 'error', connectorId: live.id };
    case 'duplicate':
      inventory.connectors.push({ ...live, id: `${live.id}-twin`, verification: { ...live.verification } });
      return { ...at, kind: 'duplicate', severity: 'error' };
  }
}

describe('engine properties', () => {
  it('a desired state derived from the live inventory yields no findings and a compliant report', () => {
    fc.assert(
      fc.property(liveWorld, (world) => {
        const desired = deriveDesired(world);
        const evaluation = evaluate(desired, world.inventories, TODAY);
        const { findings } = evaluation;
        expect(findings).toEqual([]);
        const report = buildReport({ desired, inventories: world.inventories, ...evaluation, generatedAt: '2026-11-28T12:00:00.000Z', asOf: '2026-11-28', toolVersion: '0.1.0', failOn: 'note' });
        expect(report.status).toBe('compliant');
        expect(gateOf(report).exitCode).toBe(0);
        // Every live connector is listed, each compliant, so a clean run still shows what was checked.
        const items = report.accounts.flatMap((a) => a.checks);
        const liveIds = world.inventories.flatMap((i) => i.connectors.map((c) => c.id)).sort();
        expect(items.map((c) => c.connectorId).sort()).toEqual(liveIds);
        expect(items.every((c) => c.verdict === 'compliant' && c.checks.every((p) => p.result === 'pass'))).toBe(true);
        expect(report.summary.checks.compliant).toBe(items.length);
      }),
      RUNS,
    );
  });

  it('changing exactly one thing yields exactly one finding of the matching kind, place and line', () => {
    fc.assert(
      fc.property(liveWorld, mutation, (world, m) => {
        const desired = deriveDesired(world);
        const inventories = structuredClone(world.inventories);
        const expected = mutate(desired, inventories, m);
        const evaluation = evaluate(desired, inventories, TODAY);
        const { findings } = evaluation;
        expect(findings).toHaveLength(1);
        const [finding] = findings;
        expect(finding).toMatchObject({ ...expected, waived: false });
        if (expected.connectorId === undefined) expect(finding.connectorId).toBeUndefined();
        expect(finding.message).toContain(expected.emailDomain);
        const report = buildReport({ desired, inventories, ...evaluation, generatedAt: '2026-11-28T12:00:00.000Z', asOf: '2026-11-28', toolVersion: '0.1.0', failOn: 'error' });
        expect(report.status).toBe('drift');
        expect(gateOf(report).exitCode).toBe(1);
        // The one finding is the one failed check; every other connector is compliant.
        const items = report.accounts.flatMap((a) => a.checks);
        const failed = items.filter((c) => c.verdict === 'drift');
        expect(failed.length).toBeGreaterThan(0);
        for (const item of failed) {
          expect(item.emailDomain).toBe(finding.emailDomain);
          expect(item.checks.filter((p) => p.result === 'fail').map((p) => p.ruleId)).toEqual([finding.ruleId]);
        }
        expect(items.filter((c) => c.verdict !== 'drift').every((c) => c.verdict === 'compliant')).toBe(true);
      }),
      RUNS,
    );
  });

  it('fails closed: one inventory with status error makes the report error, whatever else is true', () => {
    fc.assert(
      fc.property(liveWorld, mutation, fc.nat(), fc.boolean(), (world, m, failing, mutateToo) => {
        const desired = deriveDesired(world);
        const inventories = structuredClone(world.inventories);
        if (mutateToo) mutate(desired, inventories, m);
        const broken = inventories[failing % inventories.length];
        broken.status = 'error';
        broken.error = 'HTTP 503: service unavailable';
        const evaluation = evaluate(desired, inventories, TODAY);
        const { findings } = evaluation;
        expect(findings.filter((f) => f.accountId === broken.accountId)).toEqual([]);
        for (const failOn of ['error', 'warning', 'note', 'never'] as const) {
          const report = buildReport({ desired, inventories, ...evaluation, generatedAt: '2026-11-28T12:00:00.000Z', asOf: '2026-11-28', toolVersion: '0.1.0', failOn });
          expect(report.status).toBe('error');
          expect(gateOf(report).exitCode).toBe(2);
          const unread = report.accounts.find((a) => a.id === broken.accountId);
          expect(unread?.checks.every((c) => c.verdict === 'not_checked')).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('the order of live connectors does not change the findings (stable, sorted output)', () => {
    fc.assert(
      fc.property(liveWorld, mutation, fc.array(fc.boolean(), { maxLength: 30 }), (world, m, flips) => {
        const desired = deriveDesired(world);
        const inventories = structuredClone(world.inventories);
        mutate(desired, inventories, m);
        // Many findings at once: flip `enabled` of a random set of declarations.
        let bit = 0;
        for (const account of desired.accounts) {
          for (const declaration of account.connectors) if (flips[bit++]) declaration.enabled = !declaration.enabled;
        }
        const forward = evaluate(desired, inventories, TODAY).findings;
        const reversed = inventories.map((inv) => ({ ...inv, connectors: [...inv.connectors].reverse() }));
        expect(evaluate(desired, [...reversed].reverse(), TODAY).findings).toEqual(forward);
        const accountOrder = desired.accounts.map((a) => a.id);
        for (let i = 1; i < forward.length; i++) {
          const a = forward[i - 1];
          const b = forward[i];
          const byAccount = accountOrder.indexOf(a.accountId) - accountOrder.indexOf(b.accountId);
          expect(byAccount < 0 || (byAccount === 0 && (a.emailDomain < b.emailDomain || (a.emailDomain === b.emailDomain && a.ruleId <= b.ruleId)))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('observed domains are matched after the same normalisation as declared ones', () => {
    fc.assert(
      fc.property(liveWorld, (world) => {
        const desired = deriveDesired(world);
        for (const account of desired.accounts) for (const c of account.connectors) expect(normaliseDomain(c.emailDomain)).toBe(c.emailDomain);
        // deriveDesired declares normalised domains while the live side spells them variously; still no findings.
        expect(evaluate(desired, world.inventories, TODAY).findings).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
});
