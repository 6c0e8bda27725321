/**
 * Reads one JSON value the way a model tends to write it: `//` and block comments, trailing or
 * missing commas, single-quoted or “smart-quoted” strings, raw newlines in strings, unquoted keys
 * and words, and an answer cut off part way (open strings, arrays and objects are closed; the
 * array item being written when the answer ended is dropped and listed in `cut`).
 */

export interface LenientRead {
  value: unknown;
  /** The index just past the value (or the end of the text when it was cut off). */
  end: number;
  /** false when the text ended (or a closing ``` fence came) before the value closed. */
  complete: boolean;
  /** Array items dropped because the text ended inside them, with the array they were in. */
  cut: Array<{ parent: unknown[]; item: unknown }>;
}

interface Read {
  value: unknown;
  complete: boolean;
}

const MAX_DEPTH = 64;
const FAILED = Symbol('failed');
const QUOTES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '“': '”"', '‘': "’'" };
const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  '`': '`',
};
const BARE = /[\w$.+-]+/y;
const KEY = /[A-Za-z_$][\w$-]*/y;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const WORDS: Readonly<Record<string, unknown>> = {
  true: true,
  false: false,
  null: null,
  True: true,
  False: false,
  None: null,
};

/** The value starting at `start` (a `{` or `[`), or undefined when it cannot be read. */
export function readLenientJson(text: string, start: number): LenientRead | undefined {
  const cut: LenientRead['cut'] = [];
  let pos = start;

  const fail = (): never => {
    throw FAILED;
  };

  // Moves past whitespace and comments; false at the end of the text or a closing fence.
  const skipSpace = (): boolean => {
    for (;;) {
      const c = text[pos];
      if (c === undefined) return false;
      if (/\s/.test(c)) pos++;
      else if (text.startsWith('//', pos)) pos = findOr(text.indexOf('\n', pos), text.length);
      else if (text.startsWith('/*', pos))
        pos = findOr(text.indexOf('*/', pos + 2), text.length, 2);
      else return !text.startsWith('```', pos);
    }
  };

  const readValue = (depth: number): Read => {
    if (depth > MAX_DEPTH) fail();
    if (!skipSpace()) return { value: undefined, complete: false };
    const c = text[pos] as string;
    if (c === '{') return readObject(depth);
    if (c === '[') return readArray(depth);
    if (c in QUOTES) return readString();
    return readWord();
  };

  const readObject = (depth: number): Read => {
    pos++;
    // No prototype, so a `__proto__` key is just a key.
    const out: Record<string, unknown> = Object.create(null);
    for (;;) {
      if (!skipSpace()) return { value: out, complete: false };
      const c = text[pos] as string;
      if (c === '}') {
        pos++;
        return { value: out, complete: true };
      }
      if (c === ',') {
        pos++;
        continue;
      }
      const key = c in QUOTES ? readString() : readPattern(KEY);
      if (!key.complete || !skipSpace()) return { value: out, complete: false };
      if (text[pos] !== ':') fail();
      pos++;
      const item = readValue(depth + 1);
      if (item.value !== undefined) out[String(key.value)] = item.value;
      if (!item.complete) return { value: out, complete: false };
    }
  };

  const readArray = (depth: number): Read => {
    pos++;
    const out: unknown[] = [];
    for (;;) {
      if (!skipSpace()) return { value: out, complete: false };
      const c = text[pos];
      if (c === ']') {
        pos++;
        return { value: out, complete: true };
      }
      if (c === ',') {
        pos++;
        continue;
      }
      const item = readValue(depth + 1);
      if (!item.complete) {
        if (item.value !== undefined) cut.push({ parent: out, item: item.value });
        return { value: out, complete: false };
      }
      out.push(item.value);
    }
  };

  const readString = (): Read => {
    const closers = QUOTES[text[pos++] as string] as string;
    let out = '';
    while (pos < text.length) {
      const c = text[pos++] as string;
      if (closers.includes(c)) return { value: out, complete: true };
      if (c !== '\\') {
        out += c;
        continue;
      }
      const escaped = text[pos++];
      if (escaped === undefined) break;
      const hex = text.slice(pos, pos + 4);
      if (escaped === 'u' && /^[0-9a-f]{4}$/i.test(hex)) {
        out += String.fromCharCode(Number.parseInt(hex, 16));
        pos += 4;
      } else out += ESCAPES[escaped] ?? `\\${escaped}`;
    }
    return { value: out, complete: false };
  };

  // A number, true/false/null (Python's spellings too), or a bare word read as a string.
  const readWord = (): Read => {
    const word = readPattern(BARE);
    const raw = String(word.value);
    const value = NUMBER.test(raw) ? Number(raw) : Object.hasOwn(WORDS, raw) ? WORDS[raw] : raw;
    return { value, complete: word.complete };
  };

  const readPattern = (pattern: RegExp): Read => {
    pattern.lastIndex = pos;
    const match = pattern.exec(text);
    if (!match) return fail();
    pos += match[0].length;
    return { value: match[0], complete: pos < text.length };
  };

  try {
    const read = readValue(0);
    return { value: read.value, end: pos, complete: read.complete, cut };
  } catch (error) {
    if (error === FAILED) return undefined;
    throw error;
  }
}

function findOr(index: number, fallback: number, skip = 0): number {
  return index < 0 ? fallback : index + skip;
}
