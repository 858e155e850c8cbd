// The validation formatters, by name.
import type { ValidationFormatName, ValidationFormatter } from './formatter';
import { validationGithubFormatter } from './github';
import { validationJsonFormatter } from './json';
import { validationSarifFormatter } from './sarif';
import { validationTextFormatter } from './text';

export type { ValidationFormatName, ValidationFormatter, ValidationResult } from './formatter';
export { VALIDATION_FORMAT_NAMES } from './formatter';

export const VALIDATION_FORMATTERS: Record<ValidationFormatName, ValidationFormatter> = {
  text: validationTextFormatter,
  json: validationJsonFormatter,
  sarif: validationSarifFormatter,
  github: validationGithubFormatter,
};
