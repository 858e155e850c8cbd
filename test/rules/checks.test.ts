// The rule contract: a connector rule returns every check it makes for its pair, passed or not,
// each naming its property (as the YAML does), expected and observed values and its connector.
import { describe, expect, it } from 'vitest';
import {
  CONNECTOR_RULES,
  domainConflictRule,
  duplicateRule,
  enabledMismatchRule,
  fedrampMismatchRule,
  forbiddenRule,
  missingRule,
  unexpectedRule,
  verificationMismatchRule,
  verificationStalledRule,
  type ConnectorRule,
  type MatchedPair,
  type RuleCheck,
  type RunView,
} from '../../src/rules';
import { ACCOUNT_B, account, declared, live, loc, pairOf } from './fixtures';

const acct = account({ name: 'production', unmanaged: 'warning' });
const READ_AT = '2026-11-28T12:00:00Z';
const soloRun = (pairs: MatchedPair[] = []): RunView => ({ readAt: READ_AT, pairsOf: (domain) => pairs.filter((pair) => pair.emailDomain === domain) });

/** result, property, expected, actual and connector of each check: what the report lists. */
const listed = (checks: readonly RuleCheck[]): string[] =>
  checks.map((check) => `${check.result} ${check.property} ${check.expected} -> ${check.actual ?? '?'} ${check.connectorId ?? '(declaration)'}`);

const settings = { enabled: true, verification: ['verified' as const], useFedrampLanguage: false };

