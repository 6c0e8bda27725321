import type { LanguageId } from '../../analysis/types.js';

/**
 * Where a doc documents its parameters: one locator per convention hearth reads, over a doc's
 * lines (markers and gutters already stripped, indentation kept). The staleness check reads the
 * names from it, and a parameter update edits exactly the lines it names.
 */

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
  /** The header's lines, underline included. */
  header?: { startLine: number; endLine: number };
  entries: ParamEntry[];
  /** Lines inside the section that are neither header, entry nor blank (prose, other fields). */
  foreign: number[];
  /** The section's last non-blank line. */
  endLine: number;
}

type Locator = (lines: readonly string[]) => ParamSection[];

/** The parameter sections of a doc's lines in the conventions of `language`. */
export function locateParamSections(
  lines: readonly string[],
  language: LanguageId,
): ParamSection[] {
  return locatorsFor(language).flatMap((locate) => locate(lines));
}

/** Every parameter entry of a doc's lines, in line order. */
export function locateParamEntries(lines: readonly string[], language: LanguageId): ParamEntry[] {
  return locateParamSections(lines, language)
    .flatMap((section) => section.entries)
    .sort((a, b) => a.startLine - b.startLine);
}

function locatorsFor(language: LanguageId): Locator[] {
  switch (language) {
    case 'python':
      return [locateGoogleArgs, locateNumpyParameters, locateRestFields];
    case 'typescript':
    case 'javascript':
    case 'java':
      return [locateAtParams];
    case 'rust':
      return [locateRustArguments];
    case 'go':
      return [];
  }
}

export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlankLine(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}

/**
 * Groups the lines `from..to` into entries: a line `startsEntry` names one or more parameters
 * (or none: a foreign line), lines `continues` says belong to the entry above.
 */
function groupEntries(
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

const GOOGLE_HEADER = /^\s*(?:Args|Arguments|Parameters):\s*$/;
const GOOGLE_ENTRY = /^\s*(\*{0,2}[A-Za-z_]\w*)\s*(?:\([^)]*\))?\s*:/;

/** Google: an `Args:` section's least indented lines are entries, `name (type): text`. */
function locateGoogleArgs(lines: readonly string[]): ParamSection[] {
  const sections: ParamSection[] = [];
  lines.forEach((line, at) => {
    if (!GOOGLE_HEADER.test(line)) return;
    let to = at;
    for (let i = at + 1; i < lines.length; i++) {
      const next = lines[i] ?? '';
      if (isBlankLine(next)) continue;
      if (indentOf(next) <= indentOf(line)) break;
      to = i;
    }
    const body = lines.slice(at + 1, to + 1).filter((l) => !isBlankLine(l));
    if (body.length === 0) return;
    const entryIndent = Math.min(...body.map(indentOf));
    const grouped = groupEntries(
      lines,
      { from: at + 1, to },
      (l) => {
        if (indentOf(l) !== entryIndent) return undefined;
        const name = GOOGLE_ENTRY.exec(l)?.[1];
        return name ? [name] : [];
      },
      (l) => indentOf(l) > entryIndent,
    );
    sections.push({ header: { startLine: at, endLine: at }, ...grouped });
  });
  return sections;
}

/** NumPy: `Parameters` underlined with dashes; entries `name : type` or `a, b : int`. */
function locateNumpyParameters(lines: readonly string[]): ParamSection[] {
  const sections: ParamSection[] = [];
  lines.forEach((line, at) => {
    if (!/^\s*(?:Other )?Parameters\s*$/.test(line) || !isUnderline(lines[at + 1])) return;
    const indent = indentOf(line);
    let to = at + 1;
    for (let i = at + 2; i < lines.length; i++) {
      const entry = lines[i] ?? '';
      if (isBlankLine(entry)) continue;
      if (indentOf(entry) < indent || (indentOf(entry) === indent && isUnderline(lines[i + 1])))
        break;
      to = i;
    }
    const grouped = groupEntries(
      lines,
      { from: at + 2, to },
      (l) => {
        if (indentOf(l) !== indent) return undefined;
        const head = l.split(/\s:(?:\s|$)/)[0] ?? '';
        const names = head.split(',').map((name) => name.trim());
        return names.every((name) => /^\*{0,2}[A-Za-z_]\w*$/.test(name)) ? names : [];
      },
      (l) => indentOf(l) > indent,
    );
    sections.push({ header: { startLine: at, endLine: at + 1 }, ...grouped });
  });
  return sections;
}

