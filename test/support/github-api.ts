// A loopback stand-in for the part of GitHub's REST API a sticky pull-request comment uses: list an
// issue's comments (paged with per_page/page, as GitHub pages), create one, update one. Like GitHub,
// it rejects a body over 65,536 characters (422) and, for a read-only token (a pull request from a
// fork), every write with 403 "Resource not accessible by integration". It records each request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInComment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

export interface GitHubRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body?: { body?: string };
}

export interface GitHubStandIn {
  url: string;
  /** Comments per `owner/repo#number`. */
  comments: Map<string, StandInComment[]>;
  requests: GitHubRequest[];
  /** Tokens that may only read (as a fork's pull request gets). */
  readOnlyTokens: Set<string>;
  close(): Promise<void>;
}

const BOT = { login: 'github-actions[bot]', type: 'Bot' };

export async function startGitHubStandIn(options: { token: string; pathPrefix?: string }): Promise<GitHubStandIn> {
  const comments = new Map<string, StandInComment[]>();
  const requests: GitHubRequest[] = [];
  const readOnlyTokens = new Set<string>();
  const prefix = options.pathPrefix ?? '';
  let nextId = 1000;

  const send = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(value));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, text: string) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const body = text ? (JSON.parse(text) as { body?: string }) : undefined;
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization, body });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token !== options.token && !readOnlyTokens.has(token ?? '')) return send(res, 401, { message: 'Bad credentials' });
    if (!url.pathname.startsWith(prefix)) return send(res, 404, { message: 'Not Found' });
    const path = url.pathname.slice(prefix.length);
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(path);
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(path);
    const write = req.method === 'POST' || req.method === 'PATCH';
    if (write && readOnlyTokens.has(token ?? '')) return send(res, 403, { message: 'Resource not accessible by integration' });
    if (write && (typeof body?.body !== 'string' || body.body.length > 65_536)) return send(res, 422, { message: 'Validation Failed: body is too long (maximum is 65536 characters)' });
    if (list) {
      const key = `${list[1]}/${list[2]}#${list[3]}`;
      const thread = comments.get(key) ?? [];
      if (req.method === 'GET') {
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        return send(res, 200, thread.slice((page - 1) * perPage, page * perPage));
      }
      if (req.method === 'POST') {
        const comment = { id: nextId++, body: body?.body ?? '', user: BOT };
        comments.set(key, [...thread, comment]);
        return send(res, 201, { ...comment, html_url: `https://github.example/${list[1]}/${list[2]}/pull/${list[3]}#issuecomment-${comment.id}` });
      }
    }
    if (one && req.method === 'PATCH') {
      const comment = [...comments.values()].flat().find((entry) => entry.id === Number(one[3]));
      if (!comment) return send(res, 404, { message: 'Not Found' });
      if (comment.user.type !== 'Bot') return send(res, 403, { message: 'Resource not accessible by integration' });
      comment.body = body?.body ?? '';
      return send(res, 200, { ...comment, html_url: `https://github.example/comment/${comment.id}` });
    }
    return send(res, 404, { message: 'Not Found' });
  };

  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => handle(req, res, text));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    comments,
    requests,
    readOnlyTokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
