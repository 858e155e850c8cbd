// Maps a request's method and path to an API route. Paths are accepted with and without
// the `/client/v4` prefix, so both `http://host:port/client/v4` and `http://host:port`
// work as the SDK's baseURL (the SDK appends `/accounts/...` to whatever baseURL it has).
import type { RouteName } from './types';

export const API_PREFIX = '/client/v4';

export type RouteMatch =
  | { kind: 'route'; route: RouteName; accountId: string; connectorId?: string; path: string }
  | { kind: 'method_not_allowed'; accountId: string; path: string }
  | { kind: 'no_route'; path: string };

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function matchRoute(method: string, pathname: string): RouteMatch {
  let path = pathname;
  if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) path = path.slice(API_PREFIX.length);
  const segments = path.split('/').filter((segment) => segment !== '').map(decodeSegment);
  const display = `/${segments.join('/')}`;
  if (segments[0] !== 'accounts' || segments.length < 3 || segments[2] !== 'sso_connectors' || segments.length > 5) {
    return { kind: 'no_route', path: display };
  }
  const accountId = segments[1] as string;
  const connectorId = segments[3];
  const routes: Partial<Record<string, RouteName>> =
    segments.length === 3
      ? { GET: 'list', POST: 'create' }
      : segments.length === 4
        ? { GET: 'get', PATCH: 'update', DELETE: 'delete' }
        : segments[4] === 'begin_verification'
          ? { POST: 'begin_verification' }
          : {};
  if (segments.length === 5 && segments[4] !== 'begin_verification') return { kind: 'no_route', path: display };
  const route = routes[method];
  if (!route) return { kind: 'method_not_allowed', accountId, path: display };
  return connectorId === undefined
    ? { kind: 'route', route, accountId, path: display }
    : { kind: 'route', route, accountId, connectorId, path: display };
}
