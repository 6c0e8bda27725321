import { EXIT, type ExitCode, HearthError } from '../errors.js';

/** Whether this process printed JSON to stdout: then an error adds no second document. */
let printedJson = false;

/**
 * Prints an error the way every command does, and returns the exit code it maps to. With
 * `--json` the error is JSON on stdout too (`{"error": {"code", "message"}}`), so a script that
 * reads the command's JSON reads its failure the same way.
 */
export function reportError(error: unknown, opts: { json?: boolean } = {}): ExitCode {
  const known = error instanceof HearthError;
  const exitCode = known ? error.exitCode : EXIT.error;
  const message = known
    ? error.message
    : `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  // A command that already answered in JSON (`status --json`: `{"running": false}`) keeps it.
  if (opts.json && !printedJson) {
    const code = known ? error.code : 'unexpected';
    process.stdout.write(`${JSON.stringify({ error: { code, message, exitCode } }, null, 2)}\n`);
  }
  process.stderr.write(`hearth: ${message}\n`);
  return exitCode;
}

export function printJson(value: unknown): void {
  printedJson = true;
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** "3d 4h", "5m 3s", "850ms". */
export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return `${ms}ms`;
  const units: Array<[number, string]> = [
    [86400, 'd'],
    [3600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [size, unit] of units) {
    if (rest >= size || (parts.length && parts.length < 2)) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
