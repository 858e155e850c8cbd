// The desired-state file: YAML with source positions, JSON Schema validation, normalisation.
export { parseDesiredState } from './parse';
export { loadDesiredStateFile } from './load';
export { DesiredStateError, problemLines, renderIssue } from './errors';
export { formatDesiredStateError } from './format';
export { DESIRED_STATE_SCHEMA } from './schema';
export { MAX_DESIRED_STATE_BYTES } from './source';
