import type { LanguageId, SourceRange } from '../../analysis/types.js';
import type { Checked } from '../../util/checked.js';
import { findLineStart } from './text-lines.js';

/**
 * A doc as it stands in the file: its whole lines byte for byte, and for each the text a reader
 * sees (quotes, `/**`, `*\/`, ` * ` and `///` gone, indentation kept), so that an edit can
 * change some lines and leave every other one exactly as the person wrote it.
 */
export interface RawDoc {
  /** Where the doc's first line starts in the text. */
  start: number;
  /** Where its last line ends (before the line break). */
  end: number;
  /** Its lines as in the file, split at `\n` (a CRLF's `\r` stays on its line). */
  raw: string[];
  /** Per line: what a reader sees, without `\r`. */
  views: string[];
  /** Per line: the prefix a new line beside it would take (` * `, `/// `; none in Python). */
  gutters: string[];
  /** Lines holding an opening or closing marker (`"""`, `/**`, `*\/`): never edited. */
  markerLines: ReadonlySet<number>;
  /** Python's quotes; `*\/` in a block comment. */
  kind: 'python' | 'block' | 'line';
}

/** The raw lines of the doc at `range`, or why hearth cannot edit them line by line. */
export function readRawDoc(
  text: string,
  range: Pick<SourceRange, 'startIndex' | 'endIndex'>,
  language: LanguageId,
): Checked<{ doc: RawDoc }> {
  const start = findLineStart(text, range.startIndex);
  const newline = text.indexOf('\n', range.endIndex);
  const end = newline === -1 ? text.length : newline;
  const raw = text.slice(start, end).split('\n');
  const literal = text.slice(range.startIndex, range.endIndex);
  const open = range.startIndex - start;
  const close = range.endIndex - (end - (raw.at(-1) ?? '').length);
  const last = raw.length - 1;
  const cut = (line: string, i: number, from: number, to: number) =>
    line.slice(i === 0 ? from : 0, i === last ? to : undefined).replace(/\r$/, '');
  if (language === 'python') {
    const quote = /^[rRuU]?("""|''')/.exec(literal);
    if (!quote?.[1] || !literal.endsWith(quote[1]) || literal.length < quote[0].length + 3)
      return refuse('the docstring is not a triple-quoted string');
    const views = raw.map((line, i) => cut(line, i, open + quote[0].length, close - 3));
    return done({ start, end, raw, views, gutters: raw.map(() => ''), kind: 'python' }, last);
  }
  if (literal.startsWith('/**') && literal.endsWith('*/')) {
    const cuts = raw.map((line, i) => cut(line, i, open + 3, close - 2));
    const gutters = cuts.map((line, i) =>
      i === 0 ? '' : (GUTTER.exec(line)?.[0] ?? /^[ \t]*/.exec(line)?.[0] ?? ''),
    );
    const views = cuts.map((line, i) => line.slice(gutters[i]?.length ?? 0));
    gutters[0] = blockGutter(gutters);
    return done({ start, end, raw, views, gutters, kind: 'block' }, last);
  }
  if (raw.every((line) => LINE_DOC.test(line))) {
    const gutters = raw.map((line) => /^[ \t]*\/\/\/ ?/.exec(line)?.[0] ?? '');
    const views = raw.map((line, i) => line.slice(gutters[i]?.length).replace(/\r$/, ''));
    return {
      ok: true,
      doc: { start, end, raw, views, gutters, markerLines: new Set(), kind: 'line' },
    };
  }
  return refuse('the doc is neither a docstring, a /** */ comment nor /// lines');
}

const GUTTER = /^[ \t]*\*(?!\/)[ \t]?/;
const LINE_DOC = /^[ \t]*\/\/\/(?!\/)/;

// The opening line has no gutter of its own: a line beside it takes the others'.
function blockGutter(gutters: readonly string[]): string {
  return gutters.find((gutter) => gutter.includes('*')) ?? ' * ';
}

function done(doc: Omit<RawDoc, 'markerLines'>, last: number): Checked<{ doc: RawDoc }> {
  return { ok: true, doc: { ...doc, markerLines: new Set([0, last]) } };
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
