import type { SourceRange } from '../../analysis/types.js';
import type { Checked } from '../../util/checked.js';
import { findDirective } from './directive-comments.js';
import type { InsertDocInput } from './insert.js';
import { renderDoc } from './render.js';
import {
  detectIndentUnit,
  findLineEnd,
  findLineStart,
  isBlank,
  readIndent,
  splice,
} from './text-lines.js';

/**
 * Python: the docstring becomes the body's first statement, on a line of its own at the body's
 * indentation; a body written on the `def` line (`def f(): return x`) is split to make room.
 */

/** The new text with the docstring added at `bodyStart`, or put in place of the old one. */
export function insertDocstring(input: InsertDocInput, eol: string): Checked<{ text: string }> {
  const { symbol } = input;
  if (symbol.docRange) return replaceDocstring(input, symbol.docRange, eol);
  if (symbol.bodyStart === undefined) {
    return refuse(`${symbol.qualifiedName} has no body to put a docstring in`);
  }
  const lineStart = findLineStart(input.text, symbol.bodyStart);
  const lead = input.text.slice(lineStart, symbol.bodyStart);
  return isBlank(lead)
    ? addAboveBody(input, findDocstringStart(input.text, lineStart), lead, eol)
    : splitOneLiner(input, symbol.bodyStart, eol);
}

/**
 * Where a docstring goes in a body whose first statement starts at `lineStart`: right after the
 * header, above the comment and blank lines before that statement (a directive among them keeps
 * governing the statement below it), but after a function type comment, which must come first.
 */
function findDocstringStart(text: string, lineStart: number): number {
  let start = lineStart;
  while (start > 0) {
    const above = findLineStart(text, start - 1);
    const line = text.slice(above, start).trim();
    if (line !== '' && !line.startsWith('#')) break;
    start = above;
  }
  if (start === lineStart) return start;
  const first = text.slice(start, findLineEnd(text, start));
  return findDirective('python', first)?.position === 'after-header'
    ? text.indexOf('\n', start) + 1
    : start;
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

function render(input: InsertDocInput, indent: string): string[] {
  return renderDoc(input.doc, {
    language: 'python',
    style: input.style,
    width: input.width,
    indent,
  });
}

/** The docstring's lines go just before the body's first line, at its indentation. */
function addAboveBody(
  input: InsertDocInput,
  lineStart: number,
  indent: string,
  eol: string,
): Checked<{ text: string }> {
  const { text, symbol } = input;
  // `def f(): \` continues onto the body's line: a line put between them would break it.
  if (/\\\r?\n$/.test(text.slice(Math.max(0, lineStart - 3), lineStart))) {
    return refuse(`the header of ${symbol.qualifiedName} ends with a line continuation`);
  }
  const lines = render(input, indent);
  return { ok: true, text: splice(text, lineStart, lineStart, lines.map((l) => l + eol).join('')) };
}

/**
 * `def f(): return x` becomes `def f():`, the docstring and `return x` on lines of their own,
 * one indentation level deeper than the `def` (or its first decorator).
 */
function splitOneLiner(
  input: InsertDocInput,
  bodyStart: number,
  eol: string,
): Checked<{ text: string }> {
  const { text, symbol } = input;
  let colon = bodyStart;
  while (colon > 0 && (text[colon - 1] === ' ' || text[colon - 1] === '\t')) colon--;
  if (text[colon - 1] !== ':') {
    return refuse(`the body of ${symbol.qualifiedName} does not follow its colon`);
  }
  // `def f(self) -> int: ...  # type: ignore[override]`: the comment governs the `def` line.
  const comment = findTrailingComment(text.slice(bodyStart, findLineEnd(text, bodyStart)));
  if (comment !== undefined) {
    return refuse(
      `the one-line body of ${symbol.qualifiedName} carries the comment \`${comment}\`, ` +
        'which would no longer sit on its line if the body were split',
    );
  }
  const indent = readIndent(text, findLineStart(text, symbol.startIndex)) + detectIndentUnit(text);
  const lines = render(input, indent);
  return { ok: true, text: splice(text, colon, bodyStart, eol + lines.join(eol) + eol + indent) };
}

/**
 * The old string gives way to the new one where it stood; continuation lines take the indentation
 * of its line (one level deeper when it shares the `def` line).
 */
function replaceDocstring(
  input: InsertDocInput,
  range: SourceRange,
  eol: string,
): Checked<{ text: string }> {
  const { text } = input;
  const lineStart = findLineStart(text, range.startIndex);
  const lead = text.slice(lineStart, range.startIndex);
  const indent = isBlank(lead) ? lead : readIndent(text, lineStart) + detectIndentUnit(text);
  const [first = '', ...rest] = render(input, indent);
  const replacement = [first.slice(indent.length), ...rest].join(eol);
  return { ok: true, text: splice(text, range.startIndex, range.endIndex, replacement) };
}

/** The `#` comment at the end of a line of Python code, outside its string literals. */
export function findTrailingComment(line: string): string | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (quote !== undefined) {
      if (char === '\\') i++;
      else if (line.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      }
    } else if (char === '#') return line.slice(i).trimEnd();
    else if (char === '"' || char === "'") {
      quote = line.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
      i += quote.length - 1;
    }
  }
  return undefined;
}
