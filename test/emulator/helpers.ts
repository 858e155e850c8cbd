// Shared setup for emulator tests: a running emulator, an official SDK client pointed at
// it, and small wrappers around the control API.
import Cloudflare from 'cloudflare';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator';
import type { EmulatorOptions, EmulatorSeed, EmulatorStats, Fault, RunningEmulator } from '../../src/emulator';

export const TOKEN = 'test-token-Zq81vN3';
export const PRODUCTION = '023e105f4ecef8ad9ca31a8372d0c353';
export const GOV = '9a7806061c88ada191ed06f989cc3dac';
export const UNKNOWN_ACCOUNT = 'ffffffffffffffffffffffffffffffff';

export const DEMO_INVENTORY_PATH = join(__dirname, '..', '..', 'examples', 'demo-inventory.json');

export function demoSeed(): EmulatorSeed {
  return JSON.parse(readFileSync(DEMO_INVENTORY_PATH, 'utf8')) as EmulatorSeed;
}

export async function start(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ token: TOKEN, seed: demoSeed(), ...options });
}

export function sdk(emulator: RunningEmulator, apiToken = TOKEN, baseURL = emulator.url): Cloudflare {
  return new Cloudflare({ apiToken, baseURL, maxRetries: 0, timeout: 20_000 });
}

/** Origin of the emulator (no /client/v4), where the control API lives. */
export function origin(emulator: RunningEmulator): string {
  return `http://127.0.0.1:${emulator.port}`;
}

export async function postControl(emulator: RunningEmulator, path: string, body?: unknown): Promise<Response> {
  return fetch(`${origin(emulator)}/__emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body),
  });
}

export async function setFaultsOverHttp(emulator: RunningEmulator, faults: Fault[]): Promise<void> {
  const response = await postControl(emulator, 'faults', { faults });
  if (response.status !== 200) throw new Error(`setting faults failed: ${response.status} ${await response.text()}`);
}

export async function statsOverHttp(emulator: RunningEmulator): Promise<EmulatorStats> {
  const response = await fetch(`${origin(emulator)}/__emulator/stats`);
  return (await response.json()) as EmulatorStats;
}

/** A raw API request with plain fetch, for what the SDK would not send or would hide. */
export async function rawApi(
  emulator: RunningEmulator,
  path: string,
  init: { method?: string; token?: string | null; body?: unknown } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return fetch(`${emulator.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

/** Waits until the emulator reports `count` requests in flight (hanging ones, typically). */
export async function waitForInFlight(emulator: RunningEmulator, count: number): Promise<void> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    if (emulator.stats().inFlight >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never saw ${count} requests in flight`);
}

export interface ResultInfoBody {
  result_info: { page: number; per_page: number; count: number; total_count: number; total_pages: number };
}

/**
 * The raw v4 envelope behind an SDK page. The SDK keeps `page.body` protected (its SinglePage
 * type knows nothing of result_info), but the object holds the parsed JSON as received.
 */
export function envelopeOf(page: object): unknown {
  return (page as { body?: unknown }).body;
}

export function resultInfoOf(page: object): ResultInfoBody['result_info'] {
  return (envelopeOf(page) as ResultInfoBody).result_info;
}
