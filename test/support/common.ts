// The one support module the tests share: the environment a CLI run gets, the token-leak
// assertion, and JSON Schema validators (ajv with formats; draft-04 where a schema is draft-04).
import Ajv, { type AnySchema, type ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';

/** A CLI run's environment: the token, the API (an emulator or a test server), no colour; `extra` wins. */
export function cliEnv(token: string, baseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { CLOUDFLARE_API_TOKEN: token, CLOUDFLARE_BASE_URL: baseUrl, NO_COLOR: '1', ...extra };
}

/** The token is in none of the texts (stdout, stderr, files, logs), trimmed or not; each named in the failure. */
export function expectNoTokenLeak(token: string, texts: Record<string, string>): void {
  const forms = [...new Set([token, token.trim()])].filter((form) => form !== '');
  for (const [name, text] of Object.entries(texts)) for (const form of forms) expect(text, `the token leaked into ${name}`).not.toContain(form);
}

/**
 * A validator for a JSON Schema: our own schemas strictly (`strict: true`); a consumer's schema as
 * published (`strict: false`), with ajv-draft-04 when it declares draft-04 (SARIF).
 */
export function compileSchema(schema: AnySchema | string, options: { strict?: boolean } = {}): ValidateFunction {
  const parsed = (typeof schema === 'string' ? JSON.parse(schema) : schema) as AnySchema;
  const draft04 = typeof parsed === 'object' && /draft-04/.test(String((parsed as { $schema?: unknown }).$schema ?? ''));
  const ajv = draft04 ? new Ajv04({ allErrors: true, strict: options.strict ?? false }) : new Ajv({ allErrors: true, strict: options.strict ?? false });
  addFormats(ajv);
  return ajv.compile(parsed);
}
