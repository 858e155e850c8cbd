/** A mistake in how the tool was called or configured: printed plainly (no stack), exit 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

export const EXIT = { compliant: 0, drift: 1, undecided: 2 } as const;
