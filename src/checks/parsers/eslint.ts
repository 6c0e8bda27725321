import {
  extractJson,
  type Found,
  isRecord,
  readNumber,
  readString,
  type ToolOutput,
} from './common.js';

/**
 * `eslint -f json`: `[{ filePath, messages: [{ ruleId, severity, message, line, column }] }]`.
 * A null ruleId (a parse error, an unused disable directive) has no code; `fatal` is an error.
 * Messages without a line ("File ignored because of a matching ignore pattern") are skipped:
 * there is nothing in the file to fix.
 */

export function parseEslintOutput(output: ToolOutput): Found[] {
  const results = extractJson(output.stdout, isEslintReport);
  if (!Array.isArray(results)) return [];
  const found: Found[] = [];
  for (const result of results) {
    if (!isRecord(result) || !Array.isArray(result.messages)) continue;
    const file = readString(result.filePath);
    if (!file) continue;
    for (const message of result.messages) {
      const diagnostic = isRecord(message) ? readEslintMessage(file, message) : undefined;
      if (diagnostic) found.push(diagnostic);
    }
  }
  return found;
}

function readEslintMessage(file: string, message: Record<string, unknown>): Found | undefined {
  const line = readNumber(message.line);
  const text = readString(message.message);
  if (line === undefined || text === undefined) return undefined;
  const warning = message.severity === 1 && message.fatal !== true;
  return {
    file,
    line,
    column: readNumber(message.column),
    endLine: readNumber(message.endLine),
    severity: warning ? 'warning' : 'error',
    code: readString(message.ruleId),
    message: text,
  };
}

function isEslintReport(value: unknown): boolean {
  return Array.isArray(value) && value.every((r) => isRecord(r) && 'filePath' in r);
}
