// The unit project's global setup: the ajv standalone validators that src/ imports
// (src/**/*.generated.js) are build output, not committed; write them from the schemas in-process.
// The e2e project's setup gets them from the build (scripts/build.mjs).
export default async function setup(): Promise<void> {
  const { writeValidators } = await import('../../scripts/gen-validators.mjs');
  writeValidators();
}
