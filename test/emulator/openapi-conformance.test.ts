// Every list response the emulator serves, in every server behaviour it can show, validates
// against Cloudflare's own OpenAPI description of the call (not against our idea of it).
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed, startEmulator, type Fault, type RunningEmulator } from '../../src/emulator';

const TOKEN = 'openapi-conformance-token';
const description = JSON.parse(readFileSync(path.join(__dirname, '../schemas/cloudflare-sso-openapi.json'), 'utf8'));
// OpenAPI 3.0 schema objects are JSON Schema with extra keywords (example, nullable, x-*): not strict.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(description, 'cloudflare');
const listResponse = ajv.compile({ $ref: 'cloudflare#/components/schemas/iam_sso_connector_collection_response' });
const failureResponse = ajv.compile({ $ref: 'cloudflare#/components/schemas/iam_api-response-common-failure' });

const seed = generateSeed({ accounts: 1, connectorsPerAccount: 45 });
const [ACCOUNT] = Object.keys(seed.accounts) as [string];
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, seed });
});
afterAll(async () => {
  await emulator.close();
});

const BEHAVIOURS: Record<string, Fault[]> = {
  'honours page/per_page': [],
  'ignores page/per_page': [{ kind: 'ignore_paging' }],
  'own page size': [{ kind: 'fixed_page_size', size: 7 }],
  'no result_info': [{ kind: 'no_result_info' }],
  'fractional result_info': [{ kind: 'fractional_result_info' }],
  'connectors without settings': [{ kind: 'omit_fields', fields: ['enabled', 'use_fedramp_language', 'verification', 'created_on'] }],
  'connectors without verification status': [{ kind: 'omit_fields', fields: ['verification.status'] }],
};

async function get(query: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}/accounts/${ACCOUNT}/sso_connectors${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: response.status, body: await response.json() };
}

describe('emulator responses conform to Cloudflare\'s OpenAPI description', () => {
  it.each(Object.entries(BEHAVIOURS))('%s', async (_name, faults) => {
    emulator.setFaults(faults);
    for (const query of ['', '?page=2', '?page=3&per_page=20', '?page=9']) {
      const { status, body } = await get(query);
      expect(status).toBe(200);
      const valid = listResponse(body);
      expect(valid, JSON.stringify(listResponse.errors)).toBe(true);
    }
  });

  it('the validator does reject what the description forbids', () => {
    expect(listResponse({ success: true, errors: [], messages: [], result: [{ enabled: 'yes' }] })).toBe(false);
    expect(listResponse({ success: true, errors: [], messages: [], result: [{ verification: { status: 'expired' } }] })).toBe(false);
    expect(listResponse({ success: true, errors: [], result: [] })).toBe(false);
  });

  it('error responses (auth, routing) conform to the failure envelope', async () => {
    emulator.setFaults([]);
    const unauthorised = await fetch(`${emulator.url}/accounts/${ACCOUNT}/sso_connectors`, { headers: { authorization: 'Bearer nope' } });
    expect(unauthorised.status).toBe(403);
    expect(failureResponse(await unauthorised.json()), JSON.stringify(failureResponse.errors)).toBe(true);
    const unknown = await get('?page=0');
    expect(unknown.status).toBe(400);
    expect(failureResponse(unknown.body), JSON.stringify(failureResponse.errors)).toBe(true);
  });
});
