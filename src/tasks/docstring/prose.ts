import { KNOWN_WORDS } from './prose-words.js';

/**
 * Does a doc read as prose? A model with broken weights, a wrong chat template or a bad sampler
 * answers with subword soup: tokens of a dozen languages glued together, scripts mixed inside a
 * word, the same phrase over and over, runs of symbols. A doc, even a terse one full of names, is
 * written in one language with a few scripts at most and uses that language's common words.
 * Docs are judged on their words only: `code spans`, links, tags, parameter names and section
 * heads are taken out first. Short docs (under 8 words) are judged only on what never occurs in
 * a real doc (mixed-script words, symbol runs), so a terse one-liner always passes.
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

/** Below this many words a doc is too short to judge by its vocabulary. */
const MIN_WORDS_TO_JUDGE = 10;
/** The share of words one language's list must know (see judgeVocabulary). */
const MIN_KNOWN_SHARE = 0.2;
/**
 * A loop, not a doc: most of its 5-word phrases were already said. Real docs repeat phrases in
 * parameter lists (`A numeric value equal to the hours value.`), a quarter of them at most.
 */
const PHRASE_WORDS = 5;
const MIN_WORDS_FOR_LOOP = 30;
const MAX_REPEATED_SHARE = 0.5;
const MAX_RUN_WITHOUT_SPACE = 60;
/** Shares of letters and symbols are measured on 40 characters or more. */
const MIN_VISIBLE_TO_MEASURE = 40;
const MIN_LETTER_SHARE = 0.5;

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

/** The reason `doc` does not read as prose, or undefined when it does. */
export function findNotProse(doc: string): string | undefined {
  const facts = measureProse(stripDocStructure(doc));
  if (facts.longestRun.length > MAX_RUN_WITHOUT_SPACE) {
    return `not prose: a run of ${facts.longestRun.length} characters without a space (${facts.longestRun.slice(0, 20)}...)`;
  }
  if (facts.visible >= MIN_VISIBLE_TO_MEASURE && facts.symbols / facts.visible > 0.2) {
    return `not prose: ${Math.round((100 * facts.symbols) / facts.visible)}% of its characters are symbols`;
  }
  if (facts.visible >= MIN_VISIBLE_TO_MEASURE && facts.letters / facts.visible < MIN_LETTER_SHARE) {
    return `not prose: only ${Math.round((100 * facts.letters) / facts.visible)}% of its characters are letters`;
  }
  if (facts.hexTokens >= 8 && facts.hexTokens / facts.tokens >= 0.6) {
    return `not prose: a hex dump (${facts.hexTokens} of ${facts.tokens} words are hex numbers)`;
  }
  if (facts.mixedWords.length >= 2) {
    return `not prose: words mix alphabets (${facts.mixedWords.slice(0, 3).join(', ')})`;
  }
  const scripts = [...facts.scripts].filter(([, letters]) => letters >= 3).map(([name]) => name);
  if (scripts.length >= 3)
    return `not prose: it mixes ${scripts.length} scripts (${scripts.join(', ')})`;
  const repeated = measureRepetition(facts.words);
  if (repeated.share > MAX_REPEATED_SHARE) {
    return `not prose: it repeats itself ("${repeated.phrase}" ${repeated.times} times)`;
  }
  return judgeVocabulary(facts);
}

/**
 * Too few words that one language's list knows, when there are words enough to judge. Measured
 * on docs of 10 words or more: 10,434 real ones (the JSDoc of typescript's lib files, commander
 * and winston; Python 3.11's standard library) know 20% of their words at the very least, most
 * far more; the random model's Latin words, 12% at most.
 */
function judgeVocabulary(facts: ProseFacts): string | undefined {
  const counted = countVocabulary(facts);
  if (!counted || counted.known / counted.total >= MIN_KNOWN_SHARE) return undefined;
  return `not prose: few recognisable words (${counted.known} of ${counted.total})`;
}