function isUnderline(line: string | undefined): boolean {
  return line !== undefined && /^\s*-{3,}\s*$/.test(line);
}

const REST_FIELD = /^\s*:(?:param|parameter|arg|argument|type)\s+([^:]+):/;

/** reST: `:param name:`, `:param type name:` and `:type name:`, each with its deeper lines. */
function locateRestFields(lines: readonly string[]): ParamSection[] {
  const entries: ParamEntry[] = [];
  let open: ParamEntry | undefined;
  lines.forEach((line, i) => {
    const name = REST_FIELD.exec(line)?.[1]?.trim().split(/\s+/).pop();
    if (name) {
      open = { name, startLine: i, endLine: i };
      entries.push(open);
    } else if (
      open &&
      !isBlankLine(line) &&
      indentOf(line) > indentOf(lines[open.startLine] ?? '')
    ) {
      open.endLine = i;
    } else {
      open = undefined;
    }
  });
  return entries.length > 0
    ? [{ entries, foreign: [], endLine: entries.at(-1)?.endLine ?? 0 }]
    : [];
}

/**
 * JSDoc, TSDoc, Javadoc: a line starting `@param name`, `@param {T} name`, `@param {T} [name=x]`
 * (`a.b` is `a`'s), up to the next tag or blank line. `@param <T>` documents a type parameter.
 */
function locateAtParams(lines: readonly string[]): ParamSection[] {
  const entries: ParamEntry[] = [];
  let open: ParamEntry | undefined;
  lines.forEach((line, i) => {
    const text = line.trimStart();
    if (text.startsWith('@') || isBlankLine(line)) open = undefined;
    else if (open) open.endLine = i;
    if (!/^@param\b/.test(text)) return;
    let rest = text.slice('@param'.length).trimStart();
    if (rest.startsWith('{')) rest = rest.slice(skipBraces(rest)).trimStart();
    const name = /^\[?\s*((?:\.\.\.)?[A-Za-z_$][\w$]*)/.exec(rest)?.[1];
    if (!name) return;
    open = { name, startLine: i, endLine: i };
    entries.push(open);
  });
  return entries.length > 0
    ? [{ entries, foreign: [], endLine: entries.at(-1)?.endLine ?? 0 }]
    : [];
}

// The index just past the `}` closing the `{` at index 0, counting nested braces.
function skipBraces(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

const RUST_HEADING = /^\s*#+\s/;
const RUST_ENTRY = /^\s*[*-]\s+`?(?:mut\s+)?([A-Za-z_]\w*)`?\s*(?:[-:–]|$)/;

/** Rust: the `* `name` - text` bullets of a `# Arguments` section, up to the next heading. */
function locateRustArguments(lines: readonly string[]): ParamSection[] {
  const sections: ParamSection[] = [];
  lines.forEach((line, at) => {
    if (!/^\s*#+\s+(?:Arguments|Parameters)\s*$/.test(line)) return;
    let to = at;
    for (let i = at + 1; i < lines.length && !RUST_HEADING.test(lines[i] ?? ''); i++) to = i;
    const grouped = groupEntries(
      lines,
      { from: at + 1, to },
      (l) => {
        if (!/^\s*[*-]\s/.test(l)) return undefined;
        const name = RUST_ENTRY.exec(l)?.[1];
        return name ? [name] : [];
      },
      (l) => indentOf(l) > 0,
    );
    sections.push({ header: { startLine: at, endLine: at }, ...grouped });
  });
  return sections;
}
