import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine';
import type { DesiredAccount, ObservedConnector } from '../../src/core/types';
import { ACCOUNT_A, ACCOUNT_B, account, declared, desiredState, inventory, live, loc } from '../rules/fixtures';

const TODAY = { today: '2026-11-28' };

describe('evaluate', () => {
  it('matches observed domains after normalisation (case, trailing dot, IDN)', () => {
    const desired = desiredState([
      account({
        connectors: [
          declared('example.com', { enabled: true, location: loc(8) }),
          declared('xn--bcher-kva.example', { enabled: true, location: loc(10) }),
        ],
      }),
    ]);
    const observed = [live('EXAMPLE.com.', { id: 'e1', enabled: false }), live('Bücher.Example', { id: 'b1' })];
    const findings = evaluate(desired, [inventory(ACCOUNT_A, observed)], TODAY).findings;
    expect(findings.map((f) => [f.kind, f.emailDomain, f.connectorId, f.location?.line])).toEqual([
      ['enabled_mismatch', 'example.com', 'e1', 8],
    ]);
  });

  it('reports every kind of drift in one account, ordered by domain then rule id', () => {
    const desired = desiredState([
      account({
        name: 'production',
        location: loc(3, 5),
        connectors: [
          declared('z.example', { location: loc(6) }),
          declared('dup.example', { useFedrampLanguage: true, location: loc(7) }),
          declared('old.example', { state: 'absent', location: loc(8) }),
        ],
      }),
    ]);
    const observed = [
      live('dup.example', { id: 'd2', useFedrampLanguage: true }),
      live('dup.example', { id: 'd1', useFedrampLanguage: false }),
      live('old.example', { id: 'o1' }),
      live('shadow.example', { id: 's1' }),
    ];
    const findings = evaluate(desired, [inventory(ACCOUNT_A, observed)], TODAY).findings;
    expect(findings.map((f) => [f.emailDomain, f.ruleId, f.connectorId ?? null, f.location?.line])).toEqual([
      ['dup.example', 'CFSSO006', 'd1', 7], // settings still compared for each duplicated connector
      ['dup.example', 'CFSSO007', null, 7],
      ['old.example', 'CFSSO003', 'o1', 8],
      ['shadow.example', 'CFSSO002', 's1', 3],
      ['z.example', 'CFSSO001', null, 6],
    ]);
    expect(findings.every((f) => f.waived === false && !f.message.includes('production') && f.messageId !== undefined)).toBe(true);
  });

  it('orders accounts as in the file, whatever order the inventories come in', () => {
    const desired = desiredState([
      account({ id: ACCOUNT_B, connectors: [declared('b.example', { accountId: ACCOUNT_B })] }),
      account({ id: ACCOUNT_A, connectors: [declared('a.example')] }),
    ]);
    const findings = evaluate(desired, [inventory(ACCOUNT_A, []), inventory(ACCOUNT_B, [])], TODAY).findings;
    expect(findings.map((f) => f.accountId)).toEqual([ACCOUNT_B, ACCOUNT_A]);
  });

  it('does not evaluate accounts whose inventory failed or was not passed, and ignores undeclared accounts', () => {
    const desired = desiredState([
      account({ id: ACCOUNT_A, connectors: [declared('a.example')] }),
      account({ id: ACCOUNT_B, connectors: [declared('b.example', { accountId: ACCOUNT_B })] }),
    ]);
    const stranger = 'ffffffffffffffffffffffffffffffff';
    expect(evaluate(desired, [inventory(ACCOUNT_A, [], 'error')], TODAY).findings).toEqual([]);
    expect(evaluate(desired, [inventory(stranger, [live('x.example', { accountId: stranger })])], TODAY).findings).toEqual([]);
    const onlyB = evaluate(desired, [inventory(ACCOUNT_B, [])], TODAY).findings;
    expect(onlyB.map((f) => [f.accountId, f.kind])).toEqual([[ACCOUNT_B, 'missing']]);
    // An ok and a failed inventory for the same account: the account is not evaluated (fail closed).
    expect(evaluate(desired, [inventory(ACCOUNT_A, []), inventory(ACCOUNT_A, [], 'error')], TODAY).findings).toEqual([]);
  });

  it('reads two complete inventories of one account as one list, changing neither', () => {
    const desired = desiredState([account({ connectors: [declared('a.example'), declared('b.example')] })]);
    const first = [live('a.example', { id: 'a1' })];
    const second = [live('a.example', { id: 'a2' })];
    const findings = evaluate(desired, [inventory(ACCOUNT_A, first), inventory(ACCOUNT_A, second)], TODAY).findings;
    // a.example is in both (a duplicate), b.example in neither (missing).
    expect(findings.map((f) => [f.emailDomain, f.kind])).toEqual([
      ['a.example', 'duplicate'],
      ['b.example', 'missing'],
    ]);
    expect([first.length, second.length]).toEqual([1, 1]);
  });

  it('rejects a malformed day', () => {
    expect(() => evaluate(desiredState([account()]), [], { today: '28.11.2026' }).findings).toThrow(/YYYY-MM-DD/);
  });

  it('handles 100k connectors over 1,000 accounts (correctness sanity run, no timing)', () => {
    const accounts: DesiredAccount[] = [];
    const inventories = [];
    for (let a = 0; a < 1000; a++) {
      const id = a.toString(16).padStart(32, '0');
      const observed: ObservedConnector[] = [];
      const connectors = [];
      for (let c = 0; c < 100; c++) {
        const domain = `d${c}.acct${a}.example`;
        observed.push(live(domain, { accountId: id, id: `${a}-${c}`, enabled: c !== 0 }));
        connectors.push(declared(domain, { accountId: id, enabled: true, verification: ['verified'], useFedrampLanguage: false, location: loc(c + 1) }));
      }
      accounts.push(account({ id, connectors }));
      inventories.push(inventory(id, observed));
    }
    const findings = evaluate(desiredState(accounts), inventories, TODAY).findings;
    expect(findings).toHaveLength(1000);
    expect(findings.every((f) => f.kind === 'enabled_mismatch' && f.emailDomain.startsWith('d0.'))).toBe(true);
    expect(findings[999].accountId).toBe((999).toString(16).padStart(32, '0'));
  });
});