describe('each connector rule reports its checks: pass, fail, unverifiable, not_checked', () => {
  it('CFSSO001 missing: the state of a declaration present', () => {
    const desired = declared('example.com', { location: loc(12) });
    expect(listed(missingRule.check(pairOf(acct, 'example.com', desired, [live('example.com')])))).toEqual(['pass state present -> present (declaration)']);
    expect(listed(missingRule.check(pairOf(acct, 'example.com', desired)))).toEqual(['fail state present -> absent (declaration)']);
    expect(listed(missingRule.check(pairOf(acct, 'example.com', desired, [], false)))).toEqual(['not_checked state present -> ? (declaration)']);
    expect(missingRule.check(pairOf(acct, 'example.com', undefined, [live('example.com')]))).toEqual([]);
  });

  it('CFSSO003 forbidden: the state of a declaration absent, each live connector failing', () => {
    const desired = declared('example.com', { state: 'absent' });
    expect(listed(forbiddenRule.check(pairOf(acct, 'example.com', desired)))).toEqual(['pass state absent -> absent (declaration)']);
    expect(listed(forbiddenRule.check(pairOf(acct, 'example.com', desired, [live('example.com', { id: 'c1' }), live('example.com', { id: 'c2' })])))).toEqual([
      'fail state absent -> present c1',
      'fail state absent -> present c2',
    ]);
    expect(listed(forbiddenRule.check(pairOf(acct, 'example.com', desired, [], false)))).toEqual(['not_checked state absent -> ? (declaration)']);
  });

  it('CFSSO002 unexpected: each undeclared live connector, at the account unmanaged severity; ignore passes', () => {
    const [check] = unexpectedRule.check(pairOf(acct, 'rogue.example', undefined, [live('rogue.example', { id: 'r1' })]));
    expect(check).toMatchObject({ result: 'fail', property: 'declared', connectorId: 'r1', severity: 'warning', location: acct.location });
    const ignored = account({ unmanaged: 'ignore' });
    expect(listed(unexpectedRule.check(pairOf(ignored, 'rogue.example', undefined, [live('rogue.example', { id: 'r1' })])))).toEqual([
      'pass declared declared, or not (unmanaged: ignore) -> not declared r1',
    ]);
    expect(unexpectedRule.check(pairOf(acct, 'example.com', declared('example.com'), [live('example.com')]))).toEqual([]);
  });

  it('CFSSO007 duplicate: one check about the declaration, counting its live connectors', () => {
    const desired = declared('example.com');
    expect(listed(duplicateRule.check(pairOf(acct, 'example.com', desired, [live('example.com')])))).toEqual(['pass unique 1 -> 1 (declaration)']);
    expect(listed(duplicateRule.check(pairOf(acct, 'example.com', desired, [live('example.com', { id: 'a' }), live('example.com', { id: 'b' })])))).toEqual([
      'fail unique 1 -> 2 (declaration)',
    ]);
    // Nothing to count: no live connector (CFSSO001), or the account not read.
    expect(duplicateRule.check(pairOf(acct, 'example.com', desired))).toEqual([]);
    expect(duplicateRule.check(pairOf(acct, 'example.com', desired, [], false))).toEqual([]);
  });

  const settingCases: ReadonlyArray<[ConnectorRule, string, Parameters<typeof live>[1], Parameters<typeof live>[1], string]> = [
    [enabledMismatchRule, 'enabled', { enabled: true }, { enabled: false }, 'true'],
    [verificationMismatchRule, 'verification', { verification: { status: 'verified' } }, { verification: { status: 'pending' } }, 'verified'],
    [fedrampMismatchRule, 'use_fedramp_language', { useFedrampLanguage: false }, { useFedrampLanguage: true }, 'false'],
  ];
  for (const [rule, property, same, differs, expected] of settingCases) {
    it(`${rule.id} ${rule.kind}: one check per live connector of a declared setting`, () => {
      const desired = declared('example.com', settings);
      const pair = pairOf(acct, 'example.com', desired, [live('example.com', { id: 'c1', ...same }), live('example.com', { id: 'c2', ...differs })]);
      const checks = rule.check(pair);
      expect(checks.map((check) => `${check.result} ${check.property} ${check.connectorId ?? ''}`)).toEqual([`pass ${property} c1`, `fail ${property} c2`]);
      expect(checks.every((check) => check.expected === expected && check.location === desired.location)).toBe(true);
      expect(checks[1].message?.data).toMatchObject({ domain: 'example.com', connector: 'c2' });

      const unknown = live('example.com', { id: 'c3', enabled: undefined, useFedrampLanguage: undefined, verification: undefined });
      const [unverifiable] = rule.check(pairOf(acct, 'example.com', desired, [unknown]));
      expect(unverifiable).toMatchObject({ result: 'unverifiable', property, expected, connectorId: 'c3' });
      expect(unverifiable.actual).toBeUndefined();

      expect(listed(rule.check(pairOf(acct, 'example.com', desired, [], false)))).toEqual([`not_checked ${property} ${expected} -> ? (declaration)`]);
      // Not declared, declared absent, or no live connector: nothing to compare.
      expect(rule.check(pairOf(acct, 'example.com', declared('example.com'), [live('example.com')]))).toEqual([]);
      expect(rule.check(pairOf(acct, 'example.com', declared('example.com', { state: 'absent' }), [live('example.com')]))).toEqual([]);
      expect(rule.check(pairOf(acct, 'example.com', desired, []))).toEqual([]);
    });
  }

  it('CFSSO011 domain_conflict: compared where another account read has the domain', () => {
    const other = account({ id: ACCOUNT_B });
    const here = pairOf(acct, 'example.com', declared('example.com'), [live('example.com', { id: 'a1' })]);
    const disabledThere = pairOf(other, 'example.com', undefined, [live('example.com', { id: 'b1', accountId: ACCOUNT_B, enabled: false })]);
    const enabledThere = pairOf(other, 'example.com', undefined, [live('example.com', { id: 'b1', accountId: ACCOUNT_B })]);
    expect(listed(domainConflictRule.check(here, soloRun([here, disabledThere])))).toEqual(['pass exclusive enabled in 1 account -> enabled in 1 account a1']);
    expect(listed(domainConflictRule.check(here, soloRun([here, enabledThere])))).toEqual(['fail exclusive enabled in 1 account -> enabled in 2 accounts a1']);
    // Alone in the run, or not enabled here: nothing to compare.
    expect(domainConflictRule.check(here, soloRun([here]))).toEqual([]);
    expect(domainConflictRule.check(disabledThere, soloRun([here, disabledThere]))).toEqual([]);
  });

  it('CFSSO012 verification_stalled: each live connector still waiting, against the read time', () => {
    const waiting = (id: string, updatedOn: string) => live('example.com', { id, verification: { status: 'pending' }, updatedOn });
    const pair = pairOf(acct, 'example.com', declared('example.com'), [waiting('fresh', '2026-11-27T12:00:00Z'), waiting('stale', '2026-11-20T12:00:00Z'), live('example.com', { id: 'done' })]);
    expect(listed(verificationStalledRule.check(pair, soloRun()))).toEqual([
      'pass verification_progress changed within 2 days -> pending since 2026-11-27 fresh',
      'fail verification_progress changed within 2 days -> pending since 2026-11-20 stale',
    ]);
    expect(verificationStalledRule.check(pair, { readAt: undefined, pairsOf: () => [] })).toEqual([]);
  });

  it('every failed check names a message of its rule, with a value for each placeholder', () => {
    const desired = declared('example.com', settings);
    const drifted = live('example.com', { id: 'c1', enabled: false, useFedrampLanguage: true, verification: { status: 'pending' }, updatedOn: '2026-11-01T00:00:00Z' });
    const pairs = [
      pairOf(acct, 'example.com', desired, [drifted, live('example.com', { id: 'c2' })]),
      pairOf(acct, 'example.com', desired),
      pairOf(acct, 'example.com', declared('example.com', { state: 'absent' }), [drifted]),
      pairOf(acct, 'rogue.example', undefined, [live('rogue.example')]),
    ];
    const other = pairOf(account({ id: ACCOUNT_B }), 'example.com', undefined, [live('example.com', { id: 'b1', accountId: ACCOUNT_B })]);
    const failed = new Set<string>();
    for (const rule of CONNECTOR_RULES) {
      for (const pair of pairs) {
        for (const check of rule.check(pair, soloRun([...pairs, other]))) {
          if (check.result !== 'fail') continue;
          failed.add(rule.id);
          expect(check.message, rule.id).toBeDefined();
          const ids = [check.message?.id, check.message?.remediation].filter((id): id is string => id !== undefined);
          for (const id of ids) {
            const template = rule.messages[id];
            expect(template, `${rule.id} ${id}`).toBeDefined();
            for (const [, name] of template.matchAll(/\{\{(\w+)\}\}/g)) expect(check.message?.data[name], `${rule.id} ${id} {{${name}}}`).toBeDefined();
          }
        }
      }
    }
    expect([...failed].sort()).toEqual(CONNECTOR_RULES.map((rule) => rule.id).sort());
  });
});
