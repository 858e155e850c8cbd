import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../../src/core/suggest';

describe('nearest known key', () => {
  it('measures edits, counting a swap of neighbours as one', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('langauge', 'language')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests the intended key for typos, other case styles and truncations', () => {
    const connectorKeys = ['email_domain', 'state', 'enabled', 'verification', 'use_fedramp_language'];
    expect(nearest('use_fedramp_langauge', connectorKeys)).toBe('use_fedramp_language');
    expect(nearest('emailDomain', connectorKeys)).toBe('email_domain');
    expect(nearest('email-domain', connectorKeys)).toBe('email_domain');
    expect(nearest('useFedrampLanguage', connectorKeys)).toBe('use_fedramp_language');
    expect(nearest('enable', connectorKeys)).toBe('enabled');
    expect(nearest('verificaton', connectorKeys)).toBe('verification');
    expect(nearest('stat', connectorKeys)).toBe('state');
    expect(nearest('warn', ['error', 'warning', 'ignore'])).toBe('warning');
  });

  it('suggests nothing when no known key is close', () => {
    expect(nearest('colour', ['id', 'name', 'unmanaged', 'connectors'])).toBeUndefined();
    expect(nearest('x', ['enabled', 'state'])).toBeUndefined();
  });
});