/** Words one language's list knows (the best language), of the words judged; none when too few. */
export function countVocabulary(facts: ProseFacts): { known: number; total: number } | undefined {
  const judged = facts.words.filter((word) => !isIdentifier(word) && findScript(word) !== 'CJK');
  if (judged.length < MIN_WORDS_TO_JUDGE) return undefined;
  const main = [...facts.scripts].sort((a, b) => b[1] - a[1])[0]?.[0];
  // Only Latin and Cyrillic docs have lists; a doc in another script is not refused for it.
  if (main !== 'Latin' && main !== 'Cyrillic') return undefined;
  const lower = judged.map((word) => word.toLowerCase());
  const known = Math.max(...KNOWN_WORDS.map(([, words]) => countKnown(lower, words)));
  return { known, total: lower.length };
}

function countKnown(words: readonly string[], known: ReadonlySet<string>): number {
  return words.filter((word) => variantsOf(word).some((variant) => known.has(variant))).length;
}

/** A word and its stem without an English ending: `returns`, `parsed`, `loading` are known. */
function variantsOf(word: string): string[] {
  const stems = [word];
  for (const ending of ['s', 'es', 'ed', 'd', 'ing', 'ly', "'s", '’s']) {
    if (word.length > ending.length + 2 && word.endsWith(ending))
      stems.push(word.slice(0, -ending.length));
  }
  if (word.endsWith('ing')) stems.push(`${word.slice(0, -3)}e`);
  if (word.endsWith('ies')) stems.push(`${word.slice(0, -3)}y`);
  return stems;
}

/** camelCase, snake_case or with digits: a name, not a word of the language. */
function isIdentifier(word: string): boolean {
  return /\p{Ll}\p{Lu}|_|\d/u.test(word);
}

/**
 * The doc without what is not its prose: code spans, links, URLs, tags with their names and
 * types, Google, NumPy and reST parameter heads, section underlines, bullets and headings.
 */
export function stripDocStructure(doc: string): string {
  return doc
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\{@\w+[^{}]*\}/g, ' ')
    .replace(/\b(?:https?|file):\/\/\S+/g, ' ')
    .split('\n')
    .map(stripLineStructure)
    .join('\n');
}

function stripLineStructure(line: string): string {
  return (
    line
      // JSDoc/Javadoc tags: `@param {T} name - text`, `@returns {T} text`.
      .replace(
        /^\s*@\w+(?:\s+\{(?:[^{}]|\{[^{}]*\})*\})?(?:\s+\[?[\w$.]+(?:=[^\]]*)?\]?(?=\s+-\s|\s*$))?/,
        ' ',
      )
      .replace(
        /^\s*@(?:param|arg|argument|prop|property|typeParam|template|throws|exception)\s+[\w$.]+/,
        ' ',
      )
      .replace(/^\s*@\w+/, ' ')
      // Google `name (type):`, reST `:param int b:`, NumPy `name : type`.
      .replace(/^\s*\*{0,2}[\w.]+(?:\s*\([^)]*\))?:(?=\s|$)/, ' ')
      .replace(/^\s*:[^:\n]+:/, ' ')
      .replace(/^\s*[\w.*, ]+ : .*$/, ' ')
      .replace(/^\s*[-=~^]{3,}\s*$/, ' ')
      .replace(/^\s*(?:[-*+]|\d+[.)]|#{1,6})\s+/, ' ')
  );
}

const WORD = /[\p{L}\p{M}\d_]+(?:['’][\p{L}\p{M}]+)*/gu;
// Punctuation a doc uses; anything else that is not a letter, digit or space (♂, ©, box drawing,
// emoji) counts as a symbol. ASCII punctuation runs are caught by the share of letters instead.
const COMMON_PUNCTUATION =
  /[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e’“”‘–—…。、，．：；！？「」（）《》·×→←≤≥±°]/u;

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

function findScript(char: string): string | undefined {
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
