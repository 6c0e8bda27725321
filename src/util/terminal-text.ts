/**
 * Text from a repository (file names, model answers, checker output) shown on a terminal: a
 * control character, or a bidi override that reorders what is seen, is shown as an escape
 * (`\x1b`), never sent as itself. JSON output does not need this: JSON.stringify escapes them.
 */

// C0 controls (TAB and LF aside in free text), DEL, C1 controls, bidi embeddings, overrides and
// isolates; in a name also `"` and `\`, which quoting escapes.
function isUnsafe(code: number, inName: boolean): boolean {
  if (code === 0x09 || code === 0x0a) return inName;
  if (code === 0x22 || code === 0x5c) return inName;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

function escapeUnsafe(text: string, inName: boolean): string {
  let out = '';
  for (const char of text) out += isUnsafe(char.charCodeAt(0), inName) ? escapeChar(char) : char;
  return out;
}

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
  return escapeUnsafe(text, false);
}

/**
 * A file name for a terminal, as git quotes one: as it is when plain, else in double quotes with
 * `\t`, `\n`, `\"`, `\\` and `\xHH` escapes, so every name reads back to exactly one file.
 */
export function quoteName(name: string): string {
  const escaped = escapeUnsafe(name, true);
  return escaped === name ? name : `"${escaped}"`;
}

/** "NAME:rest" with the name quoted when it starts the text, the rest escaped (locations). */
export function quoteNameIn(text: string, name: string): string {
  return text.startsWith(name)
    ? `${quoteName(name)}${escapeControls(text.slice(name.length))}`
    : escapeControls(text);
}
