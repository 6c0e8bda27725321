import type { Checked } from '../../util/checked.js';

/**
 * Reads a model's fix answer into edits (aider-style SEARCH/REPLACE blocks, or failing those one
 * unified diff); apply-edits.ts applies them to a file's text. Search and replace texts are whole lines, each
 * ending in `\n`; an empty replace deletes the lines searched.
 */

export interface FixEdit {
  /** The path line written before the block, when there was one. */
  path?: string;
  search: string;
  replace: string;
}

const MAX_ANSWER_CHARS = 20_000;
const MAX_BLOCKS = 10;
const HEAD = /^\s*<{5,9} ?SEARCH\s*$/;
const DIVIDER = /^\s*={5,9}\s*$/;
const TAIL = /^\s*>{5,9} ?REPLACE\s*$/;
const FENCE = /^\s*(?:```|~~~)/;

export function parseFixAnswer(answer: string): Checked<{ edits: FixEdit[] }> {
  if (answer.length > MAX_ANSWER_CHARS) {
    return refuse(`the answer is ${answer.length} characters, over the 20,000 allowed`);
  }
  const lines = answer.replace(/\r\n?/g, '\n').split('\n');
  const parsed = lines.some((line) => HEAD.test(line)) ? parseBlocks(lines) : parseDiff(lines);
  if (!parsed.ok) return parsed;
  const { edits } = parsed;
  if (edits.length === 0) return refuse('the answer has no SEARCH/REPLACE block');
  if (edits.length > MAX_BLOCKS) return refuse(`the answer has ${edits.length} blocks, over 10`);
  const empty = edits.findIndex((edit) => edit.search.trim() === '');
  if (empty >= 0) return refuse(`the SEARCH text of block ${empty + 1} is empty`);
  return parsed;
}

function parseBlocks(lines: readonly string[]): Checked<{ edits: FixEdit[] }> {
  const edits: FixEdit[] = [];
  let after = 0;
  for (let head = 0; head < lines.length; head++) {
    if (!HEAD.test(lines[head] ?? '')) continue;
    const n = edits.length + 1;
    const divider = findMarker(lines, head + 1, DIVIDER, [HEAD, TAIL]);
    if (divider < 0) return refuse(`block ${n} has no ======= line`);
    const tail = findMarker(lines, divider + 1, TAIL, [HEAD]);
    if (tail < 0) return refuse(`block ${n} has no >>>>>>> REPLACE line`);
    const path = findPathLine(lines, after, head);
    const search = joinLines(lines.slice(head + 1, divider));
    const replace = joinLines(lines.slice(divider + 1, tail));
    edits.push(path ? { path, search, replace } : { search, replace });
    after = tail + 1;
    head = tail;
  }
  return { ok: true, edits };
}

// The index of the first line matching `marker`, or -1 when a `stop` marker or the end comes first.
function findMarker(lines: readonly string[], from: number, marker: RegExp, stops: RegExp[]) {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (marker.test(line)) return i;
    if (stops.some((stop) => stop.test(line))) return -1;
  }
  return -1;
}

// The nearest line above a block, past blank and fence lines, when it reads as a file path.
function findPathLine(lines: readonly string[], from: number, head: number): string | undefined {
  for (let i = head - 1; i >= from; i--) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || FENCE.test(line)) continue;
    const path = line
      .replace(/^#+\s*/, '')
      .replace(/^[*`]+|[*`:]+$/g, '')
      .replace(/^[*`]+|[*`]+$/g, '');
    return /^[\w.@~+/\\-]+$/.test(path) && /[./]/.test(path) && /\w/.test(path) ? path : undefined;
  }
  return undefined;
}

function joinLines(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

/** One unified diff (inside a ```diff fence when there is one): each hunk becomes an edit. */
function parseDiff(lines: readonly string[]): Checked<{ edits: FixEdit[] }> {
  const open = lines.findIndex((line) => /^\s*```\s*(?:diff|patch)\s*$/.test(line));
  const close = lines.findIndex((line, i) => i > open && FENCE.test(line));
  const body = open < 0 ? lines : lines.slice(open + 1, close < 0 ? undefined : close);
  const hunks: Array<{ path?: string; search: string[]; replace: string[] }> = [];
  let path: string | undefined;
  let hunk: (typeof hunks)[number] | undefined;
  for (let i = 0; i < body.length; i++) {
    const line = body[i] ?? '';
    if (line.startsWith('--- ') && body[i + 1]?.startsWith('+++ ')) {
      path = readDiffPath(body[++i] ?? '');
      hunk = undefined;
    } else if (line.startsWith('@@')) {
      hunk = path ? { path, search: [], replace: [] } : { search: [], replace: [] };
      hunks.push(hunk);
    } else if (hunk && (line === '' || line.startsWith(' '))) {
      hunk.search.push(line.slice(1));
      hunk.replace.push(line.slice(1));
    } else if (hunk && line.startsWith('-')) hunk.search.push(line.slice(1));
    else if (hunk && line.startsWith('+')) hunk.replace.push(line.slice(1));
    else if (!line.startsWith('\\')) hunk = undefined;
  }
  const edits = hunks.map(({ search, replace, ...rest }) => {
    // A blank line closing the hunk is usually the gap before the prose, not context.
    while (search.at(-1) === '' && replace.at(-1) === '') {
      search.pop();
      replace.pop();
    }
    return { ...rest, search: joinLines(search), replace: joinLines(replace) };
  });
  return { ok: true, edits };
}

function readDiffPath(line: string): string | undefined {
  const path = line.slice(4).split('\t')[0]?.trim() ?? '';
  return path === '' || path === '/dev/null' ? undefined : path.replace(/^b\//, '');
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
