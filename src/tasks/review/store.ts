import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { HearthError } from '../../errors.js';
import { type OpenStoreOptions, openSqlite } from '../../util/sqlite.js';
import type { SarifReviewInput } from './render-sarif.js';
import type { ReviewFinding, ReviewView } from './types.js';

/**
 * `pending` until its model task answers (or waits: see the task), then `done`; `failed` when a
 * task of it failed for good (the note says why), `cancelled` when one was cancelled.
 */
export type ReviewStatus = 'pending' | 'done' | 'cancelled' | 'failed';

export interface Review {
  /** `r` and six hex digits. */
  id: string;
  repo: string;
  /** `abc1234..def5678`, `def5678` or `staged`. */
  label: string;
  base: string;
  head: string;
  focus: string;
  status: ReviewStatus;
  taskId: string | null;
  tier: string | null;
  model: string | null;
  summary: string;
  summaryOnly: boolean;
  findings: ReviewFinding[];
  note: string | null;
  createdAt: number;
  completedAt: number | null;
}

const SCHEMA = [
  `
  CREATE TABLE reviews (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    repo TEXT NOT NULL,
    label TEXT NOT NULL,
    base TEXT NOT NULL,
    head TEXT NOT NULL,
    focus TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'cancelled')),
    task_id TEXT UNIQUE,
    tier TEXT,
    model TEXT,
    summary TEXT NOT NULL DEFAULT '',
    summary_only INTEGER NOT NULL DEFAULT 0,
    findings TEXT NOT NULL DEFAULT '[]',
    note TEXT,
    created_at INTEGER NOT NULL,
    completed_at INTEGER
  ) STRICT;
  CREATE INDEX reviews_repo ON reviews (repo, status);
  -- The answers of a review split by file, merged once every part is in.
  CREATE TABLE review_parts (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    part INTEGER NOT NULL,
    summary TEXT NOT NULL,
    summary_only INTEGER NOT NULL,
    findings TEXT NOT NULL,
    PRIMARY KEY (review_id, part)
  ) STRICT;
  CREATE TABLE dismissed (
    repo TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (repo, fingerprint)
  ) STRICT;
  `,
  // A review can fail (a task of it dead-lettered). SQLite cannot change a CHECK in place: both
  // tables are rebuilt, the parts first so that nothing refers to the old reviews table when it
  // goes; renaming reviews_new rewrites the parts' reference to it.
  `
  CREATE TABLE reviews_new (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    repo TEXT NOT NULL,
    label TEXT NOT NULL,
    base TEXT NOT NULL,
    head TEXT NOT NULL,
    focus TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'cancelled', 'failed')),
    task_id TEXT UNIQUE,
    tier TEXT,
    model TEXT,
    summary TEXT NOT NULL DEFAULT '',
    summary_only INTEGER NOT NULL DEFAULT 0,
    findings TEXT NOT NULL DEFAULT '[]',
    note TEXT,
    created_at INTEGER NOT NULL,
    completed_at INTEGER
  ) STRICT;
  INSERT INTO reviews_new SELECT * FROM reviews;
  CREATE TABLE review_parts_new (
    review_id TEXT NOT NULL REFERENCES reviews_new (id),
    part INTEGER NOT NULL,
    summary TEXT NOT NULL,
    summary_only INTEGER NOT NULL,
    findings TEXT NOT NULL,
    PRIMARY KEY (review_id, part)
  ) STRICT;
  INSERT INTO review_parts_new SELECT * FROM review_parts;
  DROP TABLE review_parts;
  DROP TABLE reviews;
  ALTER TABLE reviews_new RENAME TO reviews;
  ALTER TABLE review_parts_new RENAME TO review_parts;
  CREATE INDEX reviews_repo ON reviews (repo, status);
  `,
];

