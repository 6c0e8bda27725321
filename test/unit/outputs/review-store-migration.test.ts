import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ReviewStore } from '../../../src/tasks/review/store.js';

/** The review store as the first schema wrote it: no `failed` status. */
const FIRST_SCHEMA = `
  CREATE TABLE reviews (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, repo TEXT NOT NULL, label TEXT NOT NULL,
    base TEXT NOT NULL, head TEXT NOT NULL, focus TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'cancelled')),
    task_id TEXT UNIQUE, tier TEXT, model TEXT, summary TEXT NOT NULL DEFAULT '',
    summary_only INTEGER NOT NULL DEFAULT 0, findings TEXT NOT NULL DEFAULT '[]', note TEXT,
    created_at INTEGER NOT NULL, completed_at INTEGER
  ) STRICT;
  CREATE INDEX reviews_repo ON reviews (repo, status);
  CREATE TABLE review_parts (
    review_id TEXT NOT NULL REFERENCES reviews (id), part INTEGER NOT NULL,
    summary TEXT NOT NULL, summary_only INTEGER NOT NULL, findings TEXT NOT NULL,
    PRIMARY KEY (review_id, part)
  ) STRICT;
  CREATE TABLE dismissed (
    repo TEXT NOT NULL, fingerprint TEXT NOT NULL, created_at INTEGER NOT NULL,
    PRIMARY KEY (repo, fingerprint)
  ) STRICT;
`;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('review store migration to a failed status', () => {
  it('keeps reviews and parts written by the first schema, and a pending one can fail', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-reviews-'));
    dirs.push(dir);
    const file = path.join(dir, 'reviews.db');
    const old = new Database(file);
    old.exec(FIRST_SCHEMA);
    old.pragma('user_version = 1');
    old
      .prepare(
        `INSERT INTO reviews (id, repo, label, base, head, focus, status, task_id, created_at)
         VALUES ('r000001', '/repo', 'abc1234', 'a', 'b', 'general', 'pending', NULL, 1)`,
      )
      .run();
    old.prepare(`INSERT INTO review_parts VALUES ('r000001', 0, 'part one', 0, '[]')`).run();
    old.close();

    const store = ReviewStore.open(file);
    try {
      expect(store.require('r000001')).toMatchObject({ status: 'pending', label: 'abc1234' });
      store.fail('r000001', 'the local model rejected the request (400)');
      expect(store.require('r000001')).toMatchObject({
        status: 'failed',
        note: 'the local model rejected the request (400)',
      });
      // The part written before survived, and parts still refer to the reviews table.
      const all = store.addPart(
        'r000001',
        { index: 1, count: 2 },
        {
          summary: 'part two',
          summaryOnly: false,
          findings: [],
        },
      );
      expect(all?.map((part) => part.summary)).toEqual(['part one', 'part two']);
    } finally {
      store.close();
    }
  });
});
