// One sticky pull-request comment with the markdown report, through GitHub's REST API with the job's
// token: the comment that starts with the report's marker line is updated in place, else one is
// created. Commenting is a courtesy, never the gate: when the token may not write (a pull request
// from a fork gets a read-only token) or GitHub cannot be reached, it says so and the caller goes on.
import { MARKDOWN_MARKER } from '../report/markdown';
import { redact } from '../core/redact';
import { cleanText } from '../core/text';

/** GitHub rejects a comment body longer than this (characters). */
export const MAX_COMMENT_CHARS = 65_536;
/** Pages of 100 comments searched for ours before a new one is made (a pull request with more is rare). */
const MAX_PAGES = 50;
/** Bytes of one API response read; a larger one is not GitHub answering this call. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 30_000;

export interface StickyCommentRequest {
  /** `$GITHUB_API_URL`, e.g. https://api.github.com or https://HOST/api/v3 on GitHub Enterprise Server. */
  apiUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  pullRequest: number;
  /** The markdown report; it starts with the marker line. */
  body: string;
}

export type StickyCommentOutcome =
  | { kind: 'created' | 'updated'; id: number; url?: string; truncated: boolean }
  | { kind: 'not-permitted' | 'failed'; message: string };

class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The body as posted: within GitHub's limit, cut at a line end with a note saying where the rest is. */
export function fitCommentBody(body: string): { body: string; truncated: boolean } {
  if (body.length <= MAX_COMMENT_CHARS) return { body, truncated: false };
  const note = `\n\n**The report is ${body.length.toLocaleString('en-US')} characters, over GitHub's ${MAX_COMMENT_CHARS.toLocaleString('en-US')}-character comment limit: it was cut here. The whole report is in the job summary and the run's reports.**\n`;
  const room = MAX_COMMENT_CHARS - note.length;
  const cut = body.lastIndexOf('\n', room);
  // Never split a UTF-16 surrogate pair when the text has no line end to cut at.
  let end = cut > MARKDOWN_MARKER.length ? cut : room;
  if (/[\uD800-\uDBFF]/.test(body.charAt(end - 1))) end -= 1;
  return { body: body.slice(0, end) + note, truncated: true };
}

async function readBounded(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new GitHubError(0, `the response is larger than ${MAX_RESPONSE_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
  user?: { type?: string };
}

function isComment(value: unknown): value is IssueComment {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number';
}

class GitHubClient {
  constructor(private readonly request: StickyCommentRequest) {}

  async call(method: 'GET' | 'POST' | 'PATCH', path: string, payload?: unknown): Promise<unknown> {
    const base = this.request.apiUrl.replace(/\/+$/, '');
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          Accept: 'application/vnd.github+json',
          Authorization: `Bearer ${this.request.token}`,
          'X-GitHub-Api-Version': '2022-11-28',
          'User-Agent': 'cf-sso-guard',
          ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : 'the request failed';
      throw new GitHubError(0, `${method} ${path}: ${reason}`);
    }
    const text = await readBounded(response);
    if (!response.ok) {
      let message = '';
      try {
        const parsed = JSON.parse(text) as { message?: unknown };
        if (typeof parsed.message === 'string') message = parsed.message;
      } catch {
        // Not GitHub's JSON error envelope: the status says enough.
      }
      throw new GitHubError(response.status, `${method} ${path}: HTTP ${response.status}${message ? ` (${message.slice(0, 200)})` : ''}`);
    }
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new GitHubError(response.status, `${method} ${path}: the response is not JSON`);
    }
  }
}

/**
 * The comments that start with the marker (ours, from earlier runs), bots' first: the job's token
 * comments as github-actions[bot], and a person's comment quoting the marker is not ours to edit.
 */
async function findSticky(client: GitHubClient, issuePath: string): Promise<IssueComment[]> {
  const found: IssueComment[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const list = await client.call('GET', `${issuePath}/comments?per_page=100&page=${page}`);
    if (!Array.isArray(list)) throw new GitHubError(200, `GET ${issuePath}/comments: not a list of comments`);
    found.push(...list.filter(isComment).filter((comment) => typeof comment.body === 'string' && comment.body.startsWith(MARKDOWN_MARKER)));
    if (list.length < 100) break;
  }
  const byBot = (comment: IssueComment) => (comment.user?.type === 'Bot' ? 0 : 1);
  return found.sort((a, b) => byBot(a) - byBot(b));
}

/** Creates or updates the one comment; never throws for what GitHub answers. */
export async function upsertStickyComment(request: StickyCommentRequest): Promise<StickyCommentOutcome> {
  // What the API answers goes to the job's log: one line, and never the token (a hostile or broken API may echo it).
  const loggable = (text: string): string => cleanText(redact(text, request.token));
  const urlOf = (comment: unknown): string | undefined => (isComment(comment) && typeof comment.html_url === 'string' ? loggable(comment.html_url) : undefined);
  const { body, truncated } = fitCommentBody(request.body);
  const client = new GitHubClient(request);
  const repo = `/repos/${request.repository.split('/').map(encodeURIComponent).join('/')}`;
  const issuePath = `${repo}/issues/${request.pullRequest}`;
  try {
    // At most a few tries: someone else's comment that starts with the marker cannot be edited (403).
    for (const existing of (await findSticky(client, issuePath)).slice(0, 3)) {
      try {
        const updated = await client.call('PATCH', `${repo}/issues/comments/${existing.id}`, { body });
        return { kind: 'updated', id: existing.id, url: urlOf(updated), truncated };
      } catch (error) {
        if (!(error instanceof GitHubError) || (error.status !== 403 && error.status !== 404)) throw error;
      }
    }
    const created = await client.call('POST', `${issuePath}/comments`, { body });
    if (!isComment(created)) throw new GitHubError(201, `POST ${issuePath}/comments: no comment in the response`);
    return { kind: 'created', id: created.id, url: urlOf(created), truncated };
  } catch (error) {
    const message = loggable(error instanceof Error ? error.message : String(error));
    if (error instanceof GitHubError && (error.status === 403 || error.status === 404)) return { kind: 'not-permitted', message };
    return { kind: 'failed', message };
  }
}
