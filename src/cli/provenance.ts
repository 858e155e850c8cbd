// What a report records about how it was made: the command line and URLs with secrets cut out.
import { redact } from '../cloudflare/redact';

/** `scheme://user:password@` -> `scheme://[REDACTED]@` anywhere in a string. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi;

/**
 * A URL fit for a report: no user name or password, no query or fragment (where tokens travel).
 * Something that does not parse as a URL keeps only what is before any credentials or query.
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

/** The arguments after the program name, each with the API token and URL credentials redacted. */
export function redactedCommandLine(argv: readonly string[], token: string | undefined): string[] {
  return argv.map((arg) => redact(arg, token).replace(URL_CREDENTIALS, '$1[REDACTED]@'));
}
