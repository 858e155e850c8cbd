// dist/pr-comment.js: the Action's `comment` step. `node dist/pr-comment.js REPORT.md` keeps one
// pull-request comment with the markdown report up to date, from the runner's own environment:
// GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_EVENT_PATH (the pull request's number) and the job's
// token in CF_SSO_GUARD_GITHUB_TOKEN. It exits 0 whatever GitHub answers (the check step is the
// gate) and says in the log why there is no comment; only a call without a report file is exit 2.
import { readInputText } from '../fs/input';
import { MARKDOWN_MARKER } from '../report/markdown';
import { cleanText } from '../core/text';
import { upsertStickyComment } from './pr-comment';

const log = (line: string) => process.stdout.write(`cf-sso-guard: ${line}\n`);
/** A GitHub workflow command: shown as a warning on the run, never failing it. */
const warn = (line: string) => process.stdout.write(`::warning title=cf-sso-guard comment::${line}\n`);

/** The pull request this run is for, from the event payload; undefined on push, schedule, dispatch. */
function pullRequestNumber(eventPath: string | undefined): number | undefined {
  if (!eventPath) return undefined;
  const event = JSON.parse(readInputText(eventPath, 'githubEvent')) as { pull_request?: { number?: unknown } };
  const number = event.pull_request?.number;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node pr-comment.js REPORT.md\n');
    return 2;
  }
  const env = process.env;
  let pullRequest: number | undefined;
  try {
    pullRequest = pullRequestNumber(env.GITHUB_EVENT_PATH);
  } catch {
    warn('the event payload ($GITHUB_EVENT_PATH) could not be read: no pull-request comment.');
    return 0;
  }
  if (pullRequest === undefined) {
    log(`no pull request in this ${env.GITHUB_EVENT_NAME ? `${cleanText(env.GITHUB_EVENT_NAME)} ` : ''}run: no comment.`);
    return 0;
  }
  let body: string;
  try {
    body = readInputText(file, 'markdownReport');
  } catch {
    log(`the check wrote no markdown report (it stopped before reporting): no comment on pull request #${pullRequest}.`);
    return 0;
  }
  if (!body.startsWith(MARKDOWN_MARKER)) {
    warn(`${cleanText(file)} does not start with ${MARKDOWN_MARKER}: not a cf-sso-guard markdown report, no comment.`);
    return 0;
  }
  const token = env.CF_SSO_GUARD_GITHUB_TOKEN?.trim();
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (!token || !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    warn('no GitHub token or repository in this run: no pull-request comment.');
    return 0;
  }
  const outcome = await upsertStickyComment({ apiUrl: env.GITHUB_API_URL || 'https://api.github.com', token, repository, pullRequest, body });
  switch (outcome.kind) {
    case 'created':
    case 'updated':
      log(`${outcome.kind} the report comment on pull request #${pullRequest}${outcome.url ? `: ${cleanText(outcome.url)}` : ''}.`);
      if (outcome.truncated) warn("the markdown report is over GitHub's comment limit: the comment shows its beginning.");
      return 0;
    case 'not-permitted':
      warn(
        `no comment on pull request #${pullRequest}: the job's token may not write to it (${outcome.message}). ` +
          'A pull request from a fork gets a read-only token; on your own repository, give the job `permissions: pull-requests: write`. ' +
          'The report is in the job summary.',
      );
      return 0;
    case 'failed':
      warn(`no comment on pull request #${pullRequest}: ${outcome.message}. The report is in the job summary.`);
      return 0;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    warn(`no pull-request comment: ${cleanText(error instanceof Error ? error.message : String(error))}`);
    process.exit(0);
  },
);
