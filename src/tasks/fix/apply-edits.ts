import type { Checked } from '../../util/checked.js';

/**
 * Applies SEARCH/REPLACE edits to a file's text: each SEARCH must match whole lines exactly once,
 * exactly, then ignoring trailing spaces, then with one indentation shift for all its lines.
 */

interface Line {
  text: string;
  eol: string;
}

/** How the model's indentation differs from the file's: what to add to or remove from REPLACE. */
interface Shift {
  add: string;
  remove: string;
}

const NO_SHIFT: Shift = { add: '', remove: '' };

/**
 * Applies each edit in order to the text so far. A SEARCH must match exactly one run of whole
 * lines: exactly (any line ending), then ignoring trailing whitespace, then with its indentation
 * re-based to the file's. Inserted lines take the file's line ending.
 */
export function applyEdits(
  text: string,
  edits: ReadonlyArray<{ search: string; replace: string }>,
): Checked<{ text: string }> {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const lines = splitLines(text.slice(bom.length));
  const crlf = lines.filter((line) => line.eol === '\r\n').length;
  const eol = crlf > lines.filter((line) => line.eol === '\n').length ? '\r\n' : '\n';
  for (const [index, edit] of edits.entries()) {
    const n = index + 1;
    if (edit.search === edit.replace) return refuse(`edit ${n} changes nothing`);
    const search = toLines(edit.search);
    if (search.every((line) => line.trim() === '')) {
      return refuse(`the SEARCH text of edit ${n} is empty`);
    }
    const matches = findMatches(lines, search);
    const match = matches[0];
    if (!match) return refuse(`the SEARCH text of edit ${n} is not in the file`);
    if (matches.length > 1) {
      return refuse(`the SEARCH text of edit ${n} occurs ${matches.length} times in the file`);
    }
    const replace = toLines(edit.replace).map((line) => shiftLine(line, match.shift));
    const lastEol = lines[match.at + search.length - 1]?.eol ?? eol;
    const added = replace.map((t, i) => ({
      text: t,
      eol: i === replace.length - 1 ? lastEol : eol,
    }));
    lines.splice(match.at, search.length, ...added);
  }
  const result = bom + lines.map((line) => line.text + line.eol).join('');
  return result === text ? refuse('the answer changes nothing') : { ok: true, text: result };
}

function splitLines(text: string): Line[] {
  const parts = text.split(/(\r?\n)/);
  const lines: Line[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const eol = parts[i + 1] ?? '';
    if (parts[i] !== '' || eol !== '') lines.push({ text: parts[i] ?? '', eol });
  }
  return lines;
}

function toLines(text: string): string[] {
  const normal = text.replace(/\r\n/g, '\n');
  return normal === '' ? [] : normal.replace(/\n$/, '').split('\n');
}

// The matches of the first stage that finds any; a looser stage never overrides a stricter one.
function findMatches(lines: readonly Line[], search: readonly string[]) {
  const stages = [
    (file: string, want: string) => (file === want ? NO_SHIFT : undefined),
    (file: string, want: string) => (file.trimEnd() === want.trimEnd() ? NO_SHIFT : undefined),
    findShift,
  ];
  for (const stage of stages) {
    const matches: Array<{ at: number; shift: Shift }> = [];
    for (let at = 0; at + search.length <= lines.length; at++) {
      const shift = matchAt(lines, search, at, stage);
      if (shift) matches.push({ at, shift });
    }
    if (matches.length > 0) return matches;
  }
  return [];
}

function matchAt(
  lines: readonly Line[],
  search: readonly string[],
  at: number,
  stage: (file: string, want: string) => Shift | undefined,
): Shift | undefined {
  let shift: Shift | undefined;
  for (const [k, want] of search.entries()) {
    const found = stage(lines[at + k]?.text ?? '', want);
    if (!found) return undefined;
    if (found === NO_SHIFT) continue;
    if (shift && (shift.add !== found.add || shift.remove !== found.remove)) return undefined;
    shift = found;
  }
  return shift ?? NO_SHIFT;
}

// Equal once a leading-indent difference is taken off; blank lines match blank lines and, as
// NO_SHIFT, leave the shift to the other lines (every non-blank line must agree on it).
function findShift(file: string, want: string): Shift | undefined {
  const [a, b] = [file.trimEnd(), want.trimEnd()];
  if (a === '' || b === '') return a === b ? NO_SHIFT : undefined;
  const fileIndent = /^[ \t]*/.exec(a)?.[0] ?? '';
  const wantIndent = /^[ \t]*/.exec(b)?.[0] ?? '';
  if (a.slice(fileIndent.length) !== b.slice(wantIndent.length)) return undefined;
  if (fileIndent.endsWith(wantIndent)) {
    return { add: fileIndent.slice(0, fileIndent.length - wantIndent.length), remove: '' };
  }
  if (wantIndent.endsWith(fileIndent)) {
    return { add: '', remove: wantIndent.slice(0, wantIndent.length - fileIndent.length) };
  }
  return undefined;
}

function shiftLine(line: string, shift: Shift): string {
  if (line.trim() === '') return line;
  if (shift.remove) return line.startsWith(shift.remove) ? line.slice(shift.remove.length) : line;
  return shift.add + line;
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
