// The one sanitiser for strings that came from outside (the desired-state file, the API, a snapshot
// or report from disk) on their way to a terminal, a CI log or a rendered document. Every output
// path calls it — formatters, stderr messages, progress — before any line is split or composed.
//
// - Control characters (C0, DEL, C1), bidi controls (U+061C, U+200E/F, U+202A–U+202E,
//   U+2066–U+2069) and line/paragraph separators (U+2028/9) are shown escaped (`\u001b`), so they
//   cannot move the cursor, clear a screen, set a title, reorder text or start a new line.
// - A lone UTF-16 surrogate (the API's JSON may carry `\ud800`) is shown escaped too: it is no
//   character, cannot be written as UTF-8, and makes encodeURI throw.
// - Newlines and tabs are escaped too: a string from outside is one line, so it can never start a
//   line of the output (a GitHub workflow command like `::error::` only works at a line start). A value
//   that an output puts at a line's start (after indentation) has a leading `::` escaped, and the legacy
//   `##[command]`, which the runner reads anywhere in a line, has its first `#` escaped.

/** A UTF-16 surrogate without its other half. */
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const LONE_SURROGATES = new RegExp(LONE_SURROGATE, 'g');
/** Characters that never pass raw. */
const UNSAFE = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]|${LONE_SURROGATE}`, 'g');

function escapeChar(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * GitHub's runner reads a `::command::` at the start of a line after any leading whitespace (a value an output
 * puts after its indentation), and the legacy `##[command]` anywhere in a line.
 */
const WORKFLOW_COMMAND = /^(\s*):(?=:)|#(?=#\[)/g;

/**
 * One line of inert text: every unsafe character shown as a visible `\uXXXX` escape, and no workflow command
 * (a leading `::` or any `##[` has its first character escaped).
 */
export function cleanText(value: string): string {
  return value.replace(UNSAFE, escapeChar).replace(WORKFLOW_COMMAND, (_match: string, space: string | undefined) => (space === undefined ? '\\u0023' : `${space}\\u003a`));
}

/**
 * Each lone surrogate shown as its `\uXXXX` escape, nothing else changed: a well-formed string for
 * encodeURI/encodeURIComponent (they throw "URI malformed" on a lone surrogate) and for uuid names.
 */
export function escapeLoneSurrogates(value: string): string {
  return value.replace(LONE_SURROGATES, escapeChar);
}

/**
 * For JSON text: JSON.stringify escapes C0 but passes DEL, C1, bidi controls and U+2028/9 raw. This
 * escapes them as JSON `\uXXXX` escapes, and the first `#` of `##[`: the same data, but nothing raw reaches a
 * terminal or CI log that prints it.
 */
export function escapeJsonText(json: string): string {
  // `#` occurs in JSON text only inside strings, so `##[` (the runner's legacy command, read anywhere in a line) becomes `\u0023#[`.
  return json.replace(/[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|#(?=#\[)/g, escapeChar);
}

/** An empty HTML comment: invisible when rendered, but it splits the text node GitHub's reference filters scan. */
const SPLIT = '<!-- -->';

/**
 * Markdown rendered on GitHub, after its own escaping: nothing in a string from outside may become a
 * reference, a link or math. GitHub finds `@name`, `#123`, `GH-7`, `owner/repo#9` and bare URLs in the
 * text of the rendered document, so an empty HTML comment after `@`, `#`, `GH-`, `:` before `//` and
 * `www` splits each pattern across two text nodes (it still reads the same); a `$` sits alone in a
 * `<span>`, as GitHub's documentation says to keep a dollar sign out of math.
 */
export function neutraliseGitHubReferences(value: string): string {
  return value
    .replace(/[@#]/g, (ch) => `${ch}${SPLIT}`)
    .replace(/\b(GH-)(?=\d)/gi, `$1${SPLIT}`)
    .replace(/:(?=\/\/)/g, `:${SPLIT}`)
    .replace(/\b(www)(?=\.)/gi, `$1${SPLIT}`)
    .replace(/\$/g, '<span>$</span>');
}

/** A string as one POSIX shell word, for a command to copy: as is when plainly safe, else single-quoted. */
export function shellWord(value: string): string {
  return /^[\w./@%+=:,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
