import {
  extractJson,
  type Found,
  isRecord,
  readNumber,
  readString,
  type Severity,
  type ToolOutput,
} from './common.js';

/**
 * `pyright --outputjson`: `{ generalDiagnostics: [{ file, severity, message, rule, range }] }`.
 * Positions are 0-based; a diagnostic about the whole file has no range and lands on line 1.
 */

const SEVERITIES = new Map<string, Severity>([
  ['error', 'error'],
  ['warning', 'warning'],
  ['information', 'note'],
]);

export function parsePyrightOutput(output: ToolOutput): Found[] {
  const report = extractJson(output.stdout, isPyrightReport);
  if (!isRecord(report) || !Array.isArray(report.generalDiagnostics)) return [];
  return report.generalDiagnostics.flatMap((entry) => readPyrightEntry(entry) ?? []);
}

function readPyrightEntry(entry: unknown): Found | undefined {
  if (!isRecord(entry)) return undefined;
  const file = readString(entry.file);
  const message = readString(entry.message);
  if (!file || message === undefined) return undefined;
  const range = isRecord(entry.range) ? entry.range : {};
  const start = isRecord(range.start) ? range.start : {};
  const end = isRecord(range.end) ? range.end : {};
  return {
    file,
    line: plusOne(readNumber(start.line)) ?? 1,
    column: plusOne(readNumber(start.character)),
    endLine: plusOne(readNumber(end.line)),
    severity: SEVERITIES.get(readString(entry.severity) ?? '') ?? 'note',
    code: readString(entry.rule),
    message,
  };
}

function plusOne(position: number | undefined): number | undefined {
  return position === undefined ? undefined : position + 1;
}

function isPyrightReport(value: unknown): boolean {
  return isRecord(value) && Array.isArray(value.generalDiagnostics);
}
