import { describe, expect, it } from 'vitest';
import { validateJunit } from './consumer-schemas';

describe('JUnit validation with libxml2 in WebAssembly', () => {
  it('accepts a valid JUnit document and rejects one the XSD forbids', async () => {
    const good = await validateJunit('<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="c" classname="k"/></testsuite></testsuites>');
    expect(good).toEqual({ valid: true, errors: [] });
    const bad = await validateJunit('<testsuites><testsuite name="x"><testcase/></testsuite></testsuites>');
    expect(bad.valid).toBe(false);
    expect(bad.errors.join('\n')).toMatch(/testcase/);
  });
});
