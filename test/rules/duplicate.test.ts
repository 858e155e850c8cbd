import { describe, expect, it } from 'vitest';
import { duplicateRule } from '../../src/rules/duplicate';
import { account, declared, live, loc, pairOf, findingsOf } from './fixtures';

describe('CFSSO007 duplicate', () => {
  it('fires once for a declared domain with several live connectors, naming every id', () => {
    const desired = declared('example.com', { location: loc(11) });
    const observed = [live('example.com', { id: 'd1' }), live('example.com', { id: 'd2' }), live('example.com', { id: 'd3' })];
    const findings = findingsOf(duplicateRule, pairOf(account(), 'example.com', desired, observed));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'CFSSO007', kind: 'duplicate', severity: 'error', expected: '1', actual: '3', location: loc(11) });
    expect(findings[0].connectorId).toBeUndefined();
    for (const id of ['d1', 'd2', 'd3']) expect(findings[0].message).toContain(id);
  });

  it('is silent for one connector, and for undeclared or absent domains (unexpected/forbidden cover those)', () => {
    const two = [live('example.com', { id: 'd1' }), live('example.com', { id: 'd2' })];
    expect(findingsOf(duplicateRule, pairOf(account(), 'example.com', declared('example.com'), [live('example.com')]))).toEqual([]);
    expect(findingsOf(duplicateRule, pairOf(account(), 'example.com', undefined, two))).toEqual([]);
    expect(findingsOf(duplicateRule, pairOf(account(), 'example.com', declared('example.com', { state: 'absent' }), two))).toEqual([]);
  });
});
