import {
  type Found,
  isRecord,
  readNumber,
  readString,
  type Severity,
  splitOutputLines,
  type ToolOutput,
  tryParseJson,
} from './common.js';

/**
 * `cargo check --message-format=json`: one JSON object per line. Only `compiler-message`
 * objects count, placed at their primary span; messages without a span ("aborting due to 2
 * previous errors") and `failure-note`s are skipped, as are artifacts and non-JSON lines.
 */

export function parseCargoOutput(output: ToolOutput): Found[] {
  const found: Found[] = [];
  for (const lines of splitOutputLines(output)) {
    for (const line of lines) {
      const text = line.trim();
      if (!text.startsWith('{')) continue;
      const parsed = tryParseJson(text);
      const diagnostic = parsed.ok ? readCompilerMessage(parsed.value) : undefined;
      if (diagnostic) found.push(diagnostic);
    }
  }
  return found;
}

function readCompilerMessage(value: unknown): Found | undefined {
  if (!isRecord(value) || value.reason !== 'compiler-message' || !isRecord(value.message)) {
    return undefined;
  }
  const { message } = value;
  const severity = readSeverity(readString(message.level));
  const text = readString(message.message);
  const spans = Array.isArray(message.spans) ? message.spans : [];
  const span = spans.find((s) => isRecord(s) && s.is_primary === true);
  if (!severity || text === undefined || !isRecord(span)) return undefined;
  const file = readString(span.file_name);
  const line = readNumber(span.line_start);
  if (!file || line === undefined) return undefined;
  return {
    file,
    line,
    column: readNumber(span.column_start),
    endLine: readNumber(span.line_end),
    severity,
    code: isRecord(message.code) ? readString(message.code.code) : undefined,
    message: text,
  };
}

// rustc levels: `error` (and `error: internal compiler error`), `warning`, `note`, `help`.
function readSeverity(level: string | undefined): Severity | undefined {
  if (level === undefined) return undefined;
  if (level.startsWith('error')) return 'error';
  if (level === 'warning') return 'warning';
  if (level === 'note' || level === 'help') return 'note';
  return undefined;
}
