// The command line a report records: the API token (whole or any run of it) and URL credentials cut out.
import { describe, expect, it } from 'vitest';
import { redactedCommandLine } from '../../src/cli/provenance';

const TOKEN = 'Zt4kQ9mB2xW7vL1nR8pC5sH3';

describe('redactedCommandLine', () => {
  it('keeps ordinary arguments as they are', () => {
    expect(redactedCommandLine(['check', '--format', 'json', '-o', 'out.json'], TOKEN)).toEqual(['check', '--format', 'json', '-o', 'out.json']);
  });

  it('cuts the token out, whole or a run of it, with or without a token set', () => {
    const out = redactedCommandLine(['check', `--x=${TOKEN}`, `part:${TOKEN.slice(3, 15)}`], TOKEN);
    expect(out.join(' ')).not.toContain(TOKEN.slice(3, 11));
    expect(out[0]).toBe('check');
    expect(redactedCommandLine(['check'], undefined)).toEqual(['check']);
  });

  it('cuts the user and password out of a URL, even a password holding ? or #', () => {
    const [plain, odd] = redactedCommandLine(['https://ci:s3cret@proxy.example:8080/x', 'https://ci:p?ss#w@proxy.example/'], undefined);
    expect(plain).toBe('https://proxy.example:8080/x');
    expect(odd).not.toMatch(/s3cret|p\?ss|ss#w/);
    expect(odd).toContain('proxy.example');
  });
});
