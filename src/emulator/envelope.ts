// The Cloudflare v4 response envelope and the error bodies the emulator serves.

export interface ApiError {
  code: number;
  message: string;
}

export interface ResultInfo {
  page: number;
  per_page: number;
  count: number;
  total_count: number;
  total_pages: number;
}

export interface Envelope {
  success: boolean;
  errors: ApiError[];
  messages: ApiError[];
  result?: unknown;
  result_info?: ResultInfo;
}

export function successEnvelope(result: unknown, resultInfo?: ResultInfo): Envelope {
  const envelope: Envelope = { success: true, errors: [], messages: [], result };
  if (resultInfo) envelope.result_info = resultInfo;
  return envelope;
}

export function errorEnvelope(code: number, message: string): Envelope {
  return { success: false, errors: [{ code, message }], messages: [], result: null };
}

// Codes as Cloudflare uses them where known; the 5xx codes are the emulator's own choice.
export const AUTH_ERROR = { code: 10000, message: 'Authentication error' } as const;
export const RATE_LIMITED = {
  code: 971,
  message: 'Please wait and consider throttling your request speed',
} as const;
export const NO_ROUTE = { code: 7000, message: 'No route for that URI' } as const;
export const METHOD_NOT_ALLOWED = { code: 7001, message: 'Method not allowed for api_token authentication' } as const;

export function couldNotRoute(path: string): ApiError {
  return { code: 7003, message: `Could not route to ${path}, perhaps your object identifier is invalid?` };
}

export const SERVER_ERRORS: Record<500 | 502 | 503, ApiError> = {
  500: { code: 10001, message: 'Internal server error' },
  502: { code: 10002, message: 'Bad gateway' },
  503: { code: 10003, message: 'Service temporarily unavailable' },
};

export const PROXY_ERROR_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>502 Bad gateway</title></head>
<body>
<h1>Error 502</h1>
<p>Bad gateway. The web server reported a bad gateway error.</p>
<p>Ray ID: 0000000000000000 &bull; Performance &amp; security by the emulated proxy</p>
</body>
</html>
`;
