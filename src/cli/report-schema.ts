// Validates a JSON report document against schemas/report.schema.json (for `merge` inputs).
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import reportSchema from '../../schemas/report.schema.json';

let validate: ReturnType<Ajv['compile']> | undefined;

/** undefined when valid, else the first problem in plain words. */
export function validateReportDocument(doc: unknown): string | undefined {
  if (!validate) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    addFormats(ajv);
    validate = ajv.compile(reportSchema);
  }
  if (validate(doc)) return undefined;
  const error = validate.errors?.[0];
  return error ? `${error.instancePath || '(top level)'} ${error.message ?? 'is invalid'}` : 'invalid';
}
