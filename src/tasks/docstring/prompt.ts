import type { CodeSymbol, LanguageId, SourceRange } from '../../analysis/types.js';
import type { ChatMessage } from '../../providers/types.js';
import { fence } from '../../util/markdown.js';
import { isDocStale } from './stale.js';
import { describeStyle } from './style.js';
import type { DocStyle } from './types.js';

/**
 * The prompt asking a model for one symbol's doc. It shows the symbol in focus, not the file: the
 * enclosing class's declaration (or, for a top-level symbol, the file's opening lines), the
 * symbol's own code (a type's members reduced to their signatures), and the current doc when
 * there is one.
 */

export interface DocstringPromptInput {
  language: LanguageId;
  style: DocStyle;
  /** The file's path as the model should see it (relative to the repository). */
  path: string;
  /** The whole file's text; only slices of it go into the prompt. */
  text: string;
  symbol: CodeSymbol;
  /** Every symbol of the file, in source order. */
  symbols: readonly CodeSymbol[];
  maxCodeChars?: number;
}

const DEFAULT_MAX_CODE_CHARS = 6000;
const HEADER_MAX_LINES = 10;
const HEADER_MAX_CHARS = 500;
const CONTAINER_KINDS: ReadonlySet<CodeSymbol['kind']> = new Set([
  'class',
  'interface',
  'struct',
  'trait',
  'enum',
]);
const LANGUAGE_NAMES: Readonly<Record<LanguageId, string>> = {
  python: 'Python',
  typescript: 'TypeScript',
  javascript: 'JavaScript',
  go: 'Go',
  rust: 'Rust',
  java: 'Java',
};

export function buildDocstringPrompt(input: DocstringPromptInput): ChatMessage[] {
  const { symbol, symbols, text } = input;
  const max = input.maxCodeChars ?? DEFAULT_MAX_CODE_CHARS;
  const enclosing = findEnclosing(symbol, symbols);
  // A member's context is its enclosing type's declaration; a top-level symbol's, the file's start.
  const header = enclosing ? '' : buildModuleHeader(text, symbols);
  const outside = CONTAINER_KINDS.has(symbol.kind) ? membersOutside(symbol, symbols) : [];
  const code = truncateCode(buildSymbolCode(text, symbol, symbols), max);
  const signatures = outside.map((member) => member.signature).join('\n');
  const sections = [
    describeFile(input),
    header && `The start of the file:\n${fence(header, input.language)}`,
    enclosing && `It is declared inside:\n${fence(enclosing.signature, input.language)}`,
    `The code of the ${symbol.kind} \`${symbol.qualifiedName}\`:\n${fence(code, input.language)}`,
    signatures && `Its members declared elsewhere:\n${fence(signatures, input.language)}`,
    describeCurrentDoc(input),
    buildRequest(input),
  ];
  return buildMessages(input.style, sections);
}

/** The same instructions around the whole file: only for measuring what the focus saves. */
export function buildWholeFilePrompt(input: DocstringPromptInput): ChatMessage[] {
  const sections = [
    describeFile(input),
    `The whole file:\n${fence(input.text, input.language)}`,
    describeCurrentDoc(input),
    buildRequest(input),
  ];
  return buildMessages(input.style, sections);
}

function buildMessages(style: DocStyle, sections: ReadonlyArray<string | false | undefined>) {
  const system =
    'You write documentation for code. Describe what the code shown does; do not invent ' +
    'behaviour. Answer with the doc text only, with no remarks before or after it.';
  const user = sections.filter((section): section is string => Boolean(section)).join('\n\n');
  return [
    { role: 'system', content: `${system}\n\n${describeStyle(style)}` },
    { role: 'user', content: user },
  ] satisfies ChatMessage[];
}

function describeFile(input: DocstringPromptInput): string {
  return `File: ${input.path} (${LANGUAGE_NAMES[input.language]})`;
}

function describeCurrentDoc({ symbol, language }: DocstringPromptInput): string | undefined {
  if (!symbol.doc) return undefined;
  const why = isDocStale(symbol, language)
    ? 'It is out of date: the parameters changed. Write a corrected doc that documents every parameter.'
    : 'Rewrite it, keeping what is still true.';
  return `Its current doc:\n${fence(symbol.doc, 'text')}\n${why}`;
}

function buildRequest({ symbol, style }: DocstringPromptInput): string {
  const callable = symbol.kind === 'function' || symbol.kind === 'method';
  const params = symbol.params.length > 0 ? symbol.params.join(', ') : 'none';
  const listed = callable ? ` (parameters: ${params})` : '';
  const start = style === 'godoc' ? ` Start it with "${symbol.name}".` : '';
  return `Write the doc for the ${symbol.kind} \`${symbol.qualifiedName}\`${listed}.${start}`;
}

/**
 * The lines before the first symbol (imports, module doc), a license block left out, capped at
 * 10 lines and 500 characters; empty when the file starts with a symbol.
 */
