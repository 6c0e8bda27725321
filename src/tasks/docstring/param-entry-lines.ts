/** What every parameter-entry locator shares: the shapes it returns and how it groups lines. */

/** One parameter's entry: lines `startLine..endLine` (0-based, inclusive, last one not blank). */
export interface ParamEntry {
  /** As the doc writes it: `*args`, `...rest` and `a.b` keep their marks. */
  name: string;
  startLine: number;
  endLine: number;
}

/**
 * A run of entries under one header (`Args:`, `Parameters` and its underline, `# Arguments`), or
 * without one (reST fields, `@param` tags: `header` undefined).
 */
export interface ParamSection {
  /** Which convention: an entry goes only into a section of its own kind. */
  kind: 'google' | 'numpy' | 'rest' | 'tags' | 'rustdoc';
  /** The header's lines, underline included. */
  header?: { startLine: number; endLine: number };
  entries: ParamEntry[];
  /** Lines inside the section that are neither header, entry nor blank (prose, other fields). */
  foreign: number[];
  /** The section's last non-blank line. */
  endLine: number;
}

export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

export function isBlankLine(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}

/**
 * Groups the lines `from..to` into entries: a line `startsEntry` names one or more parameters
 * (or none: a foreign line), lines `continues` says belong to the entry above.
 */
export function groupEntries(
  lines: readonly string[],
  range: { from: number; to: number },
  startsEntry: (line: string) => string[] | undefined,
  continues: (line: string) => boolean,
): { entries: ParamEntry[]; foreign: number[]; endLine: number } {
  const entries: ParamEntry[] = [];
  const foreign: number[] = [];
  let open: ParamEntry[] = [];
  let endLine = range.from - 1;
  for (let i = range.from; i <= range.to; i++) {
    const line = lines[i] ?? '';
    if (isBlankLine(line)) {
      open = [];
      continue;
    }
    endLine = i;
    const names = startsEntry(line);
    if (names !== undefined) {
      open = names.map((name) => ({ name, startLine: i, endLine: i }));
      entries.push(...open);
      if (names.length === 0) foreign.push(i);
    } else if (open.length > 0 && continues(line)) {
      for (const entry of open) entry.endLine = i;
    } else {
      open = [];
      foreign.push(i);
    }
  }
  return { entries, foreign, endLine };
}
