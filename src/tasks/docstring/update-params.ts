import { cleanDoc } from '../../analysis/languages/tree-sitter-walk.js';
import type { Checked } from '../../util/checked.js';
import type { InsertDocInput } from './insert.js';
import { indentOf, locateParamSections, type ParamEntry } from './param-entries.js';
import { findRemovableLines } from './param-removal.js';
import { type RawDoc, readRawDoc } from './raw-doc.js';
import { keepsDocumentedName, listParamsToDocument, normaliseName } from './stale.js';
import type { DocText } from './types.js';
import { measureColumns, wrapDocLines } from './wrap.js';

/**
 * A stale doc's parameter entries brought up to date in place: entries for new parameters taken
 * from the model's answer, entries of parameters that are gone taken out. Every other line of the
 * doc stays byte for byte; nothing is re-rendered. Principle 2: no one's words are lost.
 */

/** As for an insertion; `doc` is the model's answer, of which only new parameters' entries count. */
type UpdateParamsInput = InsertDocInput;

const DEFAULT_WIDTH = 80;

/** The file's new text and the doc as it then reads, or why the doc cannot be updated. */
export function updateParamSection(
  input: UpdateParamsInput,
): Checked<{ text: string; doc: DocText }> {
  const { text, symbol, language } = input;
  const name = symbol.qualifiedName;
  if (!symbol.docRange) return refuse(`${name} has no doc to update`);
  const read = readRawDoc(text, symbol.docRange, language);
  if (!read.ok) return read;
  const { doc } = read;
  const sections = locateParamSections(doc.views, language);
  const entries = sections.flatMap((section) => section.entries);
  const first = entries.reduce<ParamEntry | undefined>(
    (a, b) => (a && a.startLine <= b.startLine ? a : b),
    undefined,
  );
  if (!first) return refuse(`the doc of ${name} has no parameter entries to update`);
  const params = listParamsToDocument(symbol, language);
  const keeps = (entry: string) => keepsDocumentedName(entry, params);
  const documented = new Set(entries.map((entry) => normaliseName(entry.name)));
  const added = params.plain.filter((p) => !params.variadic.includes(p) && !documented.has(p));
  const gone = entries.filter((entry) => !keeps(entry.name));
  if (added.length === 0 && gone.length === 0)
    return refuse(`the parameter entries of ${name} are up to date`);

  // Where each new entry goes: after the entry of the nearest earlier documented parameter.
  const inserts = new Map<number, NewLine[]>();
  for (const param of added) {
    const earlier = params.plain.slice(0, params.plain.indexOf(param)).reverse();
    const anchor = earlier
      .map((p) => entries.filter((e) => keeps(e.name) && normaliseName(e.name) === p))
      .find((found) => found.length > 0);
    const after = anchor ? Math.max(...anchor.map((e) => e.endLine)) : first.startLine - 1;
    const reference = anchor?.[0] ?? first;
    const edge = anchor ? after : first.startLine;
    if (after < 0 || doc.markerLines.has(edge))
      return refuse(`the entry for ${param} would share a line with the doc's quotes or markers`);
    const lines = buildEntryLines(input, doc, reference.startLine, param);
    if (!lines.ok) return lines;
    inserts.set(after, [...(inserts.get(after) ?? []), ...lines.lines]);
  }
  const receives = (section: (typeof sections)[number]) =>
    [...inserts.keys()].some((k) => k >= (section.header?.startLine ?? 0) && k <= section.endLine);
  const drop = findRemovableLines(doc.views, sections, keeps, doc.markerLines, receives);
  for (const line of drop) {
    if (doc.markerLines.has(line))
      return refuse(`a removed entry shares a line with the doc's quotes or markers`);
  }
  const shared = gone.find((e) => !drop.has(e.startLine));
  if (shared) return refuse(`the entry of ${shared.name} shares a line with another parameter`);

  const raw: string[] = [];
  const views: string[] = [];
  for (let i = 0; i < doc.raw.length; i++) {
    if (!drop.has(i)) {
      raw.push(doc.raw[i] as string);
      views.push(doc.views[i] as string);
    }
    for (const line of inserts.get(i) ?? []) {
      raw.push(line.raw);
      views.push(line.view);
    }
  }
  const updated = text.slice(0, doc.start) + raw.join('\n') + text.slice(doc.end);
  return { ok: true, text: updated, doc: cleanDoc(views.join('\n')) };
}

interface NewLine {
  raw: string;
  view: string;
}

/**
 * The answer's entry for `param`, re-indented to the reference entry's indentation, behind its
 * gutter, wrapped to the width; refused when the answer has none or when it needs escaping.
 */
function buildEntryLines(
  input: UpdateParamsInput,
  doc: RawDoc,
  reference: number,
  param: string,
): Checked<{ lines: NewLine[] }> {
  const answer = input.doc.replace(/\r\n?/g, '\n').split('\n');
  // Only entries written in the reference entry's convention: no NumPy line in a Google section.
  const kind = locateParamSections(doc.views, input.language).find((section) =>
    section.entries.some((entry) => entry.startLine === reference),
  )?.kind;
  const sections = locateParamSections(answer, input.language).filter((s) => s.kind === kind);
  const all = sections.flatMap((section) => section.entries);
  const own = all.filter((entry) => normaliseName(entry.name) === param);
  if (own.length === 0)
    return refuse(`the model's answer has no entry for the new parameter ${param}`);
  const others = all.filter(
    (e) => !own.includes(e) && own.some((o) => o.startLine === e.startLine),
  );
  if (others.length > 0)
    return refuse(`the model's answer documents ${param} on one line with others`);
  const taken = [...new Set(own.flatMap((e) => rangeOf(e)))].sort((a, b) => a - b);
  const base = indentOf(answer[own[0]?.startLine ?? 0] ?? '');
  const view = doc.views[reference] ?? '';
  const indent = view.slice(0, indentOf(view));
  const entry = taken.map((i) => {
    const line = answer[i] ?? '';
    return indent + line.slice(Math.min(base, indentOf(line))).trimEnd();
  });
  const unsafe = findUnsafeText(entry, doc.kind);
  if (unsafe) return refuse(`the entry for ${param} holds ${unsafe}; it is not written`);
  const gutter = doc.gutters[reference] ?? '';
  const room = (input.width ?? DEFAULT_WIDTH) - measureColumns(gutter);
  const cr = (doc.raw[reference] ?? '').endsWith('\r') ? '\r' : '';
  const wrapped = wrapDocLines(entry, input.style, { first: room, rest: room });
  return {
    ok: true,
    lines: wrapped.map((line) => ({ view: line, raw: (gutter + line).trimEnd() + cr })),
  };
}

function rangeOf(entry: ParamEntry): number[] {
  return Array.from({ length: entry.endLine - entry.startLine + 1 }, (_, i) => entry.startLine + i);
}

// Text a docstring or comment would read differently from what it says: refused, not escaped.
function findUnsafeText(lines: readonly string[], kind: RawDoc['kind']): string | undefined {
  const text = lines.join('\n');
  if (kind === 'python' && text.includes('\\')) return 'a backslash';
  if (kind === 'python' && /"""|'''/.test(text)) return 'triple quotes';
  if (kind === 'block' && text.includes('*/')) return '*/';
  return undefined;
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
