// The sticky pull-request comment against a loopback stand-in for GitHub's REST API: created once,
// then updated in place (found by the report's marker line, also on a later page of comments); a
// read-only token (a fork's pull request) is "not permitted", never an exception; a report over
// GitHub's 65,536-character limit is cut to fit; GITHUB_API_URL's path (GitHub Enterprise) is kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitCommentBody, MAX_COMMENT_CHARS, upsertStickyComment } from '../../src/github/pr-comment';
import { MARKDOWN_MARKER } from '../../src/report/markdown';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-api';

const TOKEN = 'ghs_SECRET-job-token-9Tq4Wz';
const FORK_TOKEN = 'ghs_SECRET-fork-token-2Lp8Xv';
let github: GitHubStandIn;

beforeAll(async () => {
  github = await startGitHubStandIn({ token: TOKEN, pathPrefix: '/api/v3' });
  github.readOnlyTokens.add(FORK_TOKEN);
});
afterAll(async () => {
  await github?.close();
});

const report = (text: string) => `${MARKDOWN_MARKER}\n## cf-sso-guard\n\n${text}\n`;
const request = (pullRequest: number, body: string, token = TOKEN) => ({ apiUrl: github.url, token, repository: 'acme/infra', pullRequest, body });

describe('the sticky pull-request comment', () => {
  it('creates one comment, then updates that one on the next run', async () => {
    const first = await upsertStickyComment(request(7, report('drift: 3 findings')));
    expect(first).toMatchObject({ kind: 'created', truncated: false });
    const second = await upsertStickyComment(request(7, report('compliant')));
    expect(second).toMatchObject({ kind: 'updated', truncated: false });
    const thread = github.comments.get('acme/infra#7') ?? [];
    expect(thread.map((comment) => comment.body)).toEqual([report('compliant')]);
    expect(second.kind === 'updated' && first.kind === 'created' && second.id === first.id).toBe(true);
    // Every call under GITHUB_API_URL's own path, with the job's token.
    const calls = github.requests.filter((entry) => entry.path.includes('/issues/7') || entry.path.includes('/issues/comments/'));
    expect(calls.map((entry) => entry.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
    expect(calls.every((entry) => entry.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("finds its comment among many (paged), and leaves other people's comments alone", async () => {
    const others = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `review ${i}`, user: { login: 'dev', type: 'User' } }));
    // A human's comment quoting the marker cannot be edited by the token: the tool makes its own.
    others.push({ id: 500, body: `${MARKDOWN_MARKER}\nquoted by a person`, user: { login: 'dev', type: 'User' } });
    github.comments.set('acme/infra#8', others);
    const created = await upsertStickyComment(request(8, report('first')));
    expect(created.kind).toBe('created');
    const updated = await upsertStickyComment(request(8, report('second')));
    expect(updated.kind).toBe('updated');
    const thread = github.comments.get('acme/infra#8') ?? [];
    expect(thread.filter((comment) => comment.user.type === 'Bot').map((comment) => comment.body)).toEqual([report('second')]);
    expect(thread.find((comment) => comment.id === 500)?.body).toBe(`${MARKDOWN_MARKER}\nquoted by a person`);
  });

  it('with a read-only token (a pull request from a fork): not permitted, with GitHub\'s reason, no exception', async () => {
    const outcome = await upsertStickyComment(request(9, report('drift'), FORK_TOKEN));
    expect(outcome).toEqual({ kind: 'not-permitted', message: expect.stringContaining('HTTP 403 (Resource not accessible by integration)') as string });
    expect(github.comments.get('acme/infra#9')).toBeUndefined();
    expect(JSON.stringify(outcome)).not.toContain('fork-token');
  });

  it('cuts a report over 65,536 characters at a line end and says so; GitHub accepts it', async () => {
    const long = report(Array.from({ length: 3_000 }, (_, i) => `- connector ${i} example-${i}.com: drift`).join('\n'));
    expect(long.length).toBeGreaterThan(MAX_COMMENT_CHARS);
    const outcome = await upsertStickyComment(request(10, long));
    expect(outcome).toMatchObject({ kind: 'created', truncated: true });
    const [comment] = github.comments.get('acme/infra#10') ?? [];
    expect(comment.body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(comment.body.startsWith(MARKDOWN_MARKER)).toBe(true);
    expect(comment.body).toMatch(/over GitHub's 65,536-character comment limit/);
    expect(comment.body).toMatch(/example-\d+\.com: drift\n\n\*\*The report is/);
    expect(fitCommentBody(report('short'))).toEqual({ body: report('short'), truncated: false });
  });

  it('a GitHub that cannot be reached is "failed" with a reason, never an exception', async () => {
    const outcome = await upsertStickyComment({ ...request(11, report('x')), apiUrl: 'http://127.0.0.1:1' });
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.message).toMatch(/request failed/);
  });
});

describe('a hostile or misconfigured GITHUB_API_URL', () => {
  /** A server that answers every call with `answer(method)`: status and JSON body. */
  async function hostile(answer: (method: string) => [number, unknown]): Promise<{ url: string; close: () => Promise<void> }> {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      const [status, body] = answer(req.method ?? 'GET');
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it('never returns the token, whatever the answer echoes (error message, html_url)', async () => {
    const server = await hostile((method) => (method === 'GET' ? [200, []] : [201, { id: 1, html_url: `https://x/${TOKEN}\n::error::pwn` }]));
    try {
      const outcome = await upsertStickyComment({ ...request(12, report('x')), apiUrl: server.url });
      expect(outcome.kind).toBe('created');
      expect(JSON.stringify(outcome)).not.toContain(TOKEN);
      expect(outcome.kind === 'created' && outcome.url).not.toMatch(/\n/);
    } finally {
      await server.close();
    }
    const failing = await hostile(() => [500, { message: `bad token ${TOKEN}\n::error::pwn` }]);
    try {
      const outcome = await upsertStickyComment({ ...request(12, report('x')), apiUrl: failing.url });
      expect(outcome.kind).toBe('failed');
      expect(JSON.stringify(outcome)).not.toContain(TOKEN);
      expect(outcome.kind === 'failed' && outcome.message).not.toMatch(/\n/);
    } finally {
      await failing.close();
    }
  });

  it('an API URL with credentials in it fails without naming them', async () => {
    const outcome = await upsertStickyComment({ ...request(13, report('x')), apiUrl: 'https://user:SECRET-url-password@127.0.0.1:1/api/v3' });
    expect(outcome.kind).toBe('failed');
    expect(JSON.stringify(outcome)).not.toContain('SECRET-url-password');
  });
});
