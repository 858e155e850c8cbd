import { describe, expect, it } from 'vitest';
import { publicUrl } from '../../src/core/redact';

describe('publicUrl: the one way a URL is stored or printed', () => {
  it('drops user name, password, query and fragment', () => {
    expect(publicUrl('https://user:s3cret@api.example.com/client/v4?token=abc#frag')).toBe('https://api.example.com/client/v4');
    expect(publicUrl('http://127.0.0.1:8787/client/v4')).toBe('http://127.0.0.1:8787/client/v4');
  });

  it('keeps a clean URL exactly as given (trailing slash or not)', () => {
    expect(publicUrl('https://api.cloudflare.com/client/v4/')).toBe('https://api.cloudflare.com/client/v4/');
    expect(publicUrl('https://api.cloudflare.com/client/v4')).toBe('https://api.cloudflare.com/client/v4');
  });

  it('cuts credentials and query out of what does not parse as a URL', () => {
    const out = publicUrl('not a url://user:pw@host/x?token=abc');
    expect(out).not.toContain('pw');
    expect(out).not.toContain('token=abc');
  });
});
