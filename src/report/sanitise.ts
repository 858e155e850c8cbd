// The one sanitiser for strings that came from outside (the desired-state file, the API, a snapshot
// or report from disk) on their way to a terminal, a CI log or a rendered document. Every output
// path calls it — formatters, stderr messages, progress — before any line is split or composed.
//
// - Control characters (C0, DEL, C1), bidi controls (U+061C, U+200E/F, U+202A–U+202E,
//   U+2066–U+2069) and line/paragraph separators (U+2028/9) are shown escaped (`\u001b`), so they
//   cannot move the cursor, clear a screen, set a title, reorder text or start a new line.
// - Newlines and tabs are escaped too: a string from outside is one line, so it can never start a
//   line of the output (a GitHub workflow command like `::error::` only works at a line start).

/** Characters that never pass raw. */
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One line of inert text: every unsafe character shown as a visible `\uXXXX` escape. */
export function cleanText(value: string): string {
  return value.replace(UNSAFE, escapeChar);
}

/**
 * For JSON text: JSON.stringify escapes C0 but passes DEL, C1, bidi controls and U+2028/9 raw. This
 * escapes them as JSON `\uXXXX` escapes: the same data, but nothing raw reaches a terminal that prints it.
 */
export function escapeJsonText(json: string): string {
  return json.replace(/[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, escapeChar);
}

/**
 * Markdown rendered on GitHub: an `@name` pings that person or team from a PR comment, so the `@` is
 * separated from the name by an empty HTML comment (still reads as `@name`, mentions nobody).
 */
export function neutraliseMentions(value: string): string {
  return value.replace(/@/g, '@<!-- -->');
}
