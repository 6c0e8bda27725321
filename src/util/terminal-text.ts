/**
 * Text from a repository (file names, model answers, checker output) shown on a terminal: a
 * control character, or a bidi override that reorders what is seen, is shown as an escape
 * (`\x1b`), never sent as itself. JSON output does not need this: JSON.stringify escapes them.
 */

// C0 controls but TAB and LF, DEL, C1 controls, bidi embeddings, overrides and isolates.
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// In a name, TAB and LF are unsafe too, and a quote or backslash would make quoting ambiguous.
const NEEDS_QUOTES = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069"\\]/;
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069"\\]/g;

const NAMED: Readonly<Record<string, string>> = {
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '"': '\\"',
  '\\': '\\\\',
};

function escapeChar(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Free text for a terminal: line breaks and tabs kept, every other control shown escaped. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE_IN_TEXT, escapeChar);
}

/**
 * A file name for a terminal, as git quotes one: as it is when plain, else in double quotes with
 * `\t`, `\n`, `\"`, `\\` and `\xHH` escapes, so every name reads back to exactly one file.
 */
export function quoteName(name: string): string {
  if (!NEEDS_QUOTES.test(name)) return name;
  return `"${name.replace(UNSAFE_IN_NAME, escapeChar)}"`;
}

/** "NAME:rest" with the name quoted when it starts the text, the rest escaped (locations). */
export function quoteNameIn(text: string, name: string): string {
  return text.startsWith(name)
    ? `${quoteName(name)}${escapeControls(text.slice(name.length))}`
    : escapeControls(text);
}
