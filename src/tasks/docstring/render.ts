import type { LanguageId } from '../../analysis/types.js';
import type { DocStyle, DocText } from './types.js';
import { measureColumns, wrapDocLines } from './wrap.js';

/**
 * A doc turned into the lines of a Python docstring or a comment, in the file's own syntax:
 * markers, indentation, escapes and wrapping; what goes between those lines is the caller's.
 */

export interface RenderOptions {
  language: LanguageId;
  style: DocStyle;
  /** The leading whitespace of the comment's (or docstring's) first line. */
  indent: string;
  /** Columns a line may take, indentation and markers included (a tab counts 4); 80 if unset. */
  width?: number;
}

const DEFAULT_WIDTH = 80;

/**
 * The lines of the rendered doc without line endings, each starting with `indent` (Python's
 * blank lines are empty: no trailing whitespace).
 */
export function renderDoc(doc: DocText, options: RenderOptions): string[] {
  const lines = splitDocLines(doc);
  switch (options.language) {
    case 'python':
      return renderDocstring(lines, options);
    case 'go':
      return renderLineComments(lines, '//', options);
    case 'rust':
      return renderLineComments(lines, '///', options);
    default:
      return renderBlockComment(lines, options);
  }
}

/**
 * The doc's lines without trailing spaces, the blank lines at either end, or spaces before its
 * first word (which every reader drops).
 */
export function splitDocLines(doc: DocText): string[] {
  const lines = doc.split(/\r\n?|\n/).map((line) => line.trimEnd());
  const first = lines.findIndex((line) => line !== '');
  if (first === -1) return [];
  const last = lines.findLastIndex((line) => line !== '');
  const kept = lines.slice(first, last + 1);
  kept[0] = (kept[0] as string).trimStart();
  return kept;
}

/** `"""One line."""`, or a summary after the opening quotes and the closing ones on their own. */
function renderDocstring(lines: string[], options: RenderOptions): string[] {
  const { indent, style } = options;
  const escaped = escapeDocstring(lines);
  const room = (options.width ?? DEFAULT_WIDTH) - measureColumns(indent);
  if (escaped.length === 1) {
    const single = wrapDocLines(escaped, style, { first: room - 6, rest: room });
    if (single.length === 1) return [`${indent}"""${single[0]}"""`];
  }
  const [summary = '', ...rest] = wrapDocLines(escaped, style, { first: room - 3, rest: room });
  return [
    `${indent}"""${summary}`,
    ...rest.map((line) => (line === '' ? '' : indent + line)),
    `${indent}"""`,
  ];
}

/**
 * Backslashes doubled and `"""` escaped so that the docstring means what the doc says, and a
 * final `"` escaped so that it cannot run into the closing quotes.
 */
export function escapeDocstring(lines: readonly string[]): string[] {
  const escaped = lines.map((line) => line.replaceAll('\\', '\\\\').replaceAll('"""', '\\"\\"\\"'));
  const last = escaped.length - 1;
  const tail = /(\\*)"$/.exec(escaped[last] ?? '');
  if (tail && (tail[1] as string).length % 2 === 0) {
    escaped[last] = `${(escaped[last] as string).slice(0, -1)}\\"`;
  }
  return escaped;
}

/** `/** One line. *\/` when it fits, else `/**`, ` * ` lines and ` *\/`. */
function renderBlockComment(lines: string[], options: RenderOptions): string[] {
  const { indent, style } = options;
  const escaped = lines.map((line) => line.replaceAll('*/', '*\\/'));
  const room = (options.width ?? DEFAULT_WIDTH) - measureColumns(indent);
  const [only] = escaped;
  if (escaped.length === 1 && only !== undefined && measureColumns(only) + 7 <= room) {
    return [`${indent}/** ${only} */`];
  }
  const wrapped = wrapDocLines(escaped, style, { first: room - 3, rest: room - 3 });
  return [
    `${indent}/**`,
    ...wrapped.map((line) => (line === '' ? `${indent} *` : `${indent} * ${line}`)),
    `${indent} */`,
  ];
}

/** Go's `//` and Rust's `///` lines; a blank doc line is the bare marker. */
function renderLineComments(lines: string[], marker: string, options: RenderOptions): string[] {
  const { indent, style } = options;
  const room = (options.width ?? DEFAULT_WIDTH) - measureColumns(indent) - marker.length - 1;
  const wrapped = wrapDocLines(lines, style, { first: room, rest: room });
  return wrapped.map((line) => (line === '' ? indent + marker : `${indent}${marker} ${line}`));
}