export function buildModuleHeader(text: string, symbols: readonly CodeSymbol[]): string {
  const firstLine = Math.min(
    ...symbols.map((s) => Math.min(s.startLine, s.docRange?.startLine ?? s.startLine)),
  );
  if (!Number.isFinite(firstLine)) return '';
  const before = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .slice(0, firstLine - 1)
    .join('\n');
  const paragraphs = before.split(/\n\s*\n/).filter((p) => p.trim() !== '' && !isLicenseBlock(p));
  const lines = paragraphs.join('\n\n').split('\n').slice(0, HEADER_MAX_LINES);
  while (lines.length > 1 && lines.join('\n').length > HEADER_MAX_CHARS) lines.pop();
  return lines.join('\n').slice(0, HEADER_MAX_CHARS).trimEnd();
}

// A comment-only paragraph naming a license or copyright: no help in writing a doc.
function isLicenseBlock(paragraph: string): boolean {
  const commentOnly = paragraph.split('\n').every((line) => /^\s*(?:#|\/\/|\/\*|\*)/.test(line));
  return commentOnly && /copyright|licen[cs]e|SPDX-/i.test(paragraph);
}

/** The class, struct, interface, trait or enum whose member `symbol` is, if any. */
function findEnclosing(symbol: CodeSymbol, symbols: readonly CodeSymbol[]): CodeSymbol | undefined {
  const dot = symbol.qualifiedName.lastIndexOf('.');
  if (dot < 0) return undefined;
  const prefix = symbol.qualifiedName.slice(0, dot);
  return symbols.find((s) => s.qualifiedName === prefix && CONTAINER_KINDS.has(s.kind));
}

function directMembers(container: CodeSymbol, symbols: readonly CodeSymbol[]): CodeSymbol[] {
  const prefix = `${container.qualifiedName}.`;
  return symbols.filter(
    (s) =>
      s !== container &&
      s.qualifiedName.startsWith(prefix) &&
      !s.qualifiedName.slice(prefix.length).includes('.'),
  );
}

function isInside(inner: SourceRange, outer: SourceRange): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

// Go methods and Rust impl blocks live outside the type's own braces.
function membersOutside(container: CodeSymbol, symbols: readonly CodeSymbol[]): CodeSymbol[] {
  return directMembers(container, symbols).filter((m) => !isInside(m, container));
}

interface Edit {
  start: number;
  end: number;
  replacement: string;
}

/**
 * The symbol's code without its own doc (the prompt shows that apart). A type's members inside its
 * body shrink to their signatures, so fields stay and method bodies go.
 */
function buildSymbolCode(text: string, symbol: CodeSymbol, symbols: readonly CodeSymbol[]): string {
  const edits: Edit[] = [];
  if (symbol.docRange && isInside(symbol.docRange, symbol)) {
    edits.push({ ...expandToLines(text, symbol.docRange), replacement: '' });
  }
  if (CONTAINER_KINDS.has(symbol.kind)) {
    for (const member of directMembers(symbol, symbols).filter((m) => isInside(m, symbol))) {
      const docStart =
        member.docRange && isInside(member.docRange, symbol)
          ? member.docRange.startIndex
          : member.startIndex;
      const start = Math.min(docStart, member.startIndex);
      edits.push({ start, end: member.endIndex, replacement: member.signature });
    }
  }
  edits.sort((a, b) => a.start - b.start);
  let code = '';
  let at = symbol.startIndex;
  for (const edit of edits) {
    if (edit.start < at) continue;
    code += text.slice(at, edit.start) + edit.replacement;
    at = edit.end;
  }
  const lineStart = text.lastIndexOf('\n', symbol.startIndex - 1) + 1;
  const lead = text.slice(lineStart, symbol.startIndex);
  const indent = lead.trim() === '' ? lead : '';
  return dedent((indent + code + text.slice(at, symbol.endIndex)).replace(/\r\n?/g, '\n'));
}

// A method shown alone starts at column 0, its body keeping its shape.
function dedent(code: string): string {
  const lines = code.split('\n');
  const indents = lines
    .filter((line) => line.trim() !== '')
    .map((line) => line.length - line.trimStart().length);
  const margin = Math.min(...indents);
  if (!Number.isFinite(margin) || margin === 0) return code;
  return lines.map((line) => line.slice(Math.min(margin, line.length))).join('\n');
}

// Widens a range to whole lines when nothing else shares them, so cutting it leaves no blank line.
function expandToLines(text: string, range: SourceRange): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', range.startIndex - 1) + 1;
  const newline = text.indexOf('\n', range.endIndex);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  const alone =
    text.slice(lineStart, range.startIndex).trim() === '' &&
    text.slice(range.endIndex, lineEnd).trim() === '';
  return alone
    ? { start: lineStart, end: lineEnd }
    : { start: range.startIndex, end: range.endIndex };
}

/** Whole lines up to `maxChars`, then `... (N more lines)`. */
export function truncateCode(code: string, maxChars: number): string {
  if (code.length <= maxChars) return code;
  const lines = code.split('\n');
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > maxChars) break;
    kept.push(line);
    size += line.length + 1;
  }
  if (kept.length === 0) kept.push((lines[0] ?? '').slice(0, maxChars));
  return `${kept.join('\n')}\n... (${lines.length - kept.length} more lines)`;
}
