// The desired-state file: YAML with source positions, JSON Schema validation, normalisation.
export { parseDesiredState } from './parse';
export { loadDesiredStateFile } from './load';
export { DesiredStateError, isDesiredStateError, renderIssue } from './errors';
export type { DesiredStateErrorCode, DesiredStateIssue } from './errors';
export { formatDesiredStateError } from './format';
export type { FormatOptions } from './format';
export { DESIRED_STATE_SCHEMA } from './schema';
export { normaliseEmailDomain } from './domain';
export { MAX_DESIRED_STATE_BYTES } from './source';
