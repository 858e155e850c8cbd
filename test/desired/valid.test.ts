import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesiredStateFile, parseDesiredState } from '../../src/desired';

const VALID = join(__dirname, '..', 'fixtures', 'valid');
const load = (name: string) => loadDesiredStateFile(join(VALID, name), name);
const at = (file: string, line: number, column: number) => ({ file, line, column });

describe('valid desired-state files', () => {
  it('reads the design example: defaults applied, absent connector without settings, waiver, hash', () => {
    const file = 'design-example.yaml';
    const state = load(file);
    const bytes = readFileSync(join(VALID, file));
    expect(state.version).toBe(1);
    expect(state.file).toBe(file);
    expect(state.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(state.accounts).toEqual([
      {
        id: '023e105f4ecef8ad9ca31a8372d0c353',
        name: 'production',
        unmanaged: 'error',
        location: at(file, 8, 5),
        connectors: [
          {
            accountId: '023e105f4ecef8ad9ca31a8372d0c353',
            emailDomain: 'example.com',
            state: 'present',
            enabled: true,
            verification: ['verified'],
            useFedrampLanguage: true,
            location: at(file, 12, 9),
          },
          {
            accountId: '023e105f4ecef8ad9ca31a8372d0c353',
            emailDomain: 'old.example.com',
            state: 'absent',
            location: at(file, 14, 9),
          },
        ],
      },
    ]);
    expect(state.waivers).toEqual([
      {
        accountId: '023e105f4ecef8ad9ca31a8372d0c353',
        emailDomain: 'staging.example.com',
        kind: 'verification_mismatch',
        reason: 'DNS cut-over, change CHG-1234',
        approvedBy: 'security@example.com',
        expires: '2027-01-31',
        location: at(file, 17, 5),
      },
    ]);
  });

  it('normalises domains: IDN to punycode, case, surrounding space, one trailing dot', () => {
    const file = 'idn-and-normalisation.yaml';
    const state = load(file);
    const [account] = state.accounts;
    expect(account.name).toBe('Bücher GmbH');
    expect(account.connectors.map((c) => c.emailDomain)).toEqual([
      'xn--bcher-kva.example',
      'sso.example.com',
      'xn--r8jz45g.xn--zckzah',
    ]);
    expect(account.connectors.map((c) => c.location.line)).toEqual([6, 7, 9]);
    expect(account.connectors[1].verification).toEqual(['pending', 'verified']);
    // No defaults in this file: omitted settings stay omitted (not checked).
    expect(account.connectors[0]).toEqual({
      accountId: '9a7806061c88ada191ed06f989cc3dac',
      emailDomain: 'xn--bcher-kva.example',
      state: 'present',
      location: at(file, 6, 9),
    });
    expect(state.waivers[0]).toMatchObject({ emailDomain: 'xn--bcher-kva.example', expires: '2028-02-29' });
    expect(state.waivers[0].approvedBy).toBe('security@example.com');
    expect(state.waivers[0].approvedOn).toBeUndefined();
  });

  it('applies defaults, lets each connector override them, and defaults unmanaged to error', () => {
    const state = load('defaults-and-overrides.yaml');
    const [production, staging] = state.accounts;
    expect(production.unmanaged).toBe('warning');
    expect(staging.unmanaged).toBe('error');
    expect(staging.name).toBeUndefined();
    const settings = production.connectors.map(({ emailDomain, state: s, enabled, verification, useFedrampLanguage }) => ({
      emailDomain,
      state: s,
      enabled,
      verification,
      useFedrampLanguage,
    }));
    expect(settings).toEqual([
      { emailDomain: 'example.com', state: 'present', enabled: true, verification: ['pending', 'verified'], useFedrampLanguage: false },
      { emailDomain: 'partner.example.com', state: 'present', enabled: false, verification: ['failed'], useFedrampLanguage: false },
      { emailDomain: 'gov.example.com', state: 'present', enabled: true, verification: ['verified'], useFedrampLanguage: true },
      { emailDomain: 'legacy.example.com', state: 'absent', enabled: undefined, verification: undefined, useFedrampLanguage: undefined },
    ]);
    expect(staging.connectors[0]).toMatchObject({ accountId: '9a7806061c88ada191ed06f989cc3dac', state: 'present', enabled: true });
    expect(state.waivers).toHaveLength(1);
    expect(state.waivers[0]).toMatchObject({ accountId: '9a7806061c88ada191ed06f989cc3dac', kind: 'missing', approvedBy: 'security@example.com', approvedOn: '2026-11-02', location: { line: 25, column: 5 } });
  });

  it('accepts an account with an empty connectors list', () => {
    const state = load('empty-connectors.yaml');
    expect(state.accounts).toEqual([
      { id: '0123456789abcdef0123456789abcdef', unmanaged: 'ignore', connectors: [], location: at('empty-connectors.yaml', 4, 5) },
    ]);
    expect(state.waivers).toEqual([]);
  });

  it('accepts flow style and anchors, and locates connectors inside flow mappings', () => {
    const file = 'anchors-and-flow.yaml';
    const [account] = load(file).accounts;
    expect(account.connectors).toEqual([
      { accountId: '0123456789abcdef0123456789abcdef', emailDomain: 'a.example', state: 'present', verification: ['pending', 'verified'], location: at(file, 6, 11) },
      { accountId: '0123456789abcdef0123456789abcdef', emailDomain: 'b.example', state: 'present', enabled: false, verification: ['pending', 'verified'], location: at(file, 7, 11) },
    ]);
  });

  it('accepts a byte-order mark and CRLF line endings; the hash covers the exact bytes', () => {
    const file = 'bom-and-crlf.yaml';
    const bytes = readFileSync(join(VALID, file));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const state = load(file);
    expect(state.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(state.accounts[0].location).toEqual(at(file, 3, 5));
    expect(state.accounts[0].connectors[0]).toMatchObject({ emailDomain: 'crlf.example', enabled: true, location: at(file, 5, 9) });
  });

  it('gives the same result for a string, the bytes, and the file', () => {
    const file = 'defaults-and-overrides.yaml';
    const bytes = readFileSync(join(VALID, file));
    const fromFile = load(file);
    expect(parseDesiredState(bytes, file)).toEqual(fromFile);
    expect(parseDesiredState(bytes.toString('utf8'), file)).toEqual(fromFile);
  });

  it('treats dates as strings (YAML 1.2 core schema), never as Date objects', () => {
    const state = load('design-example.yaml');
    expect(typeof state.waivers[0].expires).toBe('string');
  });
});
