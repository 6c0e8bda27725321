import type Database from 'better-sqlite3';
import { QueueError } from './errors.js';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran. Append new
 * steps, never edit a shipped one: a user's file may be at any earlier version.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE tasks (
    -- seq gives "oldest first" a stable order that no clock skew can reorder.
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    repo TEXT,
    inputs TEXT NOT NULL,
    -- 0 interactive, 1 background: an integer so that the claim index sorts on it.
    priority INTEGER NOT NULL CHECK (priority IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN
      ('queued', 'waiting', 'running', 'done', 'failed', 'cancelled', 'superseded')),
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
    endpoint TEXT,
    lease_token TEXT,
    lease_expires_at INTEGER,
    next_attempt_at INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    supersede_key TEXT,
    route TEXT,
    reason TEXT,
    result_ref TEXT,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX tasks_claim ON tasks (status, priority, seq);
  CREATE INDEX tasks_lease ON tasks (status, lease_expires_at);
  CREATE INDEX tasks_supersede ON tasks (supersede_key, status) WHERE supersede_key IS NOT NULL;
  CREATE INDEX tasks_finished ON tasks (status, updated_at);
  CREATE TABLE results (
    task_id TEXT PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the file up to SCHEMA_VERSION, each step in its own transaction. */
export function migrate(db: Database.Database, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new QueueError(
      'queue-schema-newer',
      `the queue file ${file} has schema version ${current}, newer than this hearth knows (${SCHEMA_VERSION}); upgrade hearth`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version] as string;
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
