// The one loader of JSON reports read from disk (`merge` and `history`): a regular file of bounded size, JSON
// with no key twice, valid against schemas/report.schema.json (the validator generated at build time, not
// compiled per run), and decided again: a report from disk may say anything, so its status, verdicts,
// reasons, counts and gate are re-derived from its own accounts and findings (decide), never trusted.
import { decide, type UndecidedReport } from '../engine';
import { duplicateKeyProblem } from '../cloudflare/envelope';
import { sha256Hex } from '../core/digest';
import { shellWord } from '../core/text';
import { InputFileError, readInput } from '../fs/input';
import type { Report } from '../core/types';
import validate from './validate-report.generated';

/** undefined when valid, else the first problem in plain words. */
export function validateReportDocument(doc: unknown): string | undefined {
  if (validate(doc)) return undefined;
  const error = validate.errors?.[0];
  return error ? `${error.instancePath || '(top level)'} ${error.message ?? 'is invalid'}` : 'invalid';
}

/** The report with its decided fields derived again and its bytes' SHA-256, or why the file is not a usable report (one line, without the path). */
export type LoadedReport =
  | { ok: true; report: Report; sha256: string }
  /** `unreadable`: the file itself could not be read (missing, not a regular file, too big), so nothing about its content is known. */
  | { ok: false; problem: string; unreadable?: true };

export function loadReportFile(path: string): LoadedReport {
  let bytes: Buffer;
  try {
    // A regular file only (a FIFO would block), bounded by the one table of input kinds (src/fs/input.ts).
    bytes = readInput(path, 'report');
  } catch (error) {
    if (error instanceof InputFileError) return { ok: false, problem: error.reason, unreadable: true };
    throw error;
  }
  const text = bytes.toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON (${(error as Error).message}); expected a report of \`cf-sso-guard check --format json\`` };
  }
  const twice = duplicateKeyProblem(text);
  if (twice !== undefined) return { ok: false, problem: `not a usable cf-sso-guard JSON report: ${twice}` };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { ok: false, problem: 'not a cf-sso-guard JSON report (expected a JSON object)' };
  if ((doc as { kind?: unknown }).kind === 'cf-sso-guard-snapshot') {
    return { ok: false, problem: `a snapshot (\`cf-sso-guard snapshot\`), not a report; make a report of it with: cf-sso-guard check --snapshot ${shellWord(path)} --format json -o REPORT.json` };
  }
  const version = (doc as { schemaVersion?: unknown }).schemaVersion;
  if (version !== 2) {
    return {
      ok: false,
      problem:
        version === undefined
          ? 'not a cf-sso-guard JSON report (no schemaVersion)'
          : `a report of schemaVersion ${JSON.stringify(version)}; this version of cf-sso-guard reads schemaVersion 2`,
    };
  }
  const problem = validateReportDocument(doc);
  if (problem !== undefined) return { ok: false, problem: `not a valid cf-sso-guard JSON report: ${problem}` };
  return { ok: true, report: decide(doc as UndecidedReport), sha256: sha256Hex(bytes) };
}