interface Row {
  id: string;
  repo: string;
  label: string;
  base: string;
  head: string;
  focus: string;
  status: ReviewStatus;
  task_id: string | null;
  tier: string | null;
  model: string | null;
  summary: string;
  summary_only: number;
  findings: string;
  note: string | null;
  created_at: number;
  completed_at: number | null;
}

/**
 * Reviews and dismissed findings, in their own SQLite file. A review row is made when its task
 * is queued and completed once: a task that runs again after a crash finds it done and changes
 * nothing, so each review is delivered exactly once.
 */
export class ReviewStore {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  static open(file: string, options: OpenStoreOptions = {}): ReviewStore {
    const db = openSqlite(file, SCHEMA, options);
    return new ReviewStore(db);
  }

  /** The pending review of a task, made once: the same task again returns the same review. */
  open(input: Pick<Review, 'repo' | 'label' | 'base' | 'head' | 'focus' | 'taskId'>): Review {
    const existing = input.taskId ? this.byTask(input.taskId) : undefined;
    if (existing) return existing;
    const id = this.#freshId();
    this.#db
      .prepare(
        `INSERT INTO reviews (id, repo, label, base, head, focus, status, task_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(
        id,
        input.repo,
        input.label,
        input.base,
        input.head,
        input.focus,
        input.taskId,
        Date.now(),
      );
    return this.require(id);
  }

  /** Stores the answer of a pending review; false when it was completed already. */
  complete(
    id: string,
    result: Pick<Review, 'tier' | 'model' | 'summary' | 'summaryOnly' | 'findings'>,
  ): boolean {
    const changed = this.#db
      .prepare(
        `UPDATE reviews SET status = 'done', tier = ?, model = ?, summary = ?, summary_only = ?,
         findings = ?, completed_at = ? WHERE id = ? AND status = 'pending'`,
      )
      .run(
        result.tier,
        result.model,
        result.summary,
        Number(result.summaryOnly),
        JSON.stringify(result.findings),
        Date.now(),
        id,
      ).changes;
    return changed === 1;
  }

  /**
   * Stores one part's answer (once) and returns every part's once all `count` are in, else
   * undefined: the caller then merges them into the review.
   */
  addPart(
    id: string,
    part: { index: number; count: number },
    answer: { summary: string; summaryOnly: boolean; findings: ReviewFinding[] },
  ): Array<{ summary: string; summaryOnly: boolean; findings: ReviewFinding[] }> | undefined {
    return this.#db
      .transaction(() => {
        this.#db
          .prepare('INSERT OR IGNORE INTO review_parts VALUES (?, ?, ?, ?, ?)')
          .run(
            id,
            part.index,
            answer.summary,
            Number(answer.summaryOnly),
            JSON.stringify(answer.findings),
          );
        const rows = this.#db
          .prepare('SELECT * FROM review_parts WHERE review_id = ? ORDER BY part')
          .all(id) as Array<{ summary: string; summary_only: number; findings: string }>;
        if (rows.length < part.count) return undefined;
        return rows.map((row) => ({
          summary: row.summary,
          summaryOnly: row.summary_only === 1,
          findings: JSON.parse(row.findings) as ReviewFinding[],
        }));
      })
      .immediate();
  }

  cancel(id: string, note: string): void {
    this.#db
      .prepare(
        `UPDATE reviews SET status = 'cancelled', note = ? WHERE id = ? AND status = 'pending'`,
      )
      .run(note, id);
  }

  /** A pending review whose task failed for good ends `failed`, with the reason. */
  fail(id: string, note: string): void {
    this.#db
      .prepare(`UPDATE reviews SET status = 'failed', note = ? WHERE id = ? AND status = 'pending'`)
      .run(note, id);
  }

  get(id: string): Review | undefined {
    const row = this.#db.prepare('SELECT * FROM reviews WHERE id = ?').get(id) as Row | undefined;
    return row && toReview(row);
  }

  require(id: string): Review {
    const review = this.get(id);
    if (!review)
      throw new HearthError('unknown-review', `no review ${id} (see \`hearth reviews\`)`);
    return review;
  }

  /** The latest review of the same change and focus that is not cancelled or failed. */
  findSame(repo: string, change: Pick<Review, 'base' | 'head' | 'focus'>): Review | undefined {
    const row = this.#db
      .prepare(
        `SELECT * FROM reviews WHERE repo = ? AND base = ? AND head = ? AND focus = ?
         AND status NOT IN ('cancelled', 'failed') ORDER BY seq DESC LIMIT 1`,
      )
      .get(repo, change.base, change.head, change.focus) as Row | undefined;
    return row && toReview(row);
  }

  byTask(taskId: string): Review | undefined {
    const row = this.#db.prepare('SELECT * FROM reviews WHERE task_id = ?').get(taskId) as
      | Row
      | undefined;
    return row && toReview(row);
  }

  /** Newest first. */
  list(filter: { repo?: string; limit?: number } = {}): Review[] {
    const rows = filter.repo
      ? this.#db
          .prepare('SELECT * FROM reviews WHERE repo = ? ORDER BY seq DESC LIMIT ?')
          .all(filter.repo, filter.limit ?? 100)
      : this.#db
          .prepare('SELECT * FROM reviews ORDER BY seq DESC LIMIT ?')
          .all(filter.limit ?? 100);
    return (rows as Row[]).map(toReview);
  }

  /** The fingerprints a repo's finished reviews reported: a re-review repeats none of them. */
  reportedFingerprints(repo: string, except?: string): Set<string> {
    const seen = new Set<string>();
    for (const review of this.list({ repo, limit: 1000 })) {
      if (review.status !== 'done' || review.id === except) continue;
      for (const finding of review.findings) seen.add(finding.fingerprint);
    }
    return seen;
  }

  dismiss(repo: string, fingerprint: string): void {
    this.#db
      .prepare('INSERT OR IGNORE INTO dismissed VALUES (?, ?, ?)')
      .run(repo, fingerprint, Date.now());
  }

  dismissed(repo: string): Set<string> {
    const rows = this.#db.prepare('SELECT fingerprint FROM dismissed WHERE repo = ?').all(repo);
    return new Set((rows as Array<{ fingerprint: string }>).map((r) => r.fingerprint));
  }

  close(): void {
    this.#db.close();
  }

  #freshId(): string {
    const exists = this.#db.prepare('SELECT 1 FROM reviews WHERE id = ?');
    for (;;) {
      const id = `r${randomBytes(3).toString('hex')}`;
      if (exists.get(id) === undefined) return id;
    }
  }
}

