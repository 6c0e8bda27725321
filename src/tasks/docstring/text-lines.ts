/** Line arithmetic on a file's text that keeps every byte outside the edited span as it was. */

/** The file's own line ending: CRLF when its first line break is one, else LF. */
export function detectEol(text: string): '\r\n' | '\n' {
  const first = text.indexOf('\n');
  return first > 0 && text[first - 1] === '\r' ? '\r\n' : '\n';
}

/** Where the line holding `index` starts. */
export function findLineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

/** Where the line holding `index` ends: at its `\r\n` or `\n`, or the end of the text. */
export function findLineEnd(text: string, index: number): number {
  const newline = text.indexOf('\n', index);
  if (newline === -1) return text.length;
  return newline > index && text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** The spaces and tabs a line starts with. */
export function readIndent(text: string, lineStart: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart, findLineEnd(text, lineStart)))?.[0] ?? '';
}

export function isBlank(text: string): boolean {
  return /^[ \t]*$/.test(text);
}

export function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/**
 * One level of Python indentation as the file writes it: a tab when most indented lines start
 * with one, else the most common step between consecutive indentation levels (4 spaces if none).
 */
export function detectIndentUnit(text: string): string {
  const indents = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => /^[ \t]*/.exec(line)?.[0] ?? '');
  const indented = indents.filter((indent) => indent !== '');
  const tabbed = indented.filter((indent) => indent.startsWith('\t')).length;
  if (tabbed > 0 && tabbed * 2 >= indented.length) return '\t';
  const steps = new Map<number, number>();
  let previous = 0;
  for (const indent of indents) {
    if (indent.includes('\t')) continue;
    const step = indent.length - previous;
    if (step > 0) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = indent.length;
  }
  let best = 4;
  let bestCount = 0;
  for (const [step, count] of steps) {
    if (count > bestCount || (count === bestCount && step < best))
      [best, bestCount] = [step, count];
  }
  return ' '.repeat(best);
}
