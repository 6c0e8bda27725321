import type { CodeSymbol } from '../../analysis/types.js';
import type { Checked } from '../../util/checked.js';
import type { DocText } from './types.js';

/**
 * Size limits on a doc, checked on what will land in the file: the lines the patch adds (the doc
 * wrapped to the width, with its markers), and the doc against the code it documents.
 */

export interface DocSizeInput {
  /** The verified patch's unified diff. */
  diff: string;
  /** The doc as sanitised (no markers, not wrapped). */
  doc: DocText;
  symbol: Pick<CodeSymbol, 'startIndex' | 'endIndex' | 'startLine' | 'endLine' | 'params'> & {
    docRange?: Pick<CodeSymbol, 'startIndex' | 'endIndex'>;
  };
  maxLines: number;
  width: number;
}

/**
 * The doc may take up to 600 characters whatever the code (a summary and a paragraph of about
 * four lines), 200 more per parameter (a Google `Args:` entry or a `@param` line with room to
 * spare) and two per character of the symbol's code. A one-line function with 4 parameters may
 * thus have about 1,500 characters (Google style with Args and Returns needs about 700); a
 * 3-line function of 90 characters with one parameter, 980: not the thousands a loop produces.
 */
const DOC_BASE_CHARS = 600;
const DOC_CHARS_PER_PARAM = 200;
const DOC_CHARS_PER_CODE_CHAR = 2;

export function checkDocSize(input: DocSizeInput): Checked<object> {
  const added = findAddedLines(input.diff);
  if (added.length > input.maxLines) {
    return refuse(
      `too long: ${added.length} lines as written into the file (limit ${input.maxLines})`,
    );
  }
  // A full doc of maxLines lines at the width; more means lines that wrapping could not break.
  const maxChars = input.maxLines * input.width;
  const chars = added.reduce((sum, line) => sum + line.length, 0);
  if (chars > maxChars) {
    return refuse(`too long: ${chars} characters as written into the file (limit ${maxChars})`);
  }
  return checkDocAgainstCode(input.doc, input.symbol);
}

/** A doc far longer than the code it documents is refused, whatever the line limit says. */
export function checkDocAgainstCode(doc: DocText, symbol: DocSizeInput['symbol']): Checked<object> {
  const code = measureCode(symbol);
  const limit =
    DOC_BASE_CHARS + DOC_CHARS_PER_PARAM * symbol.params.length + DOC_CHARS_PER_CODE_CHAR * code;
  if (doc.length <= limit) return { ok: true };
  const lines = symbol.endLine - symbol.startLine + 1;
  return refuse(
    `the doc (${doc.length} characters) is far longer than the ${lines}-line code it documents ` +
      `(limit ${limit}: ${DOC_BASE_CHARS}, ${DOC_CHARS_PER_PARAM} per parameter and ` +
      `${DOC_CHARS_PER_CODE_CHAR} per character of code)`,
  );
}

/** Characters of the symbol's code, its own docstring (Python's is inside) left out. */
function measureCode(symbol: DocSizeInput['symbol']): number {
  const whole = symbol.endIndex - symbol.startIndex;
  const doc = symbol.docRange;
  const inside = doc && doc.startIndex >= symbol.startIndex && doc.endIndex <= symbol.endIndex;
  return inside ? whole - (doc.endIndex - doc.startIndex) : whole;
}

/**
 * The lines a unified diff adds, without their `+` and line ending: the doc as rendered, plus
 * any code line the insertion split (`def f(): return x` becomes two lines around the doc).
 */
export function findAddedLines(diff: string): string[] {
  const lines = diff.split('\n');
  const hunk = lines.findIndex((line) => line.startsWith('@@'));
  return lines
    .slice(hunk < 0 ? lines.length : hunk + 1)
    .filter((line) => line.startsWith('+'))
    .map((line) => line.slice(1).replace(/\r$/, ''));
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
