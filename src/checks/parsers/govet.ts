import { type Found, splitOutputLines, type ToolOutput } from './common.js';

/**
 * `go vet` text, on stderr: `./pkg/file.go:12:5: message` lines under `# pkg` headers. Lines
 * starting `vet: ` are the tool's own failures, not findings, and are skipped.
 */

const FINDING = /^([^\s:]+):(\d+)(?::(\d+))?: (.+)$/;

export function parseGovetOutput(output: ToolOutput): Found[] {
  const found: Found[] = [];
  for (const lines of splitOutputLines(output)) {
    for (const line of lines) {
      if (line.startsWith('#') || line.startsWith('vet: ')) continue;
      const match = FINDING.exec(line);
      if (!match) continue;
      const [, file = '', row = '', col, message = ''] = match;
      found.push({
        file,
        line: Number(row),
        column: col === undefined ? undefined : Number(col),
        severity: 'error',
        message: message.trimEnd(),
      });
    }
  }
  return found;
}
