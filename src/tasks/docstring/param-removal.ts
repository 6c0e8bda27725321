import type { ParamSection } from './param-entries.js';

/**
 * The lines a parameter update may take out of a doc: the entries of parameters the code no
 * longer has, and a section they leave empty (its header, underline, blank lines, and the blank
 * line that set it apart). The update and its verification both ask this one function.
 */
export function findRemovableLines(
  views: readonly string[],
  sections: readonly ParamSection[],
  keeps: (name: string) => boolean,
  /** Lines that hold a comment's markers: their blank text is not a blank line to take. */
  markers: ReadonlySet<number>,
  /** A section that gets new entries stays, even with all its old ones gone. */
  receives: (section: ParamSection) => boolean = () => false,
): Set<number> {
  const lines = new Set<number>();
  for (const section of sections) {
    const gone = section.entries.filter((entry) => !keeps(entry.name));
    // NumPy's `a, b : int` documents two: the line stays while one of them does.
    const kept = section.entries.filter((entry) => keeps(entry.name));
    for (const entry of gone) {
      if (!kept.some((k) => k.startLine <= entry.endLine && entry.startLine <= k.endLine))
        addRange(lines, entry.startLine, entry.endLine);
    }
    const { header } = section;
    const emptied =
      header !== undefined &&
      gone.length === section.entries.length &&
      section.foreign.length === 0 &&
      !receives(section);
    if (!emptied) continue;
    addRange(lines, header.startLine, section.endLine);
    const before = header.startLine - 1;
    const apart = before >= 0 && !markers.has(before) && isBlank(views[before]);
    if (apart && isBlank(views[section.endLine + 1])) lines.add(before);
  }
  return lines;
}

function addRange(lines: Set<number>, from: number, to: number): void {
  for (let i = from; i <= to; i++) lines.add(i);
}

// Past the end counts as blank: a section that ended the doc leaves no blank line behind.
function isBlank(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}
