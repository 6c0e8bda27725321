import { createHash } from 'node:crypto';
import type { SourceRange } from './types.js';

/**
 * A source file's text with its line starts and their byte offsets precomputed, so that turning
 * the parsers' UTF-16 indices into lines and UTF-8 bytes costs one line's worth of work.
 */
export class SourceText {
  readonly text: string;
  readonly #lineStarts: number[] = [0];
  readonly #lineStartBytes: number[] = [0];

  constructor(text: string) {
    this.text = text;
    let bytes = 0;
    let last = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      bytes += Buffer.byteLength(text.slice(last, i + 1));
      last = i + 1;
      this.#lineStarts.push(last);
      this.#lineStartBytes.push(bytes);
    }
  }

  /** 1-based line of a UTF-16 index. */
  lineOf(index: number): number {
    let lo = 0;
    let hi = this.#lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#lineStarts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  byteOf(index: number): number {
    const line = this.lineOf(index) - 1;
    const start = this.#lineStarts[line] as number;
    return (
      (this.#lineStartBytes[line] as number) + Buffer.byteLength(this.text.slice(start, index))
    );
  }

  /** The range from `startIndex` up to (not including) `endIndex`. */
  range(startIndex: number, endIndex: number): SourceRange {
    // The last line of a range that ends just after a newline is the line before it.
    const lastIndex = endIndex > startIndex ? endIndex - 1 : startIndex;
    return {
      startIndex,
      endIndex,
      startByte: this.byteOf(startIndex),
      endByte: this.byteOf(endIndex),
      startLine: this.lineOf(startIndex),
      endLine: this.lineOf(lastIndex),
    };
  }

  /**
   * The hash of the code in [start, end) with `exclude` (a doc inside it, like a Python
   * docstring) cut out, CRLF as LF, and trailing spaces dropped.
   */
  hashCode(
    startIndex: number,
    endIndex: number,
    exclude?: { startIndex: number; endIndex: number },
  ): string {
    let code = this.text.slice(startIndex, endIndex);
    if (exclude && exclude.startIndex >= startIndex && exclude.endIndex <= endIndex) {
      code =
        this.text.slice(startIndex, exclude.startIndex) +
        this.text.slice(exclude.endIndex, endIndex);
    }
    const normalised = code.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '');
    return createHash('sha256').update(normalised).digest('hex');
  }
}

/**
 * `def  f(a,\n    b,\n)` -> `def f(a, b)`: one line, and no trailing comma left by a parameter
 * list written one per line (a tuple's `(1,)` keeps its comma).
 */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/,\s+\)/g, ')')
    .replace(/\s+/g, ' ')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .trim();
}
