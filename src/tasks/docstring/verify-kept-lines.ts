import type { CodeSymbol, LanguageId } from '../../analysis/types.js';
import { locateParamSections } from './param-entries.js';
import { findRemovableLines } from './param-removal.js';
import { readRawDoc } from './raw-doc.js';
import { keepsDocumentedName, listParamsToDocument } from './stale.js';

/** The patch as verify.ts knows it: the whole file before and after, without BOM. */
interface KeptLinesPatch {
  path: string;
  before: string;
  after: string;
  target: string;
}

/**
 * Principle 2, no one's words are lost (`before`: the file's symbols before the patch): when the target had a doc, each of its lines is still
 * there after the patch, in order and byte for byte, except the entries of parameters the code no
 * longer has (and the section they leave empty). Why not, or undefined when every line is kept.
 */
export function findLostDocLines(
  patch: KeptLinesPatch,
  before: readonly CodeSymbol[],
  language: LanguageId,
): string | undefined {
  const after = patch.after.split('\n');
  for (const symbol of before) {
    if (symbol.qualifiedName !== patch.target || !symbol.docRange || !symbol.doc?.trim()) continue;
    const { first, lines } = listKeptLines(patch.before, symbol, language);
    const lost = findMissing(lines, after, first);
    if (lost !== undefined) {
      const shown = lost.text.replace(/\r$/, '').trim();
      const where = `line ${first + lost.index + 1}`;
      return `the patch would remove ${where} of the doc of ${symbol.qualifiedName}: ${JSON.stringify(shown)}`;
    }
  }
  return undefined;
}

/** The doc's whole lines that must stay, and the 0-based line where the doc starts. */
function listKeptLines(
  text: string,
  symbol: CodeSymbol,
  language: LanguageId,
): { first: number; lines: Array<{ text: string; index: number }> } {
  const range = symbol.docRange as NonNullable<CodeSymbol['docRange']>;
  const read = readRawDoc(text, range, language);
  const start = text.lastIndexOf('\n', range.startIndex - 1) + 1;
  const first = text.slice(0, start).split('\n').length - 1;
  if (!read.ok) {
    const newline = text.indexOf('\n', range.endIndex);
    const raw = text.slice(start, newline === -1 ? text.length : newline).split('\n');
    return { first, lines: raw.map((line, index) => ({ text: line, index })) };
  }
  const { doc } = read;
  const params = listParamsToDocument(symbol, language);
  const sections = locateParamSections(doc.views, language);
  const keeps = (name: string) => keepsDocumentedName(name, params);
  const removable = findRemovableLines(doc.views, sections, keeps, doc.markerLines);
  const lines = doc.raw.map((line, index) => ({ text: line, index }));
  return { first, lines: lines.filter((line) => !removable.has(line.index)) };
}

// The first of `lines` that is not found, in order, among `after` from line `from` on.
function findMissing(
  lines: ReadonlyArray<{ text: string; index: number }>,
  after: readonly string[],
  from: number,
): { text: string; index: number } | undefined {
  let at = from;
  for (const line of lines) {
    while (at < after.length && after[at] !== line.text) at++;
    if (at >= after.length) return line;
    at++;
  }
  return undefined;
}
