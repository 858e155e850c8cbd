// Defence in depth: whatever path a message took, the API token is cut out of it — whole or in
// part — and so are credentials in URLs.

/** Any run of this many characters of the token is a leak (a message cut in half must not keep half a token). */
export const REDACT_RUN = 8;
const MARK = '[REDACTED]';

/**
 * The token as the tool uses it everywhere: trimmed (a trailing newline from `$(cat token)` is not part
 * of it). Every request and every redaction uses this one value.
 */
export function normaliseToken(raw: string | undefined): string | undefined {
  const token = raw?.trim();
  return token === undefined || token === '' ? undefined : token;
}

/**
 * Removes the token and any run of REDACT_RUN or more of its characters (so a truncated or split token is
 * caught too), and the user:password part of any URL. A token shorter than the run is removed wherever it
 * occurs whole.
 */
export function redact(text: string, secret: string | undefined): string {
  const out = stripUrlCredentials(text);
  const token = normaliseToken(secret);
  if (token === undefined) return out;
  if (token.length <= REDACT_RUN) return out.split(token).join(MARK);
  const { grams, blocks } = piecesOf(token);
  // Every page of every read passes here: first the few blocks, and only if one occurs, every run.
  if (!blocks.some((block) => out.includes(block))) return out;
  // Mark every character covered by a run that occurs in the token (native indexOf per run: fast on
  // megabytes), then replace each covered stretch.
  let covered: Uint8Array | undefined;
  for (const gram of grams) {
    for (let at = out.indexOf(gram); at !== -1; at = out.indexOf(gram, at + 1)) {
      covered ??= new Uint8Array(out.length);
      covered.fill(1, at, at + REDACT_RUN);
    }
  }
  if (covered === undefined) return out;
  let result = '';
  for (let i = 0; i < out.length; ) {
    if (covered[i] === 1) {
      while (i < out.length && covered[i] === 1) i++;
      result += MARK;
    } else {
      const start = i;
      while (i < out.length && covered[i] !== 1) i++;
      result += out.slice(start, i);
    }
  }
  return result;
}

const BLOCK = Math.floor(REDACT_RUN / 2);
let pieces: { token: string; grams: Set<string>; blocks: string[] } | undefined;

/**
 * The token's runs of REDACT_RUN characters, and its blocks of half that length at multiples of it:
 * every run contains a whole block, so a text with none of the blocks holds none of the runs.
 * Kept for the last token (one per process in practice).
 */
function piecesOf(token: string): { grams: Set<string>; blocks: string[] } {
  if (pieces?.token !== token) {
    const grams = new Set<string>();
    for (let i = 0; i + REDACT_RUN <= token.length; i++) grams.add(token.slice(i, i + REDACT_RUN));
    const blocks: string[] = [];
    for (let i = 0; i + BLOCK <= token.length; i += BLOCK) blocks.push(token.slice(i, i + BLOCK));
    pieces = { token, grams, blocks };
  }
  return pieces;
}

/** `https://user:pass@host/x` -> `https://host/x`, anywhere in a text. */
export function stripUrlCredentials(text: string): string {
  // No scheme separator, no URL: the common case (a page of the list) skips the regular expression.
  if (!text.includes('://')) return text;
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, '$1');
}

/**
 * A URL fit for a report or a message: no user name or password, no query or fragment (where tokens
 * travel). Something that does not parse as a URL keeps only what is before any credentials or query.
 */
export function publicUrl(value: string): string {
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.href.replace(/\/$/, '') === value.replace(/\/$/, '') ? value : url.href;
  } catch {
    return value.replace(URL_CREDENTIALS, '$1[REDACTED]@').replace(/[?#].*$/, '');
  }
}

/** `scheme://user:password@` -> `scheme://[REDACTED]@` anywhere in a string. */
export const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi;
