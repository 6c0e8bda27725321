/**
 * Where a JSON text goes wrong, as a line and column a person can find in an editor: Node 20's
 * JSON.parse names no position. A small scanner of RFC 8259 JSON, pure.
 */

/** The offset of the first character that makes `text` invalid JSON; undefined when it is valid. */
export function findJsonErrorOffset(text: string): number | undefined {
  const scanner = { text, at: 0 };
  try {
    skipSpace(scanner);
    scanValue(scanner);
    skipSpace(scanner);
    return scanner.at < text.length ? scanner.at : undefined;
  } catch (error) {
    // Anything else (a stack overflow on absurd nesting): the place is not known.
    return error instanceof JsonStop ? Math.min(error.offset, text.length) : undefined;
  }
}

/** 1-based line and column of an offset. Pure. */
export function locateOffset(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** "not valid JSON at line 3, column 8", or "not valid JSON" when the place is unknown. Pure. */
export function describeJsonError(text: string): string {
  const offset = findJsonErrorOffset(text.replace(/^\uFEFF/, ''));
  if (offset === undefined) return 'not valid JSON';
  const { line, column } = locateOffset(text, offset);
  return offset >= text.length
    ? `not valid JSON: it ends too early (line ${line})`
    : `not valid JSON at line ${line}, column ${column}`;
}

class JsonStop extends Error {
  constructor(readonly offset: number) {
    super(`invalid JSON at ${offset}`);
  }
}

interface Scanner {
  text: string;
  at: number;
}

function skipSpace(s: Scanner): void {
  while (s.at < s.text.length && ' \t\n\r'.includes(s.text[s.at] as string)) s.at++;
}

function expect(s: Scanner, char: string): void {
  if (s.text[s.at] !== char) throw new JsonStop(s.at);
  s.at++;
}

function scanValue(s: Scanner): void {
  const char = s.text[s.at];
  if (char === '{') scanList(s, '}', () => scanMember(s));
  else if (char === '[') scanList(s, ']', () => scanValue(s));
  else if (char === '"') scanString(s);
  else scanLiteral(s);
}

function scanMember(s: Scanner): void {
  scanString(s);
  skipSpace(s);
  expect(s, ':');
  skipSpace(s);
  scanValue(s);
}

/** true, false, null or a number. */
function scanLiteral(s: Scanner): void {
  const word = ['true', 'false', 'null'].find((w) => s.text.startsWith(w, s.at));
  const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.text.slice(s.at, s.at + 400));
  const length = word?.length ?? number?.[0].length;
  if (!length) throw new JsonStop(s.at);
  s.at += length;
}

/** `{ item, item }` or `[ item, item ]`, with `item` scanning one member. */
function scanList(s: Scanner, close: string, item: () => void): void {
  s.at++;
  skipSpace(s);
  if (s.text[s.at] === close) {
    s.at++;
    return;
  }
  for (;;) {
    item();
    skipSpace(s);
    if (s.text[s.at] === close) {
      s.at++;
      return;
    }
    expect(s, ',');
    skipSpace(s);
  }
}

function scanString(s: Scanner): void {
  expect(s, '"');
  while (s.at < s.text.length) {
    const char = s.text[s.at] as string;
    if (char === '"') {
      s.at++;
      return;
    }
    if (char < ' ') throw new JsonStop(s.at);
    if (char === '\\') {
      const escaped = s.text[s.at + 1] ?? '';
      if (escaped === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(s.text.slice(s.at + 2, s.at + 6))) throw new JsonStop(s.at);
        s.at += 6;
        continue;
      }
      if (!'"\\/bfnrt'.includes(escaped) || escaped === '') throw new JsonStop(s.at);
      s.at += 2;
      continue;
    }
    s.at++;
  }
  throw new JsonStop(s.at);
}
