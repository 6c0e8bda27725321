import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { errorMessage, HearthError } from '../errors.js';
import { type DamageRecord, moveAside, recordDamage } from './damaged-files.js';
import { copyReadableRows } from './sqlite-recover.js';

export interface OpenStoreOptions {
  /** Hears of a damaged file moved aside (to log it or print it); it is recorded either way. */
  onDamaged?: (record: DamageRecord) => void;
  /**
   * Why this process must not move a damaged store now (another process, the daemon, has it
   * open); the open then fails naming the file, the damage and this reason.
   */
  refuseMove?: () => string | undefined;
}

/**
 * How a fresh store takes the rows of a damaged one: set up to the damaged file's own schema
 * first (`setUpForCopy`), the rows copied, then brought up to date by the ordinary set-up.
 */
interface CopyAtOwnSchema {
  setUpForCopy: (db: Database.Database, damagedFile: string) => void;
}

/**
 * Opens one of hearth's SQLite files (0600, WAL, a busy time-out) and brings it up to the last
 * of `migrations`, each step in its own transaction; `PRAGMA user_version` counts the steps run.
 * Append steps, never edit a shipped one. A file from a newer hearth is refused, naming it.
 */
export function openSqlite(
  file: string,
  migrations: readonly string[],
  options: OpenStoreOptions = {},
): Database.Database {
  // A damaged file of an older schema has its rows copied in under that schema's columns, then
  // migrated like any other: a step that moved a column loses none of them.
  const copyAtOwnSchema: CopyAtOwnSchema = {
    setUpForCopy: (db, damagedFile) =>
      migrateSqlite(
        db,
        file,
        migrations.slice(0, readSchemaVersion(damagedFile, migrations.length)),
      ),
  };
  return openCheckedSqlite(
    file,
    (db) => migrateSqlite(db, file, migrations),
    options,
    copyAtOwnSchema,
  );
}

/** The damaged file's schema version when SQLite can still read it, else `latest`. */
function readSchemaVersion(file: string, latest: number): number {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const version = db.pragma('user_version', { simple: true });
      return typeof version === 'number' && version >= 0 ? Math.min(version, latest) : latest;
    } finally {
      db.close();
    }
  } catch {
    return latest;
  }
}

/**
 * The one way hearth opens a store: checked (`PRAGMA quick_check`, and SQLite's own "not a
 * database" / "malformed" errors while `setUp` sets pragmas and migrates). A damaged file is
 * moved aside with its -wal and -shm (`<name>.damaged-<time>`), the rows that can still be read
 * are copied into a fresh store, and the move is recorded for `hearth status` and `hearth doctor`.
 * Other failures (a full disk, a newer schema, permissions) are thrown as they are: nothing is
 * moved for them.
 */
export function openCheckedSqlite(
  file: string,
  setUp: (db: Database.Database) => void,
  options: OpenStoreOptions = {},
  recovery?: CopyAtOwnSchema,
): Database.Database {
  createPrivateFile(file);
  const judged = statSync(file).ino;
  try {
    return openAndCheck(file, setUp);
  } catch (error) {
    const reason = findDamage(error);
    if (reason === undefined) throw error;
    // Another process replaced it meanwhile (it found the damage too): use its fresh store.
    if (statSync(file, { throwIfNoEntry: false })?.ino !== judged) return openAndCheck(file, setUp);
    const refusal = options.refuseMove?.();
    if (refusal)
      throw new HearthError('store-damaged', `${file} is damaged (${reason}); ${refusal}`, {
        cause: error,
      });
    const { db, record } = replaceDamagedStore(file, reason, setUp, recovery);
    options.onDamaged?.(record);
    return db;
  }
}

/** Made 0600 before SQLite creates it, so no other user ever reads it. */
function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

class StoreDamaged extends Error {}

function openAndCheck(file: string, setUp: (db: Database.Database) => void): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new StoreDamaged(`integrity check: ${String(check)}`);
    setUp(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Why an error means the file itself is damaged, or undefined when it means something else. */
function findDamage(error: unknown): string | undefined {
  if (error instanceof StoreDamaged) return error.message;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)/.test(code)) return errorMessage(error);
  return undefined;
}

function replaceDamagedStore(
  file: string,
  reason: string,
  setUp: (db: Database.Database) => void,
  recovery: CopyAtOwnSchema | undefined,
): { db: Database.Database; record: DamageRecord } {
  const now = new Date();
  const movedTo = moveAside(file, now, ['-wal', '-shm', '-journal']);
  createPrivateFile(file);
  const setUpForCopy = recovery
    ? (fresh: Database.Database) => recovery.setUpForCopy(fresh, movedTo)
    : setUp;
  const db = openAndCheck(file, setUpForCopy);
  const rows = copyReadableRows(movedTo, db);
  if (recovery) {
    try {
      setUp(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  const outcome =
    rows > 0
      ? `${rows} rows were recovered into a fresh store`
      : 'nothing could be recovered; a fresh, empty store was started';
  const record: DamageRecord = { file, movedTo, reason, outcome, at: now.toISOString() };
  recordDamage(record);
  return { db, record };
}

function migrateSqlite(db: Database.Database, file: string, migrations: readonly string[]): void {
  db.pragma('journal_mode = WAL');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length)
    throw new HearthError(
      'schema-newer',
      `${file} was written by a newer hearth (schema ${version}); upgrade hearth`,
    );
  for (let step = version; step < migrations.length; step++) {
    try {
      db.transaction(() => {
        db.exec(migrations[step] as string);
        db.pragma(`user_version = ${step + 1}`);
      }).immediate();
    } catch (error) {
      // Damage is judged by the caller; anything else rolled this step back: say the file is whole.
      if (findDamage(error) !== undefined) throw error;
      throw new HearthError(
        'schema-upgrade-failed',
        `${file} could not be upgraded to schema ${step + 1} (${errorMessage(error)}); nothing of that step was written and it stays at schema ${step}`,
        { cause: error },
      );
    }
  }
}
