// What a report records about how it was made: the command line and URLs with secrets cut out.
import { URL_CREDENTIALS, redact } from '../core/redact';

/** The arguments after the program name, each with the API token and URL credentials redacted. */
export function redactedCommandLine(argv: readonly string[], token: string | undefined): string[] {
  return argv.map((arg) => redact(arg, token).replace(URL_CREDENTIALS, '$1[REDACTED]@'));
}
