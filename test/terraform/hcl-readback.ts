// Reads `init --terraform` output back with a real HCL parser (@cdktf/hcl2json, HashiCorp's HCL
// library compiled to WebAssembly): the import blocks and resources, as the connectors they declare.
import { parse } from '@cdktf/hcl2json';
import { expect } from 'vitest';

export interface DeclaredConnector {
  name: string;
  importId: string;
  account_id: string;
  email_domain: string;
  enabled?: boolean;
  use_fedramp_language?: boolean;
}

interface Parsed {
  import?: Array<{ to: string; id: string }>;
  resource?: Record<string, Record<string, Array<Record<string, unknown>>>>;
}

/** Every import block with its resource; fails the test when they do not pair up one to one. */
export async function readBack(text: string): Promise<DeclaredConnector[]> {
  const parsed = (await parse('sso-connectors.tf', text)) as Parsed;
  const resources = parsed.resource?.cloudflare_sso_connector ?? {};
  const imports = parsed.import ?? [];
  expect(Object.keys(parsed.resource ?? {})).toEqual(imports.length === 0 ? [] : ['cloudflare_sso_connector']);
  expect(imports.map((i) => i.to).sort()).toEqual(Object.keys(resources).map((name) => `\${cloudflare_sso_connector.${name}}`).sort());
  return imports.map((block) => {
    const name = /^\$\{cloudflare_sso_connector\.([A-Za-z_][\w-]*)\}$/.exec(block.to)?.[1] ?? '';
    const body = resources[name]?.[0] ?? {};
    expect(Object.keys(body).every((key) => ['account_id', 'email_domain', 'enabled', 'use_fedramp_language'].includes(key))).toBe(true);
    // hcl2json answers in Terraform's JSON syntax, where strings are templates too: `$${` and `%%{` are a literal `${` and `%{`.
    const literal = (value: unknown): unknown => (typeof value === 'string' ? value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : value);
    const values = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, literal(value)]));
    return { name, importId: literal(block.id) as string, ...(values as Omit<DeclaredConnector, 'name' | 'importId'>) };
  });
}
