import { type Found, type Severity, splitOutputLines, type ToolOutput } from './common.js';

/**
 * `tsc` output, plain (`src/a.ts(12,5): error TS2322: ...`) or `--pretty`
 * (`src/a.ts:12:5 - error TS2322: ...`, then a code frame). Indented lines right after a
 * diagnostic continue its message (tsc's chained "Types of property ... are incompatible").
 * Diagnostics without a file (`error TS18003: No inputs were found`) are skipped.
 */

const PLAIN = /^(.+?)\((\d+),(\d+)\): (error|warning|message|suggestion) (TS\d+): (.*)$/;
const PRETTY = /^(.+?):(\d+):(\d+) - (error|warning|message|suggestion) (TS\d+): (.*)$/;
const CONTINUATION = /^\s+\S/;

const SEVERITIES = new Map<string, Severity>([
  ['error', 'error'],
  ['warning', 'warning'],
  ['message', 'note'],
  ['suggestion', 'note'],
]);

export function parseTscOutput(output: ToolOutput): Found[] {
  const found: Found[] = [];
  for (const lines of splitOutputLines(output)) {
    let open: Found | undefined;
    for (const line of lines) {
      const match = PLAIN.exec(line) ?? PRETTY.exec(line);
      if (match) {
        const [, file = '', row = '', col = '', category = '', code, message = ''] = match;
        open = {
          file,
          line: Number(row),
          column: Number(col),
          severity: SEVERITIES.get(category) ?? 'error',
          code,
          message: message.trimEnd(),
        };
        found.push(open);
      } else if (open && CONTINUATION.test(line)) {
        open.message += `\n${line.trimEnd()}`;
      } else {
        open = undefined;
      }
    }
  }
  return found;
}
