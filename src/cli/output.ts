import { EXIT, type ExitCode, HearthError } from '../errors.js';
import { type DamageRecord, describeDamage } from '../util/damaged-files.js';

/** Prints an error the way every command does, and returns the exit code it maps to. */
export function reportError(error: unknown): ExitCode {
  if (error instanceof HearthError) {
    process.stderr.write(`hearth: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`hearth: unexpected error: ${message}\n`);
  return EXIT.error;
}

/** A damaged state file this command moved aside, on stderr: the command goes on. */
export function printDamaged(record: DamageRecord): void {
  process.stderr.write(`hearth: ${describeDamage(record)}\n`);
}

export function printJson(value: unknown): void {
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