function toReview(row: Row): Review {
  return {
    id: row.id,
    repo: row.repo,
    label: row.label,
    base: row.base,
    head: row.head,
    focus: row.focus,
    status: row.status,
    taskId: row.task_id,
    tier: row.tier,
    model: row.model,
    summary: row.summary,
    summaryOnly: row.summary_only === 1,
    findings: JSON.parse(row.findings) as ReviewFinding[],
    note: row.note,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

/** A stored review in the shape the renderers take. */
export function toReviewReport(review: Review): SarifReviewInput {
  return {
    title: `Review ${review.id}`,
    range: review.label,
    tier: review.tier === 'cloud' ? 'cloud' : 'local',
    model: review.model ?? '',
    result: {
      findings: review.findings,
      summary: review.summary,
      summaryOnly: review.summaryOnly,
      dropped: [],
    },
    createdAt: new Date(review.createdAt).toISOString(),
    repoRoot: review.repo,
  };
}

/** A review as the CLI and IPC show it. */
export function toReviewView(review: Review): ReviewView {
  return {
    id: review.id,
    repo: review.repo,
    label: review.label,
    focus: review.focus,
    status: review.status,
    tier: review.tier,
    findings: review.findings.length,
    summaryOnly: review.summaryOnly,
    createdAt: new Date(review.createdAt).toISOString(),
    completedAt: review.completedAt === null ? null : new Date(review.completedAt).toISOString(),
  };
}
