// Small HTTP helpers the API routes and the control API share.
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

export type BodyRead = { ok: true; value: unknown } | { ok: false; message: string };

/** Writes a whole response unless the client is already gone. Returns whether it was sent. */
export function send(res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): boolean {
  if (res.writableEnded || res.destroyed) return false;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
  return true;
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): boolean {
  return send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', headers);
}

/** A JSON request body (empty means `{}`), at most 1 MiB. */
export async function readJsonBody(req: IncomingMessage): Promise<BodyRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, message: 'Request body too large' };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: 'Request body is not valid JSON' };
  }
}
