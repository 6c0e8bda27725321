import Database from 'better-sqlite3';
import { SUGGESTIONS_SCHEMA } from '../../../src/suggestions/schema.js';

/** A row as schema 2 and 3 held it: a fix's fields in the docstring-named columns. */
export interface OldRow {
  id: string;
  kind: string;
  path: string;
  symbol: string;
  body_hash: string;
  doc: string;
  style: string;
  diff?: string;
  status?: string;
  verified?: number | null;
  location?: string;
  payload?: string | null;
}

/**
 * Writes a suggestions store as an older hearth left it: the first `version` steps of the schema,
 * then the rows and rejections (`[path, symbol, body_hash]`) in its columns, repo `/repo`.
 */
export function writeOldStore(
  file: string,
  version: 2 | 3,
  rows: readonly OldRow[],
  rejections: ReadonlyArray<[string, string, string]> = [],
): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  for (const step of SUGGESTIONS_SCHEMA.slice(0, version)) db.exec(step);
  const insert = db.prepare(
    `INSERT INTO suggestions (id, kind, repo, path, symbol, body_hash, base_hash, doc, style, diff,
     after, status, task_id, created_at, updated_at, verified, location, payload)
     VALUES (@id, @kind, '/repo', @path, @symbol, @body_hash, 'base', @doc, @style, @diff,
     'after', @status, 't1', 1, 2, @verified, @location, @payload)`,
  );
  for (const row of rows)
    insert.run({
      diff: '',
      status: 'open',
      verified: null,
      location: '',
      payload: null,
      ...row,
    });
  const reject = db.prepare(`INSERT INTO rejections VALUES ('/repo', ?, ?, ?, 3)`);
  for (const [path, symbol, bodyHash] of rejections) reject.run(path, symbol, bodyHash);
  db.pragma(`user_version = ${version}`);
  db.close();
}
