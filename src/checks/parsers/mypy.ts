import { type Found, type Severity, splitOutputLines, type ToolOutput } from './common.js';

/**
 * mypy text: `path:line: error: message  [code]`, with `:col` under `--show-column-numbers` and
 * `:endLine:endCol` under `--show-error-end`. A note right after an error on the same file and
 * line explains that error, so it is appended to it rather than reported on its own.
 * Summaries (`Found 3 errors in 2 files`) and file-level lines without a line number are ignored.
 */

const LINE = /^(.+?):(\d+)(?::(\d+))?(?::(\d+):\d+)?: (error|warning|note): (.*)$/;
const CODE = /^(.*?) {2}\[([a-z][a-z0-9-]*)\]$/;

export function parseMypyOutput(output: ToolOutput): Found[] {
  const found: Found[] = [];
  for (const lines of splitOutputLines(output)) {
    let lastError: Found | undefined;
    for (const line of lines) {
      const diagnostic = readMypyLine(line);
      if (!diagnostic) {
        lastError = undefined;
      } else if (diagnostic.severity === 'note' && isSamePlace(lastError, diagnostic)) {
        lastError.message += `\n${diagnostic.message}`;
      } else {
        found.push(diagnostic);
        lastError = diagnostic.severity === 'error' ? diagnostic : undefined;
      }
    }
  }
  return found;
}

function readMypyLine(line: string): Found | undefined {
  const match = LINE.exec(line);
  if (!match) return undefined;
  const [, file = '', row = '', col, endRow, severity = '', rest = ''] = match;
  const coded = CODE.exec(rest.trimEnd());
  return {
    file,
    line: Number(row),
    column: col === undefined ? undefined : Number(col),
    endLine: endRow === undefined ? undefined : Number(endRow),
    severity: severity as Severity,
    code: coded?.[2],
    message: coded?.[1] ?? rest.trimEnd(),
  };
}

function isSamePlace(error: Found | undefined, note: Found): error is Found {
  return error !== undefined && error.file === note.file && error.line === note.line;
}
