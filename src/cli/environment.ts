// What the process environment says about output: colour, TTY, CI.
export interface Terminal {
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** The terminal's width when stdout is one: text is wrapped to it (never in pipes or files). */
  stdoutColumns?: number;
}

export function currentTerminal(): Terminal {
  const stdoutIsTTY = process.stdout.isTTY === true;
  const columns = stdoutIsTTY ? process.stdout.columns : undefined;
  return { stdoutIsTTY, stderrIsTTY: process.stderr.isTTY === true, env: process.env, ...(columns ? { stdoutColumns: columns } : {}) };
}

/** Render options for a text report on stdout: colour as the terminal allows, wrapped to its width on a TTY. */
export function stdoutTextStyle(terminal: Terminal): { color: boolean; width?: number } {
  return { color: colorEnabled(terminal, 'stdout'), ...(terminal.stdoutIsTTY && terminal.stdoutColumns ? { width: terminal.stdoutColumns } : {}) };
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off; FORCE_COLOR turns it on. */
export function colorEnabled(terminal: Terminal, stream: 'stdout' | 'stderr'): boolean {
  const { env } = terminal;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return stream === 'stdout' ? terminal.stdoutIsTTY : terminal.stderrIsTTY;
}

export function inGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** Every environment variable the CLI reads (top-level --help; README "Environment"). Keep in step with both. */
export const ENVIRONMENT_HELP = `Environment:
  CLOUDFLARE_API_TOKEN   API token with the "SSO Connector Read" permission (needed for live reads)
  CLOUDFLARE_BASE_URL    API base URL (default https://api.cloudflare.com/client/v4; the emulator sets it)
  CF_SSO_GUARD_CONFIG    desired-state file when -c is not given (default ./sso-connectors.yaml or .yml)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY (or lower case; not npm's npm_config_*proxy, which are npm's own)
                         proxy for API requests (CONNECT tunnel); hosts in NO_PROXY are reached directly
  NODE_EXTRA_CA_CERTS    PEM file of extra CAs to trust (a TLS-inspecting proxy or private CA)
  NO_COLOR               any value: no colour; FORCE_COLOR=1: colour even when not a terminal; TERM=dumb: none
  GITHUB_ACTIONS         "true": annotations on stdout by themselves (--no-annotations turns them off)
  GITHUB_STEP_SUMMARY    file the markdown job summary is appended to in GitHub Actions (--no-step-summary)
  CF_SSO_GUARD_DEBUG     any value: stack traces for unexpected errors (never the token)
  DEBUG                  https-proxy-agent's own trace on stderr (DEBUG=https-proxy-agent,agent-base): proxy host and
                         port, never credentials or the token`;
