import type ts from 'typescript';

/** A JSDoc block: where it is and its text without comment markers. */
export interface JsDoc {
  start: number;
  end: number;
  text: string;
}

/**
 * The last `/** *\/` block among the comments before `node` (what the compiler itself attaches);
 * plain block and line comments do not count.
 */
export function findJsDoc(api: typeof ts, file: ts.SourceFile, node: ts.Node): JsDoc | undefined {
  const comments = api.getLeadingCommentRanges(file.text, node.pos) ?? [];
  const last = comments.filter((range) => isJsDoc(file.text, range)).at(-1);
  if (!last) return undefined;
  return { start: last.pos, end: last.end, text: cleanJsDoc(file.text.slice(last.pos, last.end)) };
}

function isJsDoc(text: string, range: ts.CommentRange): boolean {
  return text.startsWith('/**', range.pos) && !text.startsWith('/**/', range.pos);
}

/** `/**\n * Adds.\n * @param a first\n *\/` -> `Adds.\n@param a first`, inner indentation kept. */
export function cleanJsDoc(comment: string): string {
  const [first = '', ...rest] = comment.slice(3, -2).split(/\r?\n/);
  const lines = rest.map((line) => line.replace(/^[ \t]*\*/, ''));
  const indent = Math.min(
    ...lines
      .filter((line) => line.trim() !== '')
      .map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0),
  );
  const dedented = Number.isFinite(indent) ? lines.map((line) => line.slice(indent)) : lines;
  return [first.trimStart(), ...dedented]
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}
