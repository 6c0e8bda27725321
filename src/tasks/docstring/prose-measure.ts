/**
 * The measurements prose.ts judges a doc by: its words, the scripts of their letters, symbols,
 * runs without a space, hex numbers and repeated phrases. Pure.
 */

/** The scripts a letter may belong to; Han, kana and Hangul are one group (they mix in text). */
const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['CJK', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
];

/**
 * Repetition is measured on phrases of 5 words, in docs of 30 words or more. Real docs repeat
 * phrases in parameter lists (`A numeric value equal to the hours value.`); a loop repeats most.
 */
const PHRASE_WORDS = 5;
const MIN_WORDS_FOR_LOOP = 30;

export interface ProseFacts {
  /** Words of letters, lower-cased; CJK text counts in characters instead. */
  words: string[];
  /** Words that mix two alphabets (`Obтек`), never in a real doc. */
  mixedWords: string[];
  /** Letters per script. */
  scripts: Map<string, number>;
  /** Characters that are neither letters, digits, spaces nor common punctuation. */
  symbols: number;
  /** Characters that are not spaces, and of them letters. */
  visible: number;
  letters: number;
  /** Space-separated tokens, and of them hex numbers (`7f`, `0xdeadbeef`). */
  tokens: number;
  hexTokens: number;
  longestRun: string;
}

const WORD = /[\p{L}\p{M}\d_]+(?:['’][\p{L}\p{M}]+)*/gu;
// Punctuation a doc uses; anything else that is not a letter, digit or space (♂, ©, box drawing,
// emoji) counts as a symbol. ASCII punctuation runs are caught by the share of letters instead.
const COMMON_PUNCTUATION =
  /[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e’“”‘–—…。、，．：；！？「」（）《》·×→←≤≥±°]/u;

/** What findNotProse judges, measured on a doc with its structure already taken out. */
export function measureProse(text: string): ProseFacts {
  const words: string[] = [];
  const mixedWords: string[] = [];
  const scripts = new Map<string, number>();
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const alphabets = new Set<string>();
    for (const char of word) {
      const script = findScript(char);
      if (!script) continue;
      scripts.set(script, (scripts.get(script) ?? 0) + 1);
      if (script !== 'CJK') alphabets.add(script);
      else words.push(char);
    }
    if (alphabets.size >= 2) mixedWords.push(word);
    const rest = word.replace(
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu,
      ' ',
    );
    words.push(...rest.split(' ').filter((part) => /\p{L}/u.test(part)));
  }
  let symbols = 0;
  let visible = 0;
  let letters = 0;
  for (const char of text) {
    if (/\s/u.test(char)) continue;
    visible++;
    if (/[\p{L}\p{M}]/u.test(char)) letters++;
    else if (!/[\p{L}\p{M}\d]/u.test(char) && !COMMON_PUNCTUATION.test(char)) symbols++;
  }
  const runs = text.split(/\s+/).filter((run) => run !== '');
  const longestRun = runs.filter(isUnbroken).reduce((a, b) => (b.length > a.length ? b : a), '');
  const hexTokens = runs.filter(isHexNumber).length;
  return {
    words,
    mixedWords,
    scripts,
    symbols,
    visible,
    letters,
    tokens: runs.length,
    hexTokens,
    longestRun,
  };
}

/**
 * A run that no reader can take apart: not a path or dotted name (parts of 24 characters at most
 * between `/`, `.`, `-`, `_`, `:`), nor one character repeated (a `=====` rule).
 */
function isUnbroken(run: string): boolean {
  if (/^(.)\1*$/u.test(run)) return false;
  return run.split(/[/.\-_:=?&#]+/).some((part) => part.length > 24);
}

/** `7f`, `0x1F`, `deadbeef00`: a byte pair, a 0x number, or hex digits with letters and digits. */
function isHexNumber(run: string): boolean {
  const bare = run.replace(/[,:]$/, '');
  if (!/^(?:0x)?[\da-f]{2,}$/i.test(bare)) return false;
  return bare.length === 2 || /^0x/i.test(bare) || (/\d/.test(bare) && /[a-f]/i.test(bare));
}

export function findScript(char: string): string | undefined {
  return SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0];
}

/** The share of 5-word phrases said before, and the most repeated one. */
export function measureRepetition(words: readonly string[]): {
  share: number;
  phrase: string;
  times: number;
} {
  const counts = new Map<string, number>();
  let repeats = 0;
  let phrase = '';
  let times = 0;
  for (let i = 0; i + PHRASE_WORDS <= words.length; i++) {
    const key = words
      .slice(i, i + PHRASE_WORDS)
      .join(' ')
      .toLowerCase();
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count > 1) repeats++;
    if (count > times) [phrase, times] = [key, count];
  }
  const total = words.length - PHRASE_WORDS + 1;
  if (words.length < MIN_WORDS_FOR_LOOP || total <= 0) return { share: 0, phrase, times };
  return { share: repeats / total, phrase, times };
}
