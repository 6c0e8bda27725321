import {
  extractJson,
  type Found,
  isRecord,
  readNumber,
  readString,
  splitOutputLines,
  type ToolOutput,
} from './common.js';

/**
 * `ruff check --output-format json` (`[{ code, message, filename, location, end_location }]`),
 * or else the concise text format `path:line:col: F401 [*] message`. Everything is an error;
 * a syntax error has no code.
 */

const CONCISE = /^(.+?):(\d+):(\d+): (?:([A-Z]+[0-9]+) )?(?:\[\*\] )?(.+)$/;

export function parseRuffOutput(output: ToolOutput): Found[] {
  const report = extractJson(output.stdout, isRuffReport);
  if (Array.isArray(report)) return report.flatMap((entry) => readRuffEntry(entry) ?? []);
  return splitOutputLines(output).flatMap((lines) => lines.flatMap((l) => readConcise(l) ?? []));
}

function readRuffEntry(entry: unknown): Found | undefined {
  if (!isRecord(entry)) return undefined;
  const file = readString(entry.filename);
  const message = readString(entry.message);
  const start = isRecord(entry.location) ? entry.location : {};
  const end = isRecord(entry.end_location) ? entry.end_location : {};
  const line = readNumber(start.row);
  if (!file || message === undefined || line === undefined) return undefined;
  return {
    file,
    line,
    column: readNumber(start.column),
    endLine: readNumber(end.row),
    severity: 'error',
    code: readString(entry.code),
    message,
  };
}

function readConcise(line: string): Found | undefined {
  const match = CONCISE.exec(line);
  if (!match) return undefined;
  const [, file = '', row = '', col = '', code, message = ''] = match;
  return {
    file,
    line: Number(row),
    column: Number(col),
    severity: 'error',
    code,
    message: message.trimEnd(),
  };
}

function isRuffReport(value: unknown): boolean {
  return Array.isArray(value) && value.every((e) => isRecord(e) && 'location' in e);
}
