import type { Checked } from '../../util/checked.js';
import { type LenientRead, readLenientJson } from './lenient-json.js';
import type { DroppedFinding, RawFinding, Severity } from './types.js';

/**
 * Reads a model's review answer, asked for `{ "summary", "findings": [...] }` or a bare array of
 * findings, into RawFindings. The JSON may be damaged (see lenient-json.ts) and wrapped in a fence
 * or prose; each finding may use other names for its fields. A finding that cannot be placed (no
 * file, line or message) is dropped with a reason; the answer is refused only when no JSON
 * object or array of findings can be recovered from it.
 */

export { fingerprintFinding, selectFindings } from './select-findings.js';

export interface ParsedFindings {
  findings: RawFinding[];
  summary: string;
  dropped: DroppedFinding[];
}

/** Added to the prompt for the one retry after parseFindings refused an answer. */
export const STRICT_RETRY_INSTRUCTION = [
  'Your previous answer could not be read as JSON. Answer again with one JSON object and nothing',
  'else: no prose, no code fence, no comments, double quotes only, no trailing commas. Its shape:',
  '{"summary": "<two or three sentences>", "findings": [{"file": "<path as in the diff>",',
  '"line": <line number in the new version>, "severity": "error" | "warning" | "note",',
  '"category": "<one or two words>", "message": "<what is wrong and why>",',
  '"suggestion": "<replacement code for that line, optional>"}]}.',
  'With nothing to report, answer {"summary": "<your summary>", "findings": []}.',
].join('\n');

const MAX_ANSWER_CHARS = 100_000;
// Bounds the search through prose for the JSON, each try costing at most one pass.
const MAX_TRIES = 100;
const LIST_KEYS = ['findings', 'issues'];
const FILE_KEYS = ['file', 'path', 'filename', 'filePath', 'file_path'];
const LINE_KEYS = ['line', 'lineNumber', 'line_number', 'startLine', 'start_line', 'lines'];
const END_LINE_KEYS = ['endLine', 'end_line'];
const SEVERITY_KEYS = ['severity', 'level', 'priority'];
const CATEGORY_KEYS = ['category', 'type', 'kind'];
const MESSAGE_KEYS = ['message', 'description', 'text', 'comment', 'issue'];
const SUGGESTION_KEYS = ['suggestion', 'fix', 'replacement'];
const SEVERITIES: Readonly<Record<string, Severity>> = {
  error: 'error',
  critical: 'error',
  high: 'error',
  major: 'error',
  blocker: 'error',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  moderate: 'warning',
  minor: 'warning',
  low: 'warning',
  note: 'note',
  info: 'note',
  information: 'note',
  suggestion: 'note',
  nit: 'note',
  nitpick: 'note',
  hint: 'note',
};
const LINE_TEXT = /^\s*(?:lines?\s*|L)?(\d+)(?:\s*(?:-|–|to)\s*L?(\d+))?\s*$/i;

export function parseFindings(answer: string): Checked<ParsedFindings> {
  if (answer.trim() === '') return refuse('the answer is empty');
  if (answer.length > MAX_ANSWER_CHARS) {
    return refuse(`the answer is ${answer.length} characters, over the 100,000 allowed`);
  }
  const read = recoverJson(answer.replace(/\r\n?/g, '\n'));
  if (!read) return refuse('the answer holds no JSON object or array of findings');
  const { list, summary } = splitRoot(read.value);
  const findings: RawFinding[] = [];
  const dropped: DroppedFinding[] = [];
  for (const item of list) {
    const finding = normaliseFinding(item);
    if ('reason' in finding) dropped.push({ finding: item, reason: finding.reason });
    else findings.push(finding);
  }
  for (const { parent, item } of read.cut) {
    if (parent === list) dropped.push({ finding: item, reason: 'the answer ended inside it' });
  }
  return { ok: true, findings, summary, dropped };
}

// The longest findings-shaped value starting at a `{` or `[`: the outermost one, not an
// example in the prose around it.
function recoverJson(text: string): LenientRead | undefined {
  const opening = /[{[]/g;
  let best: LenientRead | undefined;
  let bestLength = 0;
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const start = opening.exec(text)?.index;
    if (start === undefined) break;
    const read = readLenientJson(text, start);
    if (!read || !isFindingsShaped(read.value)) continue;
    if (read.end - start > bestLength) [best, bestLength] = [read, read.end - start];
    opening.lastIndex = read.end;
  }
  return best;
}

function isFindingsShaped(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isRecord);
  return isRecord(value) && [...LIST_KEYS, 'summary'].some((key) => key in value);
}

function splitRoot(root: unknown): { list: unknown[]; summary: string } {
  if (Array.isArray(root)) return { list: root, summary: '' };
  const record = root as Record<string, unknown>;
  const summary = typeof record.summary === 'string' ? record.summary.trim() : '';
  const list = pickField(record, LIST_KEYS);
  if (Array.isArray(list)) return { list, summary };
  return { list: list === undefined ? [] : [list], summary };
}

function normaliseFinding(item: unknown): RawFinding | { reason: string } {
  if (!isRecord(item)) return { reason: 'not an object' };
  const file = readFile(pickField(item, FILE_KEYS));
  const lines = readLines(pickField(item, LINE_KEYS));
  const message = readText(pickField(item, MESSAGE_KEYS));
  const missing = [!file && 'no file', !lines && 'no line number', !message && 'no message'];
  if (!file || !lines || !message) return { reason: missing.filter(Boolean).join(', ') };
  const endLine = lines.endLine ?? readLines(pickField(item, END_LINE_KEYS))?.line;
  const severity = readSeverity(pickField(item, SEVERITY_KEYS));
  const category = readText(pickField(item, CATEGORY_KEYS))
    ?.toLowerCase()
    .replace(/[\s_]+/g, '-');
  const suggestion = readSuggestion(pickField(item, SUGGESTION_KEYS));
  return {
    file,
    line: lines.line,
    ...(endLine !== undefined && endLine > lines.line ? { endLine } : {}),
    severity,
    category: category || 'general',
    message,
    ...(suggestion ? { suggestion } : {}),
  };
}

function pickField(record: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) if (record[key] !== undefined && record[key] !== null) return record[key];
  return undefined;
}

function readText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

// An unknown or missing severity reads as a warning: the finding still counts.
function readSeverity(value: unknown): Severity {
  const word = readText(value)?.toLowerCase() ?? '';
  return Object.hasOwn(SEVERITIES, word) ? (SEVERITIES[word] as Severity) : 'warning';
}

function readFile(value: unknown): string | undefined {
  return readText(value)
    ?.replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '');
}

// `12`, `"12"`, `"L12"`, `"12-14"`, `"lines 12 to 14"`.
function readLines(value: unknown): { line: number; endLine?: number } | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 1 ? { line: value } : undefined;
  }
  const match = typeof value === 'string' ? LINE_TEXT.exec(value) : null;
  const line = Number(match?.[1]);
  if (!match || line < 1) return undefined;
  return match[2] === undefined ? { line } : { line, endLine: Number(match[2]) };
}

// Replacement code without the fence a model tends to put around it, indentation kept.
function readSuggestion(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const fenced = /^\s*(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n?\s*\1\s*$/.exec(value);
  const code = (fenced?.[2] ?? value).replace(/^(?:[ \t]*\n)+/, '').trimEnd();
  return code === '' ? undefined : code;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
