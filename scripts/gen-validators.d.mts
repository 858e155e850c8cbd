// Types of scripts/gen-validators.mjs for the TypeScript that imports it (test/support/generate-validators.ts).
export function writeValidators(outDir?: string): void;
export function linearErrors(code: string): string;
