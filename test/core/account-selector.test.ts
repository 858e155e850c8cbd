import { describe, expect, it } from 'vitest';
import { selectAccount } from '../../src/core/account-selector';

const ACCOUNTS = [
  { id: '023e105f4ecef8ad9ca31a8372d0c353', name: 'Production' },
  { id: 'f037e56e89293a057740de681ac9abbe', name: 'staging' },
  { id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', name: 'shared' },
  { id: 'b1b2c3d4e5f60718293a4b5c6d7e8f90', name: 'Shared' },
  { id: 'c1b2c3d4e5f60718293a4b5c6d7e8f90' },
];

describe('selectAccount: one rule for naming an account (check, merge, the pack)', () => {
  it('takes an id or a name, case-insensitive', () => {
    expect(selectAccount(ACCOUNTS, '023E105F4ECEF8AD9CA31A8372D0C353', 'f.yaml')).toEqual({ accountId: '023e105f4ecef8ad9ca31a8372d0c353' });
    expect(selectAccount(ACCOUNTS, 'production', 'f.yaml')).toEqual({ accountId: '023e105f4ecef8ad9ca31a8372d0c353' });
    expect(selectAccount(ACCOUNTS, 'STAGING', 'f.yaml')).toEqual({ accountId: 'f037e56e89293a057740de681ac9abbe' });
    expect(selectAccount(ACCOUNTS, 'c1b2c3d4e5f60718293a4b5c6d7e8f90', 'f.yaml')).toEqual({ accountId: 'c1b2c3d4e5f60718293a4b5c6d7e8f90' });
  });

  it('refuses a name two accounts share, naming their ids', () => {
    const choice = selectAccount(ACCOUNTS, 'shared', 'f.yaml');
    expect(choice).toEqual({ problem: expect.stringContaining('2 accounts in f.yaml have that name; use the id (a1b2c3d4e5f60718293a4b5c6d7e8f90, b1b2c3d4e5f60718293a4b5c6d7e8f90)') });
  });

  it('refuses an unknown selector with a did-you-mean', () => {
    const choice = selectAccount(ACCOUNTS, 'prodution', 'f.yaml');
    expect('problem' in choice && choice.problem).toBe(
      '"prodution" is neither the id nor the name of an account in f.yaml; did you mean "Production"? Names there: Production, staging, shared, Shared.',
    );
  });
});
