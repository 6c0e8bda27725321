import type { Node } from 'web-tree-sitter';

/**
 * Grammar-independent helpers for the tree-sitter extractors: counting syntax errors, finding the
 * comments written directly above a node, and turning comment or docstring text into plain doc.
 */

/** How many ERROR and MISSING nodes the parser produced; subtrees without errors are skipped. */
export function countParseErrors(root: Node): number {
  if (!root.hasError) return 0;
  const cursor = root.walk();
  let count = 0;
  try {
    for (;;) {
      if (cursor.nodeType === 'ERROR' || cursor.nodeIsMissing) count++;
      if (cursor.currentNode.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return count;
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * The comments directly above `anchor`, in source order: each on the line just above the next,
 * none trailing code on its own line (`x := 1 // note` belongs to `x`).
 */
export function findLeadingComments(
  anchor: Node,
  isComment: (node: Node) => boolean = (node) => node.type === 'comment',
): Node[] {
  const run: Node[] = [];
  let below = anchor;
  for (let node = anchor.previousSibling; node && isComment(node); node = node.previousSibling) {
    if (node.endPosition.row + 1 !== below.startPosition.row) break;
    if (node.previousSibling?.endPosition.row === node.startPosition.row) break;
    run.unshift(node);
    below = node;
  }
  return run;
}

/** `// text` -> `text`: the marker (`//`, `///`, `#`...) and one space after it go. */
export function stripLineComment(comment: string, marker = '//'): string {
  const line = comment.trimStart();
  const rest = line.startsWith(marker) ? line.slice(marker.length) : line;
  return (rest.startsWith(' ') ? rest.slice(1) : rest).trimEnd();
}

/** `/* text *\/` or a `/** ... *\/` block with ` * ` gutters -> its text, dedented and trimmed. */
export function stripBlockComment(comment: string): string {
  const inner = comment.replace(/^\s*\/\*[*!]?/, '').replace(/\*+\/\s*$/, '');
  const lines = inner.replace(/\r\n?/g, '\n').split('\n');
  const rest = lines.slice(1).filter((line) => line.trim() !== '');
  const gutter = rest.length > 0 && rest.every((line) => /^\s*\*/.test(line));
  const body = gutter ? [lines[0] ?? '', ...lines.slice(1).map(stripGutter)] : lines;
  return cleanDoc(body.join('\n'));
}

function stripGutter(line: string): string {
  return line.replace(/^\s*\* ?/, '');
}

/**
 * What Python's `inspect.cleandoc` does: the first line loses its leading space, the others their
 * common indentation (tabs count to the next multiple of 8), blank lines at either end go.
 */
export function cleanDoc(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map(expandIndent);
  const indents = lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.length - line.trimStart().length);
  const margin = indents.length > 0 ? Math.min(...indents) : 0;
  const cleaned = lines.map((line, i) => (i === 0 ? line.trimStart() : line.slice(margin)));
  return cleaned
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

// Indentation measured in columns, so a doc indented with tabs dedents like one with spaces.
function expandIndent(line: string): string {
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  if (!indent.includes('\t')) return line;
  let columns = 0;
  for (const char of indent) columns = char === '\t' ? columns + 8 - (columns % 8) : columns + 1;
  return ' '.repeat(columns) + line.slice(indent.length);
}
