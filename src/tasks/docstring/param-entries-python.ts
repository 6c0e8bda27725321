import {
  groupEntries,
  indentOf,
  isBlankLine,
  type ParamEntry,
  type ParamSection,
} from './param-entry-lines.js';

/** The parameter sections of Python docstrings: Google, NumPy and reST. */

const GOOGLE_HEADER = /^\s*(?:Args|Arguments|Parameters):\s*$/;
const GOOGLE_ENTRY = /^\s*(\*{0,2}[A-Za-z_]\w*)\s*(?:\([^)]*\))?\s*:/;

/** Google: an `Args:` section's least indented lines are entries, `name (type): text`. */
export function locateGoogleArgs(lines: readonly string[]): ParamSection[] {
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
    sections.push({ kind: 'google', header: { startLine: at, endLine: at }, ...grouped });
  });
  return sections;
}

/** NumPy: `Parameters` underlined with dashes; entries `name : type` or `a, b : int`. */
export function locateNumpyParameters(lines: readonly string[]): ParamSection[] {
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
    sections.push({ kind: 'numpy', header: { startLine: at, endLine: at + 1 }, ...grouped });
  });
  return sections;
}

function isUnderline(line: string | undefined): boolean {
  return line !== undefined && /^\s*-{3,}\s*$/.test(line);
}

const REST_FIELD = /^\s*:(?:param|parameter|arg|argument|type)\s+([^:]+):/;

/** reST: `:param name:`, `:param type name:` and `:type name:`, each with its deeper lines. */
export function locateRestFields(lines: readonly string[]): ParamSection[] {
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
    ? [{ kind: 'rest' as const, entries, foreign: [], endLine: entries.at(-1)?.endLine ?? 0 }]
    : [];
}
