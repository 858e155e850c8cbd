// Validates a JSON report document against schemas/report.schema.json (`merge` and `history` inputs)
// with the validator generated at build time (scripts/gen-validators.mjs), not compiled per run.
import validate from './validate-report.generated';

/** undefined when valid, else the first problem in plain words. */
export function validateReportDocument(doc: unknown): string | undefined {
  if (validate(doc)) return undefined;
  const error = validate.errors?.[0];
  return error ? `${error.instancePath || '(top level)'} ${error.message ?? 'is invalid'}` : 'invalid';
}
