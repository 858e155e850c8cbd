// The one error class for "the tool was called or configured wrongly": printed plainly (no stack), exit 2.
// Callers branch on `code`, never on the message text (messages are for people and may be reworded).

export type UsageCode =
  /** A flag, value or argument the command does not accept. */
  | 'usage'
  /** A command or flag that does not exist (the message may carry a did-you-mean). */
  | 'unknown_command'
  | 'unknown_option'
  /** The desired-state file is not there. */
  | 'file_not_found'
  /** The desired-state file is there but not valid (already formatted as file:line:column lines). */
  | 'invalid_desired_state'
  /** An input file other than the desired state (snapshot, shard report) cannot be used. */
  | 'bad_input_file'
  /** Several input files cannot be used: one line per file, each sanitised where it was made. */
  | 'bad_input_files'
  /** A report or output file cannot be written. */
  | 'output_path'
  /** No API token in the environment. */
  | 'missing_token'
  /** The HTTP(S) proxy from the environment is malformed. */
  | 'proxy';

export class UsageError extends Error {
  readonly code: UsageCode;
  /**
   * The message as lines, for a message of several: each line is cleaned on its own when printed, so a
   * line break inside a value from outside still shows as \u000a, while the message's own breaks stay.
   */
  readonly lines: readonly string[];

  constructor(message: string | readonly string[], code: UsageCode = 'usage') {
    const lines = typeof message === 'string' ? [message] : message;
    super(lines.join('\n'));
    this.name = 'UsageError';
    this.code = code;
    this.lines = lines;
  }
}
