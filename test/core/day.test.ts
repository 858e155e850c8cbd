// instantOf reads a date-time as JSON Schema's `date-time` format accepts it (what a report from disk may
// carry), where Date.parse fails (a leap second) or misreads (years below 100).
import { describe, expect, it } from 'vitest';
import { instantOf } from '../../src/core/day';

const iso = (value: string) => {
  const at = instantOf(value);
  return at === undefined ? undefined : new Date(at).toISOString();
};

describe('instantOf', () => {
  it('a leap second is the last moment of its UTC day, with Z or an offset', () => {
    expect(Date.parse('2026-06-30T23:59:60Z')).toBeNaN(); // why it is parsed here
    expect(iso('2026-06-30T23:59:60Z')).toBe('2026-06-30T23:59:59.999Z');
    expect(iso('2026-07-01T00:59:60+01:00')).toBe('2026-06-30T23:59:59.999Z');
    expect(iso('2026-06-30t23:59:60.5z')).toBe('2026-06-30T23:59:59.999Z');
    expect(iso('2026-06-30T24:59:60+01:00')).toBe('2026-06-30T23:59:59.999Z');
  });

  it('offsets in every spelling, a space for the T, fractions of any length, years from 0000', () => {
    expect(iso('2026-11-01 06:00:01+0530')).toBe('2026-11-01T00:30:01.000Z');
    expect(iso('2026-11-01T06:00:01-02')).toBe('2026-11-01T08:00:01.000Z');
    expect(iso('2026-11-01T06:00:01.123456789Z')).toBe('2026-11-01T06:00:01.123Z');
    expect(iso('0001-01-01T00:00:00Z')).toBe('0001-01-01T00:00:00.000Z');
    expect(iso('0099-12-31T23:59:59Z')).toBe('0099-12-31T23:59:59.000Z');
    expect(iso('9999-12-31T23:59:59Z')).toBe('9999-12-31T23:59:59.000Z');
  });

  it('not a date-time: undefined', () => {
    for (const value of ['2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-01T06:00:01', '2026-11-01', 'yesterday', '2026-11-01T06:61:00Z', '2026-11-01T24:00:00Z']) expect(instantOf(value), value).toBeUndefined();
  });
});
