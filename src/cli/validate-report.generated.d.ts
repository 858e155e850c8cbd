// Hand-written and committed: the type of the validator that scripts/gen-validators.mjs generates
// beside it from the JSON Schema at build and test time (the .js is not committed).
import type { ErrorObject } from 'ajv';

export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

declare const validate: GeneratedValidator;
export default validate;
