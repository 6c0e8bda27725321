import { styleText } from 'node:util';
import { type ErrorCode, EXIT, type ExitCode, HearthError } from '../errors.js';
import { type DamageRecord, describeDamage } from '../util/damaged-files.js';
import { escapeControls } from '../util/terminal-text.js';

export { quoteName, quoteNameIn } from '../util/terminal-text.js';

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
    const code: ErrorCode = known ? error.code : 'unexpected';
    process.stdout.write(`${JSON.stringify({ error: { code, message, exitCode } }, null, 2)}\n`);
  }
  printError(`hearth: ${message}`);
  return exitCode;
}

/** A damaged state file this command moved aside, on stderr: the command goes on. */
export function printDamaged(record: DamageRecord): void {
  printError(`hearth: ${describeDamage(record)}`);
}

/** JSON as it is: JSON.stringify already escapes every control character. */
export function printJson(value: unknown): void {
  printedJson = true;
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * A line for a person, on stdout. Text from a repository or a model may hold escape sequences:
 * every control character but tab and newline is shown escaped (`\x1b`), never sent as itself.
 */
export function print(line = ''): void {
  process.stdout.write(`${escapeControls(line)}\n`);
}

/** `print` for stderr: an error, in red on a terminal that takes colour. */
export function printError(line: string): void {
  printParts([{ style: 'red', text: line }], process.stderr);
}

type Style = 'red' | 'yellow' | 'green' | 'dim';
export type Part = string | { style: Style; text: string };

/**
 * A line of parts, each escaped as `print` does; a styled part is coloured only where colour is
 * wanted (see `wantsColour`), so a pipe or a log never holds escape codes.
 */
export function printParts(parts: readonly Part[], stream: NodeJS.WriteStream = process.stdout) {
  const colour = wantsColour(stream, process.env);
  const line = parts
    .map((part) => {
      if (typeof part === 'string') return escapeControls(part);
      const text = escapeControls(part.text);
      // Node checks the stream too (its colour depth: a CI variable, FORCE_COLOR...).
      return colour ? styleText(part.style, text, { stream }) : text;
    })
    .join('');
  stream.write(`${line}\n`);
}

/** A terminal, and neither NO_COLOR (any value) nor TERM=dumb: https://no-color.org. */
export function wantsColour(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
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

/** `hearth scan | head`: the reader went away; the command ends, with no stack trace. */
export function endQuietlyWhenOutputCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(Number(process.exitCode ?? EXIT.ok));
    process.stderr.write(`hearth: cannot write the output: ${error.message}\n`);
    process.exit(EXIT.error);
  });
}
