import type { LanguageId } from '../../analysis/types.js';
import {
  locateGoogleArgs,
  locateNumpyParameters,
  locateRestFields,
} from './param-entries-python.js';
import {
  groupEntries,
  indentOf,
  isBlankLine,
  type ParamEntry,
  type ParamSection,
} from './param-entry-lines.js';

export { indentOf, type ParamEntry, type ParamSection } from './param-entry-lines.js';

/**
 * Where a doc documents its parameters: one locator per convention hearth reads, over a doc's
 * lines (markers and gutters already stripped, indentation kept). The staleness check reads the
 * names from it, and a parameter update edits exactly the lines it names.
 */

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
    ? [{ kind: 'tags' as const, entries, foreign: [], endLine: entries.at(-1)?.endLine ?? 0 }]
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
    sections.push({ kind: 'rustdoc', header: { startLine: at, endLine: at }, ...grouped });
  });
  return sections;
}
