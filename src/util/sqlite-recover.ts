import Database from 'better-sqlite3';

/**
 * Best-effort recovery from a damaged SQLite file (node has no `.recover`): for each table of the
 * fresh store that the damaged one also has, the rows that can still be read, oldest first until
 * a bad page stops the scan, then newest first until it stops again, are inserted (OR IGNORE) in
 * the columns both share. Returns how many rows went in; 0 when the file cannot be read at all.
 */
export function copyReadableRows(damagedFile: string, fresh: Database.Database): number {
  let source: Database.Database;
  try {
    source = new Database(damagedFile, { readonly: true, fileMustExist: true });
  } catch {
    return 0;
  }
  try {
    let copied = 0;
    const tables = fresh
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid`,
      )
      .pluck()
      .all() as string[];
    // One transaction: a row that fails undoes only its own statement.
    fresh.transaction(() => {
      for (const table of tables) copied += copyTable(source, fresh, table);
    })();
    return copied;
  } finally {
    source.close();
  }
}

function copyTable(source: Database.Database, fresh: Database.Database, table: string): number {
  const wanted = new Set(listColumns(fresh, table));
  const columns = listColumns(source, table).filter((column) => wanted.has(column));
  if (columns.length === 0) return 0;
  const names = columns.map(quoteName).join(', ');
  const insert = fresh.prepare(
    `INSERT OR IGNORE INTO ${quoteName(table)} (${names}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  let copied = 0;
  const take = (row: unknown[]) => {
    try {
      copied += insert.run(row).changes;
    } catch {
      // A row that breaks a constraint of the fresh schema (a result without its task) stays out.
    }
  };
  const select = `SELECT ${names} FROM ${quoteName(table)}`;
  const complete = readRows(source, select, take);
  if (!complete) readRows(source, `${select} ORDER BY rowid DESC`, take);
  return copied;
}

/** Feeds each readable row to `take`; false when a damaged page stopped the scan. */
function readRows(source: Database.Database, sql: string, take: (row: unknown[]) => void): boolean {
  try {
    for (const row of source.prepare(sql).raw().iterate()) take(row as unknown[]);
    return true;
  } catch {
    return false;
  }
}

function listColumns(db: Database.Database, table: string): string[] {
  try {
    return (db.pragma(`table_info(${quoteName(table)})`) as Array<{ name: string }>).map(
      (column) => column.name,
    );
  } catch {
    return [];
  }
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
