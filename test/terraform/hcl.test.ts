// init --terraform's HCL, in process: parsed by a real HCL parser and read back as exactly the live connectors.
import { describe, expect, it } from 'vitest';
import { hclString, terraformImportFor } from '../../src/terraform';
import type { AccountInventory, ObservedConnector } from '../../src/core/types';
import { readBack } from './hcl-readback';

const A = '023e105f4ecef8ad9ca31a8372d0c353';
const B = '9a7806061c88ada191ed06f989cc3dac';

const connector = (accountId: string, id: string, emailDomain: string, extra: Partial<ObservedConnector> = {}): ObservedConnector => ({ accountId, id, emailDomain, enabled: true, useFedrampLanguage: false, ...extra });
const inventory = (accountId: string, connectors: ObservedConnector[]): AccountInventory => ({ accountId, status: 'ok', connectors, fetchedAt: '2026-12-05T10:00:00.000Z', pagesFetched: 1 });

const LIVE = [
  inventory(A, [
    connector(A, 'acade23a639dbf4bec9b765339c9c326', 'example.com', { useFedrampLanguage: true }),
    connector(A, '944152aae117a87896c2b25f10a1bc99', 'corp.example.com', { enabled: false }),
    connector(A, '1111111111111111111111111111111a', 'corp-example.com'),
    // The API did not report enabled: the resource leaves it out.
    { accountId: A, id: '2222222222222222222222222222222b', emailDomain: '1st.example.com' },
  ]),
  inventory(B, [
    connector(B, '2ba4b39b8f3e6694a0a1e6b6524ee427', 'eu.example.com'),
    connector(B, 'ed9a797d818f91e95764b4d4652951af', 'eu.example.com'),
    connector(B, '435cdb27e697dd5eef7744c2ab11ed2b', 'example.com'),
  ]),
];

function expected(inventories: AccountInventory[]): Array<Record<string, unknown>> {
  return inventories
    .flatMap((i) => i.connectors)
    .map((c) => ({
      importId: `${c.accountId}/${c.id}`,
      account_id: c.accountId,
      email_domain: c.emailDomain,
      ...(c.enabled !== undefined ? { enabled: c.enabled } : {}),
      ...(c.useFedrampLanguage !== undefined ? { use_fedramp_language: c.useFedrampLanguage } : {}),
    }))
    .sort((a, b) => (a.importId < b.importId ? -1 : 1));
}

describe('init --terraform', () => {
  it('parses as HCL and declares exactly the live connectors, duplicates included', async () => {
    const { text, names } = terraformImportFor(LIVE, '2026-12-05T10:00:00.000Z', '0.0.0');
    const declared = await readBack(text);
    expect(declared.map(({ name: _name, ...rest }) => rest).sort((a, b) => (a.importId < b.importId ? -1 : 1))).toEqual(expected(LIVE));
    expect(new Set(names).size).toBe(names.length);
    expect(declared.map((d) => d.name)).toEqual(names);
  });

  it('names are stable (input order does not matter) and readable; collisions get the account, then the connector id', () => {
    const { names } = terraformImportFor(LIVE, 'x', '0.0.0');
    const shuffled = terraformImportFor([inventory(B, [...LIVE[1].connectors].reverse()), LIVE[0]], 'x', '0.0.0');
    expect(shuffled.names).toEqual(names);
    expect(names).toEqual([
      'c_1st_example_com',
      'corp_example_com_023e105f_1111111111111111111111111111111a',
      'corp_example_com_023e105f_944152aae117a87896c2b25f10a1bc99',
      'example_com_023e105f',
      'eu_example_com_9a780606_2ba4b39b8f3e6694a0a1e6b6524ee427',
      'eu_example_com_9a780606_ed9a797d818f91e95764b4d4652951af',
      'example_com_9a780606',
    ]);
  });

  it('quotes what the API returned: no interpolation, no broken string, read back unchanged', async () => {
    const hostile = 'x"y\\z${file("/etc/passwd")}%{ if true }\n.example.com';
    const live = [inventory(A, [connector(A, 'abc', hostile)])];
    const { text } = terraformImportFor(live, 'x', '0.0.0');
    expect(text).toContain('$${file(');
    expect(text).not.toMatch(/(^|[^$])\$\{file/);
    expect(hclString('${a}')).toBe('"$${a}"');
    const [declared] = await readBack(text);
    expect(declared.email_domain).toBe(hostile);
  });

  it('no live connectors: a file with the header only, still valid HCL', async () => {
    const { text, names } = terraformImportFor([inventory(A, [])], 'x', '0.0.0');
    expect(names).toEqual([]);
    expect(await readBack(text)).toEqual([]);
  });
});
