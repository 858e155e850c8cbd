// judge's `declarations: 'observed'` (what the resource policies use, so one Analyze is O(its pair))
// must give exactly the findings and unchecked fields of judging every declaration, minus `missing`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judge, type CheckedField } from '../../policies/judge';
import type { Field, PlacedConnector } from '../../policies/observe';
import { normaliseDomain } from '../../src/core/domain';
import type { DesiredState, VerificationStatus } from '../../src/core/types';
import { deriveDesired, liveWorld } from '../engine/arbitraries';

const TODAY = '2026-11-28';
const FIELDS: readonly CheckedField[] = ['enabled', 'useFedrampLanguage', 'verification'];

/** A value as the pack may read it: usually known, sometimes unknown (preview), unset or invalid. */
function reading<T>(value: T, how: number): Field<T> {
  if (how === 1) return { state: 'unknown' };
  if (how === 2) return { state: 'unset' };
  if (how === 3) return { state: 'invalid', raw: '"yes"' };
  return { state: 'known', value };
}

const scenario = liveWorld.chain((world) => {
  const live = world.inventories.flatMap((inventory) => inventory.connectors);
  return fc.record({
    desired: fc.constant(deriveDesired(world)),
    // Which live connectors the stack holds (one may be held twice), each read with some fields not known.
    stack: fc.array(fc.tuple(fc.constantFrom(...live), fc.nat(6), fc.nat(6), fc.nat(6)), { maxLength: 8 }),
    // Declarations to drop (the connector becomes undeclared) or flip (drift), by position.
    drop: fc.array(fc.nat(30), { maxLength: 3 }),
    flip: fc.array(fc.nat(30), { maxLength: 3 }),
    fields: fc.subarray([...FIELDS]),
  });
});

function edit(desired: DesiredState, drop: readonly number[], flip: readonly number[]): DesiredState {
  let position = 0;
  return {
    ...desired,
    accounts: desired.accounts.map((account) => ({
      ...account,
      connectors: account.connectors.flatMap((declared) => {
        const at = position++;
        if (drop.includes(at)) return [];
        return [flip.includes(at) ? { ...declared, enabled: !declared.enabled, state: at % 2 === 0 ? ('absent' as const) : declared.state } : declared];
      }),
    })),
  };
}

describe('judge: declarations observed', () => {
  it('gives the findings (but missing) and the unchecked fields of judging every declaration', () => {
    fc.assert(
      fc.property(scenario, ({ desired, stack, drop, flip, fields }) => {
        const edited = edit(desired, drop, flip);
        const placed: PlacedConnector[] = stack.map(([connector, a, b, c], index) => ({
          accountId: connector.accountId,
          emailDomain: normaliseDomain(connector.emailDomain),
          observation: {
            urn: `urn:pulumi:dev::p::cloudflare:index/ssoConnector:SsoConnector::r${index}`,
            name: `r${index}`,
            accountId: { state: 'known', value: connector.accountId },
            emailDomain: { state: 'known', value: normaliseDomain(connector.emailDomain) },
            enabled: reading(connector.enabled ?? true, a),
            useFedrampLanguage: reading(connector.useFedrampLanguage ?? false, b),
            // The generator serves only the known statuses.
            verificationStatus: reading((connector.verification?.status ?? 'verified') as VerificationStatus, c),
          },
        }));
        const accountIds = [...new Set(placed.map((connector) => connector.accountId))];
        const all = judge(edited, placed, { accountIds, fields, today: TODAY });
        const observed = judge(edited, placed, { accountIds, fields, today: TODAY, declarations: 'observed' });
        expect(observed.findings).toEqual(all.findings.filter((finding) => finding.kind !== 'missing'));
        expect(observed.unchecked).toEqual(all.unchecked);
      }),
      { numRuns: 300 },
    );
  });
});
