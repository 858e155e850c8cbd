import { describe, expect, it } from 'vitest';
import { ALL_RULES, ruleById, ruleByKind } from '../../src/rules';
import { normaliseDomain } from '../../src/core/domain';
import { fillMessage } from '../../src/rules/message';
import type { FindingKind, Severity } from '../../src/core/types';

const TABLE: Array<[FindingKind, string, Severity]> = [
  ['missing', 'CFSSO001', 'error'],
  ['unexpected', 'CFSSO002', 'error'],
  ['forbidden', 'CFSSO003', 'error'],
  ['enabled_mismatch', 'CFSSO004', 'error'],
  ['verification_mismatch', 'CFSSO005', 'error'],
  ['fedramp_mismatch', 'CFSSO006', 'error'],
  ['duplicate', 'CFSSO007', 'error'],
  ['waiver_expired', 'CFSSO008', 'warning'],
  ['waiver_unused', 'CFSSO009', 'note'],
  ['unverifiable', 'CFSSO010', 'error'],
  ['domain_conflict', 'CFSSO011', 'error'],
  ['verification_stalled', 'CFSSO012', 'warning'],
];

describe('rule registry', () => {
  it('holds exactly the design table, in id order, with complete metadata', () => {
    expect(ALL_RULES.map((rule) => [rule.kind, rule.id, rule.defaultSeverity])).toEqual(TABLE);
    for (const rule of ALL_RULES) {
      for (const text of [rule.title, rule.rationale, rule.remediation, rule.helpMarkdown]) expect(text.length).toBeGreaterThan(10);
      expect(ruleById(rule.id)).toBe(rule);
      expect(ruleByKind(rule.kind)).toBe(rule);
    }
    expect(ruleById('CFSSO999')).toBeUndefined();
  });
});

describe('rules own their words', () => {
  const STACK_PLACEHOLDERS = new Set(['who', 'where', 'resource', 'resources', 'file', 'unmanaged', 'domain', 'expected', 'actual']);
  const placeholders = (template: string) => [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);

  it('every rule carries its messages; stack words use only what the policy pack can fill', () => {
    for (const rule of ALL_RULES) {
      expect(Object.keys(rule.messages).length, rule.id).toBeGreaterThan(0);
      for (const name of placeholders(rule.stackMessage ?? '')) expect(STACK_PLACEHOLDERS.has(name as string), `${rule.id} {{${name}}}`).toBe(true);
    }
    // The rules a stack can break speak about resources; the live-only ones do not pretend to.
    const withStackWords = ALL_RULES.filter((rule) => rule.stackMessage !== undefined).map((rule) => rule.kind);
    expect(withStackWords).toEqual(['missing', 'unexpected', 'forbidden', 'enabled_mismatch', 'verification_mismatch', 'fedramp_mismatch', 'duplicate', 'domain_conflict']);
  });

  it('fillMessage fills every placeholder once and refuses a missing one', () => {
    expect(fillMessage('{{a}} and {{b}}', { a: '{{b}}', b: 2 })).toBe('{{b}} and 2');
    expect(() => fillMessage('{{missing}}', {})).toThrow(/missing/);
  });
});

describe('normaliseDomain', () => {
  it('trims, lowercases, drops one trailing dot and converts IDN to punycode', () => {
    expect(normaliseDomain('  Example.COM. ')).toBe('example.com');
    expect(normaliseDomain('Bücher.example')).toBe('xn--bcher-kva.example');
    expect(normaliseDomain('xn--bcher-kva.example')).toBe('xn--bcher-kva.example');
    expect(normaliseDomain(normaliseDomain('BÜCHER.Example.'))).toBe('xn--bcher-kva.example');
  });
});
