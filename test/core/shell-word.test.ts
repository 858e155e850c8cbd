import { describe, expect, it } from 'vitest';
import { shellWord } from '../../src/core/text';

describe('shellWord: one POSIX shell word, for a command to copy', () => {
  it('leaves a plainly safe word as it is', () => {
    expect(shellWord('evidence/run-1.json')).toBe('evidence/run-1.json');
    expect(shellWord('--report=sarif=out.sarif')).toBe('--report=sarif=out.sarif');
  });

  it('single-quotes anything else, a quote inside closed, escaped and reopened', () => {
    expect(shellWord('my report.json')).toBe(`'my report.json'`);
    expect(shellWord(`it's.json`)).toBe(`'it'\\''s.json'`);
    expect(shellWord('$(rm -rf ~)')).toBe(`'$(rm -rf ~)'`);
    expect(shellWord('')).toBe(`''`);
  });
});
