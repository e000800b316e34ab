/**
 * Printing text that strangers wrote. Keys, values and file names come from the repository being linted;
 * printed raw, an escape sequence drives the terminal, and a newline inside a message starts a line of
 * the CI log, where `::error …` is a GitHub Actions workflow command and `##vso[…]` an Azure Pipelines one.
 */

/**
 * C0 controls, DEL, C1 controls (U+009B is CSI to many terminals), the line and paragraph separators, and
 * the bidirectional controls that reorder what a reader sees.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every control character written as a visible escape (`\n`, `\x1b`, `\u202e`). */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/**
 * A file path for the start of an output line: escaped, and never starting with a CI log command
 * (`::`, `##`), which a file in the linted repository could be named.
 */
export function displayPath(file: string): string {
  const escaped = escapeControls(file);
  return /^(::|##)/.test(escaped) ? `./${escaped}` : escaped;
}

/**
 * JSON for output: `JSON.stringify` leaves C1 controls, separators and bidi controls raw, valid JSON but
 * live in a terminal; this writes them as `\u` escapes, which every JSON reader decodes back.
 */
export function safeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )}\n`;
}
