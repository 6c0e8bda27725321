import type { DocStyle } from './types.js';

/**
 * Line wrapping for docs: a line too long for its column budget breaks at spaces, never inside a
 * word, an inline `code span` or (JSDoc, Javadoc) a `{type}` or `{@link x}`, and never so that a
 * new line starts with something that would change its meaning (`@tag`, `-` bullet, `#` heading).
 */

/** Columns available for a doc line's text: the first line's may differ (Python's `"""`). */
export interface WrapBudget {
  first: number;
  rest: number;
}

interface Token {
  /** The spaces before the word on the original line; dropped where the line breaks. */
  gap: string;
  word: string;
}

/** Words a continuation line must not start with. */
const NO_LINE_START = /^(?:@\w|[-*+>]$|#{1,6}$|\d+[.)]$)/;

const BRACED_STYLES: ReadonlySet<DocStyle> = new Set(['jsdoc', 'tsdoc', 'javadoc']);

/** Width on screen: a tab counts 4 columns. */
export function measureColumns(text: string): number {
  let columns = 0;
  for (const char of text) columns += char === '\t' ? 4 : 1;
  return columns;
}

/** Wraps each line of a doc to its budget; blank lines and lines that fit stay as they are. */
export function wrapDocLines(
  lines: readonly string[],
  style: DocStyle,
  budget: WrapBudget,
): string[] {
  const wrapped: string[] = [];
  for (const line of lines) {
    const first = wrapped.length === 0 ? budget.first : budget.rest;
    wrapped.push(...wrapLine(line, style, first, budget.rest));
  }
  return wrapped;
}

function wrapLine(line: string, style: DocStyle, first: number, rest: number): string[] {
  if (measureColumns(line) <= first) return [line];
  const lead = /^[ \t]*/.exec(line)?.[0] ?? '';
  const hang = lead + ' '.repeat(measureHang(line, lead, style));
  const [head, ...tokens] = splitTokens(line.slice(lead.length), BRACED_STYLES.has(style));
  if (!head) return [line];
  const out: string[] = [];
  let current = lead + head.word;
  let limit = first;
  for (const token of tokens) {
    if (measureColumns(current + token.gap + token.word) <= limit) {
      current += token.gap + token.word;
    } else {
      out.push(current);
      current = hang + token.word;
      limit = rest;
    }
  }
  out.push(current);
  return out;
}

/**
 * The extra indentation of a wrapped line's continuations: under a tag's text (`@param x ...`:
 * 2), a bullet's text, or a Google or reST parameter's description (4); none for prose.
 */
function measureHang(line: string, lead: string, style: DocStyle): number {
  if (/^[ \t]*@\w/.test(line)) return 2;
  const bullet = /^[ \t]*(?:[-*+]|\d+[.)]) +/.exec(line);
  if (bullet) return bullet[0].length - lead.length;
  if (style === 'google' && /^[ \t]+\**[\w.]+(?: ?\([^)]*\))?:(?: |$)/.test(line)) return 4;
  if (style === 'rest' && /^[ \t]*:[^:]+:(?: |$)/.test(line)) return 4;
  return 0;
}

/**
 * The words of a line with the spaces before each; spaces inside backticks (and braces when
 * `braced`) do not separate, and a word that must not start a line sticks to the one before.
 */
function splitTokens(text: string, braced: boolean): Token[] {
  const tokens: Token[] = [];
  let gap = '';
  let word = '';
  let ticks = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === ' ' && ticks === 0 && depth === 0) {
      if (word !== '') {
        tokens.push({ gap, word });
        gap = '';
        word = '';
      }
      gap += char;
      continue;
    }
    if (char === '`') {
      const run = /^`+/.exec(text.slice(i))?.[0].length ?? 1;
      if (ticks === 0) ticks = run;
      else if (ticks === run) ticks = 0;
      word += '`'.repeat(run);
      i += run - 1;
      continue;
    }
    if (braced && ticks === 0 && char === '{') depth++;
    if (braced && ticks === 0 && char === '}' && depth > 0) depth--;
    word += char;
  }
  if (word !== '') tokens.push({ gap, word });
  return joinUnbreakable(tokens);
}

function joinUnbreakable(tokens: Token[]): Token[] {
  const joined: Token[] = [];
  for (const token of tokens) {
    const previous = joined.at(-1);
    if (previous && NO_LINE_START.test(token.word)) previous.word += token.gap + token.word;
    else joined.push({ ...token });
  }
  return joined;
}
