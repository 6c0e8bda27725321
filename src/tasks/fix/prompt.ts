import type { CodeSymbol, LanguageId } from '../../analysis/types.js';
import type { Diagnostic } from '../../checks/types.js';
import type { ChatMessage } from '../../providers/types.js';
import { fence } from '../../util/markdown.js';

/**
 * The prompts asking a model to fix code: for checker diagnostics on one file, or for a failing
 * command and the files its output names. Code is shown exactly as it is in the file (no line
 * numbers, no markers), so the model can copy it into the SEARCH half of its blocks.
 */

export interface FixPromptInput {
  /** The file's path as the model should see it (relative to the repository). */
  path: string;
  language: LanguageId;
  /** The whole file's text; only slices of it go into the prompt. */
  text: string;
  /** One or more diagnostics on this file. */
  diagnostics: Diagnostic[];
  /** Every symbol of the file. */
  symbols: readonly CodeSymbol[];
  /** Lines shown before and after a diagnostic outside any function; 8 by default. */
  contextLines?: number;
}

export interface CommandFixPromptInput {
  command: string;
  exitCode: number | null;
  /** The command's combined output; only its end goes into the prompt. */
  output: string;
  /** The files the output names. */
  files: Array<{ path: string; text: string }>;
}

interface Region {
  start: number;
  end: number;
  label?: string;
}

const DEFAULT_CONTEXT_LINES = 8;
const MAX_SYMBOL_LINES = 80;
const HEADER_MAX_LINES = 10;
const MAX_OUTPUT_CHARS = 4000;
const FILE_WINDOW_LINES = 200;
const UNKNOWN_NAME = /not defined|cannot find|undefined name|undefined:|unresolved/i;
const IMPORT_LINE = /^\s*(?:import\b|from\s+\S+\s+import\b|use\s|package\s|#include|extern crate)/;
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');
const LANGUAGE_NAMES: Readonly<Record<LanguageId, string>> = {
  python: 'Python',
  typescript: 'TypeScript',
  javascript: 'JavaScript',
  go: 'Go',
  rust: 'Rust',
  java: 'Java',
};

// Kept constant across tasks so a local server can reuse its cached prompt prefix.
const ANSWER_FORMAT = [
  'Answer ONLY with one or more SEARCH/REPLACE blocks, in exactly this format:',
  '',
  'path/to/file.ext',
  '<<<<<<< SEARCH',
  'the lines to change, copied exactly from the code shown',
  '=======',
  'the lines to put in their place',
  '>>>>>>> REPLACE',
  '',
  '- The SEARCH lines must be copied exactly from the code shown, whole lines, including ' +
    'indentation and punctuation.',
  '- Keep each SEARCH short: the lines that change, plus a neighbouring line if needed to make ' +
    'it unique in the file.',
  '- To add lines (an import, say), put a neighbouring line in SEARCH and repeat it in REPLACE ' +
    'next to the new lines.',
  '- Use one block per place to change.',
  '- No explanations, no other text.',
].join('\n');

export function buildFixPrompt(input: FixPromptInput): ChatMessage[] {
  const lines = input.text.split(/\r?\n/);
  const regions = mergeRegions(input.diagnostics.map((d) => findRegion(input, lines.length, d)));
  const header = input.diagnostics.some((d) => UNKNOWN_NAME.test(d.message))
    ? findHeader(lines, input.symbols)
    : undefined;
  const showHeader = header && !regions.some((r) => r.start <= header.start && r.end >= header.end);
  const tag = input.language;
  const sections = [
    `File: ${input.path} (${LANGUAGE_NAMES[input.language]})`,
    `The checker reports:\n${input.diagnostics.map(formatDiagnostic).join('\n')}`,
    input.diagnostics.map((d) => describeLine(lines, d.line)).join('\n'),
    showHeader && `The imports at the top of the file:\n${fence(slice(lines, header), tag)}`,
    ...regions.map((r) => `The code to fix, ${describeRegion(r)}:\n${fence(slice(lines, r), tag)}`),
    'Change only what is needed to make the diagnostic go away.',
  ];
  const system =
    "You fix code so that a checker's diagnostic goes away, with the smallest change that " +
    'does it. Do not reformat, rename or rewrite anything else.';
  return buildMessages(system, sections);
}

export function buildCommandFixPrompt(input: CommandFixPromptInput): ChatMessage[] {
  const output = input.output.replace(ANSI_ESCAPE, '');
  const tail = output.length > MAX_OUTPUT_CHARS ? output.slice(-MAX_OUTPUT_CHARS) : output;
  const cut = tail.length < output.length ? ' (its last 4,000 characters)' : '';
  const status =
    input.exitCode === null ? 'was killed before it finished' : `exited with ${input.exitCode}`;
  const sections = [
    `The command ${inlineCode(input.command)} ${status}.`,
    `Its output${cut}:\n${fence(tail.trimEnd(), 'text')}`,
    ...input.files.map((file) => describeFile(file, output)),
    input.files.length === 0 && 'The output names no file of the repository.',
    'Fix the code so that the command succeeds. Start each block with the path of its file.',
  ];
  const system =
    'You fix code so that a failing command succeeds, with the smallest change that does it. ' +
    'Do not reformat, rename or rewrite anything else.';
  return buildMessages(system, sections);
}

function buildMessages(system: string, sections: ReadonlyArray<string | false | undefined>) {
  const user = sections.filter((section): section is string => Boolean(section)).join('\n\n');
  return [
    { role: 'system', content: `${system}\n\n${ANSWER_FORMAT}` },
    { role: 'user', content: user },
  ] satisfies ChatMessage[];
}

function formatDiagnostic(d: Diagnostic): string {
  const where = d.column === undefined ? `${d.line}` : `${d.line}:${d.column}`;
  return [where, d.severity, d.code, d.message].filter(Boolean).join(' ');
}

// Names the line instead of marking it in the code, where the model would copy the marker.
function describeLine(lines: readonly string[], line: number): string {
  const text = lines[line - 1];
  if (text === undefined) return `Line ${line} is past the end of the file.`;
  if (text.trim() === '') return `Line ${line} of the file is blank.`;
  return `Line ${line} of the file is: ${inlineCode(text.trim())}`;
}

/** The innermost function holding the line when short enough, else the lines around it. */
function findRegion(input: FixPromptInput, lineCount: number, d: Diagnostic): Region {
  const line = Math.min(Math.max(d.line, 1), Math.max(lineCount, 1));
  const enclosing = input.symbols
    .filter((s) => s.kind === 'function' || s.kind === 'method')
    .filter((s) => s.startLine <= line && s.endLine >= line)
    .sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0];
  if (enclosing && enclosing.endLine - enclosing.startLine < MAX_SYMBOL_LINES) {
    const label = `the ${enclosing.kind} ${inlineCode(enclosing.qualifiedName)}`;
    return { start: enclosing.startLine, end: enclosing.endLine, label };
  }
  const context = input.contextLines ?? DEFAULT_CONTEXT_LINES;
  const last = Math.max(line, Math.min(d.endLine ?? line, line + context));
  return { start: Math.max(1, line - context), end: Math.min(lineCount, last + context) };
}

