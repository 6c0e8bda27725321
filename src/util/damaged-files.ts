import { appendFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';

/**
 * A state file hearth could not read, moved aside so that hearth starts fresh and the user keeps
 * the damaged copy. One JSON line per move goes to `damaged-files.jsonl` beside the file;
 * `hearth status` and `hearth doctor` show each move while its copy is still there.
 */
export interface DamageRecord {
  file: string;
  movedTo: string;
  /** What was wrong, for a person: "file is not a database", "not valid JSON at line 3...". */
  reason: string;
  /** What became of its content: "12 rows recovered into the fresh store", "nothing is trusted". */
  outcome: string;
  at: string;
}

export const DAMAGE_RECORD_FILE = 'damaged-files.jsonl';

/** `queue.sqlite` -> `queue.sqlite.damaged-2026-12-03T16-01-25-123Z`. Pure. */
export function buildAsidePath(file: string, now: Date): string {
  return `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * Renames `file` (and each `file + suffix` that exists, e.g. SQLite's `-wal` and `-shm`) aside;
 * returns where the file went.
 */
export function moveAside(file: string, now: Date, suffixes: readonly string[] = []): string {
  const aside = buildAsidePath(file, now);
  renameSync(file, aside);
  for (const suffix of suffixes) {
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  }
  return aside;
}

/** Appends the move to the record beside the file; a failure to record never hides the move. */
export function recordDamage(record: DamageRecord): void {
  try {
    appendFileSync(
      path.join(path.dirname(record.file), DAMAGE_RECORD_FILE),
      `${JSON.stringify(record)}\n`,
      { mode: 0o600 },
    );
  } catch {
    // The disk may be what is failing; the caller logs the move either way.
  }
}

/** Moves a damaged file aside and records it; the one way for every JSON state file. */
export function setAsideDamaged(
  file: string,
  reason: string,
  outcome: string,
  now = new Date(),
): DamageRecord {
  const movedTo = moveAside(file, now);
  const record = { file, movedTo, reason, outcome, at: now.toISOString() };
  recordDamage(record);
  return record;
}

/** The recorded moves in these folders whose damaged copy is still there, oldest first. */
export function listDamage(dirs: readonly string[]): DamageRecord[] {
  const records: DamageRecord[] = [];
  for (const dir of dirs) {
    let text: string;
    try {
      text = readFileSync(path.join(dir, DAMAGE_RECORD_FILE), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      const record = parseRecord(line);
      if (record && existsSync(record.movedTo)) records.push(record);
    }
  }
  return records.sort((a, b) => a.at.localeCompare(b.at));
}

function parseRecord(line: string): DamageRecord | undefined {
  try {
    const value = JSON.parse(line) as Partial<DamageRecord>;
    const fields = [value.file, value.movedTo, value.reason, value.outcome, value.at];
    return fields.every((field) => typeof field === 'string') ? (value as DamageRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** One line for status and doctor. Pure. */
export function describeDamage(record: DamageRecord): string {
  return `${record.file} was damaged (${record.reason}); moved to ${record.movedTo} at ${record.at}; ${record.outcome}`;
}
