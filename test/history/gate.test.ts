// History counts what was observed, never the gate: a drifted run that passed under --fail-on never is drift.
import { describe, expect, it } from 'vitest';
import { buildHistory } from '../../src/history';
import { week } from './reports';

describe('history and the --fail-on gate', () => {
  it('the same runs under --fail-on never give the same days: drift stays drift', () => {
    const strict = buildHistory(week());
    const lenient = buildHistory(week().map(({ file, report }) => ({ file, report: { ...report, failOn: 'never' as const } })));
    const spans = (history: typeof strict) => history.series[0].accounts[0].spans;
    expect(spans(strict).map((span) => span.state)).toContain('drift');
    expect(spans(lenient)).toEqual(spans(strict));
    const { compliant, drift, days } = strict.series[0].accounts[0];
    expect(drift).toBeGreaterThan(0);
    expect(lenient.series[0].accounts[0]).toMatchObject({ compliant, drift, days });
  });
});
