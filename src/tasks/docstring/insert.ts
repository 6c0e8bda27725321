import { GO_DIRECTIVE } from '../../analysis/languages/go-directive.js';
import type { CodeSymbol, LanguageId, SourceRange } from '../../analysis/types.js';
import type { Checked } from '../../util/checked.js';
import { isOwnLineDirective } from './directive-comments.js';
import { insertDocstring } from './insert-python.js';
import { renderDoc, splitDocLines } from './render.js';
import { detectEol, findLineEnd, findLineStart, isBlank, splice } from './text-lines.js';
import type { DocStyle, DocText } from './types.js';

/**
 * Puts a doc into a file's text where its language reads it: a comment on its own lines above the
 * symbol (TS/JS, Go, Rust, Java) or the first statement of a Python body; or in place of an empty
 * doc (`/** *\/`, `""""""`). A doc with words is never replaced: update-params.ts updates its
 * parameter entries. Only that span of the text changes.
 */

export interface InsertDocInput {
  /** The whole file without its BOM. */
  text: string;
  language: LanguageId;
  style: DocStyle;
  symbol: CodeSymbol;
  doc: DocText;
  /** Columns a doc line may take, indentation included; 80 if unset. */
  width?: number;
}

/** The new text of the file with the doc written for `symbol`, or why it cannot be. */
export function insertDoc(input: InsertDocInput): Checked<{ text: string }> {
  const { text, symbol } = input;
  if (splitDocLines(input.doc).length === 0) return refuse('the doc is empty');
  // Principle 2: a doc someone wrote is updated entry by entry (update-params.ts), never replaced.
  if (symbol.docRange && symbol.doc?.trim()) return refuse(`${symbol.qualifiedName} has a doc`);
  const ends = [symbol.startIndex, symbol.endIndex, symbol.docRange?.endIndex ?? 0];
  if (ends.some((index) => index > text.length)) {
    return refuse(`${symbol.qualifiedName} lies beyond the end of the text it was given with`);
  }
  const eol = detectEol(text);
  if (input.language === 'python') return insertDocstring(input, eol);
  return symbol.docRange ? replaceComment(input, symbol.docRange, eol) : addComment(input, eol);
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

function renderFor({ doc, language, style, width }: InsertDocInput, indent: string): string[] {
  return renderDoc(doc, { language, style, width, indent });
}

/**
 * The comment's lines go right above the line where the symbol (its first attribute) starts,
 * and above the directive comments there (`// @ts-expect-error`, `// eslint-disable-next-line`)
 * so that each still governs the line below it; in Go a `//` line apart, as gofmt lays them out.
 */
function addComment(input: InsertDocInput, eol: string): Checked<{ text: string }> {
  const { text, symbol } = input;
  const lineStart = findLineStart(text, symbol.startIndex);
  const indent = text.slice(lineStart, symbol.startIndex);
  if (!isBlank(indent)) {
    return refuse(
      `${symbol.qualifiedName} starts after other code on line ${symbol.startLine}; ` +
        'a doc comment needs a line of its own above it',
    );
  }
  const at = findDirectivesAbove(text, lineStart, input.language);
  const lines = renderFor(input, indent);
  if (at < lineStart && input.language === 'go') lines.push(`${indent}//`);
  return { ok: true, text: splice(text, at, at, lines.map((l) => l + eol).join('')) };
}

/**
 * The old comment's whole lines give way to the new comment at the same indentation. Code after
 * the old comment on its last line moves to a line of its own; Go directives among the old
 * lines move below the new ones, a `//` line apart like those right after it.
 */
function replaceComment(
  input: InsertDocInput,
  range: SourceRange,
  eol: string,
): Checked<{ text: string }> {
  const { text, symbol } = input;
  const start = findLineStart(text, range.startIndex);
  const indent = text.slice(start, range.startIndex);
  if (!isBlank(indent)) {
    return refuse(
      `the doc of ${symbol.qualifiedName} follows other code on line ${range.startLine}; ` +
        'it cannot be replaced line by line',
    );
  }
  const end = findLineEnd(text, range.endIndex);
  const codeAfter = text.slice(range.endIndex, end).trimStart();
  const lines = renderFor(input, indent);
  if (input.language === 'go') {
    const inner = text.slice(start, end).split(/\r?\n/).filter(isDirective);
    const next = text.slice(end).replace(/^\r?\n/, '');
    if (inner.length > 0 || (codeAfter === '' && isDirective(next))) lines.push(`${indent}//`);
    lines.push(...inner);
  }
  if (codeAfter !== '') lines.push(indent + codeAfter);
  return { ok: true, text: splice(text, start, end, lines.join(eol)) };
}

/** Where the run of directive lines right above `lineStart` begins (`lineStart` if none). */
function findDirectivesAbove(text: string, lineStart: number, language: LanguageId): number {
  let start = lineStart;
  while (start > 0) {
    const above = findLineStart(text, start - 1);
    const line = text.slice(above, start).replace(/\r?\n$/, '');
    if (!isOwnLineDirective(language, line) && !(language === 'go' && isDirective(line))) break;
    start = above;
  }
  return start;
}

function isDirective(line: string): boolean {
  return GO_DIRECTIVE.test(line);
}
