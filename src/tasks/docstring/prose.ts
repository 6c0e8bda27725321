import { findScript, measureProse, measureRepetition, type ProseFacts } from './prose-measure.js';
import { KNOWN_WORDS } from './prose-words.js';

/**
 * Does a doc read as prose? A model with broken weights, a wrong chat template or a bad sampler
 * answers with subword soup: tokens of a dozen languages glued together, scripts mixed inside a
 * word, the same phrase over and over, runs of symbols. A doc, even a terse one full of names, is
 * written in one language with a few scripts at most and uses that language's common words.
 * Docs are judged on their words only: `code spans`, links, tags, parameter names and section
 * heads are taken out first. A doc under 10 words is not judged by its vocabulary, only by
 * what no real doc holds (words mixing alphabets, long runs without a space), so a terse
 * one-liner passes. The thresholds were measured on 10,434 real docs (none refused) and the
 * tiny random model's answers (all refused): see test/unit/docstring/prose.test.ts.
 */

/** Below this many words a doc is too short to judge by its vocabulary. */
const MIN_WORDS_TO_JUDGE = 10;
/** The share of words one language's list must know (see judgeVocabulary). */
const MIN_KNOWN_SHARE = 0.2;
const MAX_RUN_WITHOUT_SPACE = 60;
/** Shares of letters and symbols are measured on 40 characters or more. */
const MIN_VISIBLE_TO_MEASURE = 40;
const MIN_LETTER_SHARE = 0.5;
/** Loops: real docs repeat a quarter of their 5-word phrases at most (parameter lists). */
const MAX_REPEATED_SHARE = 0.5;

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
