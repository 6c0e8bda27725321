import { type Found, type Severity, splitOutputLines, type ToolOutput } from './common.js';

/**
 * Any `file:line:col: message` or `file:line: message` line on either stream, with an optional
 * `error:`, `warning:` or `note:` after the location (default error). The file may not hold
 * spaces or be all digits, so prose and timestamps (`12:30:05: started`) are not findings.
 */

const LOCATION = /^(?=[^\s:]*[^\s:\d])([^\s:]+):(\d+)(?::(\d+))?:\s*(\S.*)$/;
const SEVERITY = /^([A-Za-z]+):\s*(\S.*)$/;

const SEVERITIES = new Map<string, Severity>([
  ['error', 'error'],
  ['warning', 'warning'],
  ['note', 'note'],
]);

export function parseGenericOutput(output: ToolOutput): Found[] {
  return splitOutputLines(output).flatMap((lines) =>
    lines.flatMap((line) => readGenericLine(line) ?? []),
  );
}

function readGenericLine(line: string): Found | undefined {
  const match = LOCATION.exec(line);
  if (!match) return undefined;
  const [, file = '', row = '', col, rest = ''] = match;
  const labelled = SEVERITY.exec(rest);
  const severity = SEVERITIES.get(labelled?.[1]?.toLowerCase() ?? '');
  return {
    file,
    line: Number(row),
    column: col === undefined ? undefined : Number(col),
    severity: severity ?? 'error',
    message: (severity && labelled?.[2] ? labelled[2] : rest).trimEnd(),
  };
}