// Overlapping or touching regions become one, so no line is shown twice.
function mergeRegions(regions: Region[]): Region[] {
  const merged: Region[] = [];
  for (const region of [...regions].sort((a, b) => a.start - b.start)) {
    const previous = merged.at(-1);
    if (previous && region.start <= previous.end + 1) {
      const same = region.start === previous.start && region.end === previous.end;
      if (!same) delete previous.label;
      previous.end = Math.max(previous.end, region.end);
    } else merged.push({ ...region });
  }
  return merged;
}

function describeRegion(region: Region): string {
  const lines = `lines ${region.start}-${region.end} of the file`;
  return region.label ? `${region.label} (${lines})` : lines;
}

/** Up to 10 lines from the first import (or the file's start) and before the first symbol. */
function findHeader(lines: readonly string[], symbols: readonly CodeSymbol[]): Region | undefined {
  const firstSymbol = Math.min(
    ...symbols.map((s) => Math.min(s.startLine, s.docRange?.startLine ?? s.startLine)),
  );
  const limit = Math.min(lines.length, Number.isFinite(firstSymbol) ? firstSymbol - 1 : 50);
  const firstImport = lines.slice(0, limit).findIndex((line) => IMPORT_LINE.test(line));
  const start = firstImport >= 0 ? firstImport + 1 : 1;
  let end = Math.min(limit, start + HEADER_MAX_LINES - 1);
  while (end >= start && (lines[end - 1] ?? '').trim() === '') end--;
  return end >= start ? { start, end } : undefined;
}

/** The file around the first line the output mentions in it, at most 200 lines. */
function describeFile(file: { path: string; text: string }, output: string): string {
  const lines = file.text.split(/\r?\n/);
  const mentioned = findMentionedLine(file.path, output) ?? 1;
  const first = Math.max(1, mentioned - FILE_WINDOW_LINES / 2 + 1);
  const end = Math.min(lines.length, first + FILE_WINDOW_LINES - 1);
  const start = Math.max(1, end - FILE_WINDOW_LINES + 1);
  const extent =
    start === 1 && end === lines.length ? '' : ` (lines ${start}-${end} of ${lines.length})`;
  const tag = file.path.split('.').pop() ?? '';
  return `The file ${file.path}${extent}:\n${fence(slice(lines, { start, end }), tag)}`;
}

// `path:12:5` (most tools), `path(12,5)` (tsc) or `"path", line 12` (Python tracebacks).
function findMentionedLine(path: string, output: string): number | undefined {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}(?::(\\d+)|\\((\\d+)|", line (\\d+))`).exec(output);
  const line = match ? Number(match[1] ?? match[2] ?? match[3]) : Number.NaN;
  return Number.isFinite(line) ? line : undefined;
}

function slice(lines: readonly string[], region: { start: number; end: number }): string {
  return lines.slice(region.start - 1, region.end).join('\n');
}

function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}
