// The CLI's commands import the error class from here; it lives in src/core/errors.ts so the emulator and the
// engine can throw it without importing from cli/.
export { UsageError } from '../core/errors';
