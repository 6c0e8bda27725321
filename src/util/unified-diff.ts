/**
 * A git-style unified diff of one file, as `git apply` takes it. The changed lines are found as
 * one block between the common leading and trailing lines: minimal for a patch that edits one
 * span (a doc), and correct (if not minimal) for any pair of texts.
 */

const NO_NEWLINE = '\\ No newline at end of file\n';

/** The C escapes git writes in a quoted path; other special bytes become octal. */
const C_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
  34: '\\"',
  92: '\\\\',
};

/**
 * The diff turning `before` into `after` (whole files, BOM and `\r` kept as line content), with
 * `context` unchanged lines around the change (at least one); empty when they are equal. `path`
 * is repo-relative with `/` separators.
 */
export function buildUnifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const old = splitLines(before);
  const next = splitLines(after);
  const prefix = countCommonPrefix(old, next);
  const suffix = countCommonSuffix(old, next, prefix);
  // `git apply` takes a hunk without context after it for one that ends the file (and one
  // without context before it for one that starts it): a middle hunk needs a line of each.
  const lines = Math.max(1, context);
  const start = Math.max(0, prefix - lines);
  const leading = old.slice(start, prefix);
  const trailing = old.slice(old.length - suffix, old.length - suffix + Math.min(lines, suffix));
  const removed = old.slice(prefix, old.length - suffix);
  const added = next.slice(prefix, next.length - suffix);
  const oldCount = leading.length + removed.length + trailing.length;
  const newCount = leading.length + added.length + trailing.length;
  const header = `@@ -${formatRange(start, oldCount)} +${formatRange(start, newCount)} @@\n`;
  const body = [
    ...leading.map((line) => formatLine(' ', line)),
    ...removed.map((line) => formatLine('-', line)),
    ...added.map((line) => formatLine('+', line)),
    ...trailing.map((line) => formatLine(' ', line)),
  ];
  return buildHeaders(path) + header + body.join('');
}

/** `diff --git`, `---` and `+++` lines as git writes them, quoting a path that needs it. */
function buildHeaders(path: string): string {
  const a = quotePath(`a/${path}`);
  const b = quotePath(`b/${path}`);
  // Git ends a `---`/`+++` name holding a space with a tab, quoted or not.
  const tab = path.includes(' ') ? '\t' : '';
  return `diff --git ${a} ${b}\n--- ${a}${tab}\n+++ ${b}${tab}\n`;
}

/** The lines of a text, each with its `\n` (the last may lack one); none for an empty text. */
function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

function formatLine(marker: string, line: string): string {
  return line.endsWith('\n') ? marker + line : `${marker}${line}\n${NO_NEWLINE}`;
}

/** `l,c` after `start` lines before the hunk; git numbers an empty side by the line before it. */
function formatRange(start: number, count: number): string {
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/**
 * Git's `quote_c_style` with `core.quotePath` on: a path with a control character, `"`, `\` or
 * a non-ASCII byte goes in double quotes, those bytes escaped (UTF-8 bytes as octal).
 */
function quotePath(name: string): string {
  const bytes = Buffer.from(name, 'utf8');
  if (!bytes.some(needsQuote)) return name;
  let quoted = '"';
  for (const byte of bytes) {
    if (!needsQuote(byte)) quoted += String.fromCharCode(byte);
    else quoted += C_ESCAPES[byte] ?? `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${quoted}"`;
}

function needsQuote(byte: number): boolean {
  return byte < 0x20 || byte === 0x22 || byte === 0x5c || byte >= 0x7f;
}

/** How many lines two texts share at their start. */
export function countCommonPrefix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** How many lines two texts share at their end, not counting the shared `prefix`. */
export function countCommonSuffix(
  a: readonly string[],
  b: readonly string[],
  prefix: number,
): number {
  let n = 0;
  while (
    n < a.length - prefix &&
    n < b.length - prefix &&
    a[a.length - 1 - n] === b[b.length - 1 - n]
  ) {
    n++;
  }
  return n;
}
