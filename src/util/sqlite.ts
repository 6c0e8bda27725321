import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { HearthError } from '../errors.js';

/**
 * Opens one of hearth's SQLite files (0600, WAL, a busy time-out) and brings it up to the last
 * of `migrations`, each step in its own transaction; `PRAGMA user_version` counts the steps run.
 * Append steps, never edit a shipped one. A file from a newer hearth is refused, naming it.
 */
export function openSqlite(file: string, migrations: readonly string[]): Database.Database {
  // Made 0600 before SQLite creates it, so no other user ever reads it.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > migrations.length)
      throw new HearthError(
        'schema-newer',
        `${file} was written by a newer hearth (schema ${version}); upgrade hearth`,
      );
    for (let step = version; step < migrations.length; step++) {
      db.transaction(() => {
        db.exec(migrations[step] as string);
        db.pragma(`user_version = ${step + 1}`);
      }).immediate();
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
