// Corporate proxies: API requests honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and their lower-case forms) as
// read by `proxy-from-env`, and tunnel through the proxy with CONNECT by `https-proxy-agent` (both maintained,
// the pair npm itself uses). npm's own npm_config_*proxy settings are npm's: proxy-from-env reads them no more
// since its 2.0. The token travels inside the tunnel (TLS end to end for https://), never to the proxy in
// clear. NODE_EXTRA_CA_CERTS keeps working: the tunnelled TLS connection uses Node's default trust store,
// which that variable extends.
import type { Agent, ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/** Loaded only when a proxy applies: most runs have none, and the agent and its DEBUG tracer cost start-up. */
function loadProxyAgent(): typeof HttpsProxyAgent {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('https-proxy-agent') as typeof import('https-proxy-agent')).HttpsProxyAgent;
}

/** The socket to the proxy of each request whose CONNECT is not answered yet, to close if the request is given up. */
const unansweredTunnels = new WeakMap<ClientRequest, AbortController>();

/**
 * The agent, made so that a CONNECT the proxy never answers can be let go of: https-proxy-agent keeps
 * its socket to the proxy until the answer comes, even after the request was destroyed at its timeout
 * (a request without a socket yet emits nothing), and that socket alone kept the process alive. The
 * socket is made with a signal (https-proxy-agent reads `connectOpts` synchronously as `connect`
 * starts), aborted by ProxyRoute.abandon.
 */
function tunnelAgent(proxyUrl: string, headers: Record<string, string>): HttpsProxyAgent<string> {
  const Base = loadProxyAgent();
  class TunnelAgent extends Base<string> {
    override connect(request: ClientRequest, options: Parameters<HttpsProxyAgent<string>['connect']>[1]): Promise<Socket> {
      const unanswered = new AbortController();
      if (request.destroyed) unanswered.abort();
      unansweredTunnels.set(request, unanswered);
      request.once('proxyConnect', () => unansweredTunnels.delete(request));
      const shared = this.connectOpts;
      this.connectOpts = { ...shared, signal: unanswered.signal };
      try {
        return super.connect(request, options);
      } finally {
        this.connectOpts = shared;
      }
    }
  }
  return new TunnelAgent(proxyUrl, { headers });
}

export interface ProxyRoute {
  agent: Agent;
  /** The proxy's URL without credentials, for messages. */
  label: string;
  /** Make a failure on the way to or at the proxy name the proxy (connection errors, a refused CONNECT). */
  watch(request: ClientRequest): void;
  /** The error to report for a failed request: names the proxy. */
  explain(error: Error): Error;
  /** The request was given up (timeout, deadline): close its socket to the proxy if the CONNECT is still unanswered. */
  abandon(request: ClientRequest): void;
}

/** A proxy that refused to open the tunnel, or could not be reached. */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
}

/** scheme://host:port, never user:password. */
export function proxyLabel(proxyUrl: URL): string {
  return `${proxyUrl.protocol}//${proxyUrl.host}`;
}

const agents = new Map<string, HttpsProxyAgent<string>>();

/** The route for a request to `url`: undefined when no proxy applies (none set, or NO_PROXY covers the host). */
export function proxyFor(url: URL): ProxyRoute | undefined {
  const raw = getProxyForUrl(url.href);
  if (raw === '') return undefined;
  let proxyUrl: URL;
  try {
    // proxy-from-env adds the scheme when it is left out (e.g. HTTPS_PROXY=proxy.corp:3128).
    proxyUrl = new URL(raw);
  } catch {
    throw new ProxyError('the proxy from HTTPS_PROXY/HTTP_PROXY is not a valid URL');
  }
  const label = proxyLabel(proxyUrl);
  let agent = agents.get(raw);
  if (agent === undefined) {
    // The agent gets the URL without credentials (its DEBUG trace prints the URL it is given); they go
    // in the Proxy-Authorization header it sends only to the proxy, as it would build it itself.
    const headers: Record<string, string> = {};
    if (proxyUrl.username !== '' || proxyUrl.password !== '') {
      const credentials = `${decodeURIComponent(proxyUrl.username)}:${decodeURIComponent(proxyUrl.password)}`;
      headers['Proxy-Authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    const bare = new URL(proxyUrl.href);
    bare.username = '';
    bare.password = '';
    agent = tunnelAgent(bare.href, headers);
    agents.set(raw, agent);
  }
  return {
    agent,
    label,
    watch(request) {
      request.once('proxyConnect', (connect: { statusCode?: number; statusText?: string }) => {
        if (connect.statusCode !== 200) {
          request.destroy(new ProxyError(`proxy ${label} refused to connect to ${url.host}: HTTP ${connect.statusCode ?? '?'}${connect.statusText ? ` ${connect.statusText}` : ''}`));
        }
      });
    },
    abandon(request) {
      unansweredTunnels.get(request)?.abort();
    },
    explain(error) {
      if (error instanceof ProxyError) return error;
      const code = (error as NodeJS.ErrnoException).code;
      return new ProxyError(`through proxy ${label}: ${code ?? error.message}`);
    },
  };
}
