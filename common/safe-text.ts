/**
 * Text from data (brands, models, column names, batch ids, keys, error sentences) made safe for
 * a terminal or a log: a character that a terminal obeys instead of showing, or that reorders
 * what is shown, becomes a visible escape. `ESC]0;title BEL` would retitle the window and
 * `ESC[31m` recolour it; U+202E would show `exe.txt` for `txt.exe`.
 */

// C0 controls, DEL and C1 controls (U+009B is a one-byte CSI on many terminals), then the bidi
// marks, embeddings, overrides and isolates (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same without U+0000-U+001F, which JSON.stringify already writes as escapes.
const NOT_JSON_ESCAPED = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return SHORT[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/**
 * `text` with every control character (C0, DEL, C1) and bidi control shown as a visible escape
 * (`\x1b`, `\n`, `\u202e`), so that printing it can neither drive the terminal nor reorder the
 * line. Everything else, accents included, is kept; applying it twice changes nothing more.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * The output of `JSON.stringify` with DEL, the C1 controls and the bidi controls written as
 * `\uXXXX` escapes too (JSON.stringify escapes only U+0000-U+001F). The JSON still parses to
 * the very same values: only their spelling changes. Those characters can occur only inside
 * strings, so escaping them never touches the JSON's structure.
 */
export function jsonSafe(json: string): string {
  return json.replace(NOT_JSON_ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A `JSON.stringify` replacer for logs: every string value passes through `printable`, except
 * that U+0000-U+001F are left to JSON.stringify, which escapes them itself (a stack trace keeps
 * its `\n` instead of becoming `\\n`).
 */
export function printableJsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replace(NOT_JSON_ESCAPED, visible) : value;
}
