import type { LanguageId } from '../../analysis/types.js';
import { type DocStyle, STYLES_BY_LANGUAGE } from './types.js';

/**
 * Which doc convention a repository already uses, read from its existing docs, and the words that
 * tell a model how to write in it.
 */

type Evidence = ReadonlyArray<[DocStyle, readonly RegExp[]]>;

// JSDoc puts types in braces (`@param {T} name`); TSDoc leaves them to the signature.
const SCRIPT_EVIDENCE: Evidence = [
  ['jsdoc', [/@param[ \t]+\{/, /@returns?[ \t]+\{/]],
  ['tsdoc', [/@param[ \t]+[\w$[]/]],
];

/** A style counts a doc as evidence when any of its patterns matches it. */
const EVIDENCE: Partial<Record<LanguageId, Evidence>> = {
  python: [
    ['google', [/^[ \t]*(?:Args|Arguments|Returns|Raises|Yields):[ \t]*$/m]],
    [
      'numpy',
      [/^[ \t]*(?:Parameters|Other Parameters|Returns|Yields|Raises)[ \t]*\n[ \t]*-{3,}[ \t]*$/m],
    ],
    [
      'rest',
      [/^[ \t]*:(?:param|parameter|arg|argument|type|returns?|rtype|raises?|yields?)\b[^:\n]*:/m],
    ],
  ],
  typescript: SCRIPT_EVIDENCE,
  javascript: SCRIPT_EVIDENCE,
};

/**
 * The style to write for `language`: a valid forced style, else the one most of `docs` use; no
 * evidence or a tie gives Google for Python and the language's default elsewhere. A doc counts
 * for the first style (in table order) that it matches, so a JSDoc `@param {T} x` is not tsdoc.
 */
export function detectDocStyle(
  language: LanguageId,
  docs: readonly string[],
  forced?: DocStyle | 'auto',
): DocStyle {
  const allowed = STYLES_BY_LANGUAGE[language];
  if (forced && forced !== 'auto' && allowed.includes(forced)) return forced;
  const fallback = allowed[0] ?? 'google';
  const table = EVIDENCE[language];
  if (!table) return fallback;
  const counts = new Map<DocStyle, number>();
  for (const doc of docs) {
    const match = table.find(([, patterns]) => patterns.some((pattern) => pattern.test(doc)));
    if (match) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  }
  return pickMostCommon(counts) ?? fallback;
}

// The single style with the highest count; undefined when nothing counted or the top is shared.
function pickMostCommon(counts: ReadonlyMap<DocStyle, number>): DocStyle | undefined {
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || (second && second[1] === first[1])) return undefined;
  return first[0];
}

// Short on purpose: each prompt carries one, and a local model reads every token of it.
const DESCRIPTIONS: Readonly<Record<DocStyle, string>> = {
  google:
    'Google style: a one-line summary, a blank line, then only the sections that apply, entries indented four spaces:\nArgs:\n    name: Meaning.\nReturns:\n    What comes back.\nRaises:\n    ValueError: When.',
  numpy:
    'NumPy style: a one-line summary, a blank line, then the sections that apply, underlined:\nParameters\n----------\nname : type\n    Meaning.\nReturns\n-------\ntype\n    What comes back.',
  rest: 'reStructuredText (Sphinx): a one-line summary, a blank line, then the fields that apply:\n:param name: Meaning.\n:returns: What comes back.\n:raises ValueError: When.',
  jsdoc:
    'JSDoc with types in braces: a summary sentence, then tags:\n@param {string} name - Meaning.\n@returns {number} What comes back.',
  tsdoc:
    'TSDoc: a summary sentence, then tags, no types in braces (the signature has them):\n@param name - Meaning.\n@returns What comes back.',
  godoc: "Go doc comment: full sentences, the first starting with the symbol's name.",
  rustdoc:
    'Rust doc in Markdown: a one-line summary, then only the sections that apply (# Arguments, # Errors, # Panics).',
  javadoc:
    'Javadoc: a summary sentence, then the tags that apply:\n@param name meaning\n@return what comes back\n@throws IOException when',
};

/** Instructions for the model: the style's shape, a tiny template, and the plain-text rule. */
export function describeStyle(style: DocStyle): string {
  return `${DESCRIPTIONS[style]}
Plain text: no comment markers (""", /**, *, ///, //), no code fences, no code examples.`;
}
