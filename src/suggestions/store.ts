import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { HearthError } from '../errors.js';
import { type OpenStoreOptions, openSqlite } from '../util/sqlite.js';

/**
 * `open` until applied, rejected, or superseded by a newer suggestion for the same symbol (or
 * because the symbol changed under it).
 */
export type SuggestionStatus = 'open' | 'applied' | 'rejected' | 'superseded';

/** One patch hearth proposes: for now a docstring; issue 6's fixes use the same shape. */
export interface Suggestion {
  /** Short and typeable: `d` (docstring) or `f` (fix) and six hex digits. */
  id: string;
  kind: 'docstring' | 'fix';
  repo: string;
  /** Repo-relative, `/`-separated. */
  path: string;
  /** The symbol's qualified name; for a fix, the symbol around the diagnostic, or ''. */
  symbol: string;
  /**
   * What a rejection holds for: the symbol's body hash when the doc was written, or a fix's
   * diagnostic fingerprint.
   */
  bodyHash: string;
  /** sha256 of the file's bytes the patch was computed for; it applies to that content only. */
  baseHash: string;
  /** The doc text; for a fix, the diagnostic it fixes. */
  doc: string;
  /** The doc style it was written in (a DocStyle), to insert it again; for a fix, the check. */
  style: string;
  /** A fix: whether re-running the checker on a patched copy confirmed it. Null for a doc. */
  verified: boolean | null;
  /** Where it applies, for people: `src/a.ts:12` for a fix, the symbol for a doc. */
  location: string;
  /** A fix's edits (JSON), to carry it to the file's next content. */
  payload: string | null;
  /** A unified diff that `git apply` accepts, relative to the repo root. */
  diff: string;
  /** The whole file after the patch, so that applying is one atomic write of verified content. */
  after: string;
  status: SuggestionStatus;
  taskId: string | null;
  createdAt: number;
  updatedAt: number;
  /** Why it was superseded or how it was applied. */
  note: string | null;
  /**
   * Why it is applied only when the user names it (`hearth apply ID`), never by `apply --all` or
   * auto mode: e.g. it rewrites an existing doc. Null for an ordinary suggestion.
   */
  caution: string | null;
}

export type NewSuggestion = Omit<
  Suggestion,
  | 'id'
  | 'status'
  | 'createdAt'
  | 'updatedAt'
  | 'note'
  | 'verified'
  | 'location'
  | 'payload'
  | 'caution'
> &
  Partial<Pick<Suggestion, 'verified' | 'location' | 'payload' | 'caution'>>;

/** The cautions schema step 3 gives open docstring suggestions made by an older hearth. */
export const REWRITE_CAUTION = 'rewrites an existing doc (made before hearth kept existing docs)';
export const OLDER_CAUTION =
  'made by an older hearth, before it checked runtime docstrings and directive comments';

const SCHEMA = [
  `
  CREATE TABLE suggestions (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    repo TEXT NOT NULL,
    path TEXT NOT NULL,
    symbol TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    base_hash TEXT NOT NULL,
    doc TEXT NOT NULL,
    style TEXT NOT NULL,
    diff TEXT NOT NULL,
    after TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'applied', 'rejected', 'superseded')),
    task_id TEXT,
    note TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX suggestions_file ON suggestions (repo, path, status);
  CREATE TABLE rejections (
    repo TEXT NOT NULL,
    path TEXT NOT NULL,
    symbol TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (repo, path, symbol, body_hash)
  ) STRICT;
  `,
  `
  ALTER TABLE suggestions ADD COLUMN verified INTEGER;
  ALTER TABLE suggestions ADD COLUMN location TEXT NOT NULL DEFAULT '';
  ALTER TABLE suggestions ADD COLUMN payload TEXT;
  `,
  // A docstring patch that removes a line (a hunk line starting with one '-') replaced a doc.
  `
  ALTER TABLE suggestions ADD COLUMN caution TEXT;
  UPDATE suggestions SET caution = CASE
    WHEN diff GLOB '*' || char(10) || '-[^-]*' THEN '${REWRITE_CAUTION}'
    ELSE '${OLDER_CAUTION}' END
    WHERE kind = 'docstring' AND status = 'open';
  `,
];

interface Row {
  id: string;
  kind: 'docstring' | 'fix';
  repo: string;
  path: string;
  symbol: string;
  body_hash: string;
  verified: number | null;
  location: string;
  payload: string | null;
  base_hash: string;
  doc: string;
  style: string;
  diff: string;
  after: string;
  status: SuggestionStatus;
  task_id: string | null;
  note: string | null;
  caution: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * Suggestions in their own SQLite file (WAL), shared by the daemon, which adds them, and the CLI,
 * which lists, applies and rejects them with or without a daemon running.
 */
export class SuggestionStore {
  readonly #db: Database.Database;
  readonly #onChange: ((repo: string) => void) | undefined;

  private constructor(db: Database.Database, onChange?: (repo: string) => void) {
    this.#db = db;
    this.#onChange = onChange;
  }

  /** `onChange` hears of every change to a repo's suggestions (to refresh what hooks read). */
  static open(
    file: string,
    options: OpenStoreOptions & { onChange?: (repo: string) => void } = {},
  ): SuggestionStore {
    const db = openSqlite(file, SCHEMA, options);
    return new SuggestionStore(db, options.onChange);
  }

  /**
   * Stores a suggestion; an older open one for the same thing is superseded by it: the same
   * symbol for a docstring, the same diagnostic (its fingerprint) for a fix, since every fix in a
   * file has no symbol.
   */
  add(input: NewSuggestion, now = Date.now()): Suggestion {
    // A fix replaces the open one for the same problem. A doc replaces the open one for the same
    // symbol made for this code again, or made for another version of the file; one for a
    // namesake with another body in the same file (`def home` in both branches of an `if`) stays.
    const [same, keys] =
      input.kind === 'fix'
        ? ['body_hash = ?', [input.bodyHash]]
        : [
            'symbol = ? AND (body_hash = ? OR base_hash <> ?)',
            [input.symbol, input.bodyHash, input.baseHash],
          ];
    const added = this.#db
      .transaction(() => {
        this.#db
          .prepare(
            `UPDATE suggestions SET status = 'superseded', note = 'a newer suggestion replaced it',
             updated_at = ? WHERE repo = ? AND path = ? AND kind = ? AND ${same} AND status = 'open'`,
          )
          .run(now, input.repo, input.path, input.kind, ...keys);
        const id = this.#freshId(input.kind);
        this.#db
          .prepare(
            `INSERT INTO suggestions (id, kind, repo, path, symbol, body_hash, base_hash, doc, style,
             diff, after, status, task_id, created_at, updated_at, verified, location,
             payload, caution) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            input.kind,
            input.repo,
            input.path,
            input.symbol,
            input.bodyHash,
            input.baseHash,
            input.doc,
            input.style,
            input.diff,
            input.after,
            input.taskId,
            now,
            now,
            input.verified === undefined || input.verified === null ? null : Number(input.verified),
            input.location ?? input.symbol,
            input.payload ?? null,
            input.caution ?? null,
          );
        return this.get(id) as Suggestion;
      })
      .immediate();
    this.#onChange?.(input.repo);
    return added;
  }

  get(id: string): Suggestion | undefined {
    const row = this.#db.prepare('SELECT * FROM suggestions WHERE id = ?').get(id) as
      | Row
      | undefined;
    return row && toSuggestion(row);
  }

  /** The suggestion with this id, or an error saying there is none. */
  require(id: string): Suggestion {
    const found = this.get(id);
    if (!found)
      throw new HearthError(
        'unknown-suggestion',
        `no suggestion ${id} (see \`hearth suggestions\`)`,
      );
    return found;
  }

  /** Suggestions, oldest first; open ones only unless `status` says otherwise. */
  list(filter: {
    repo?: string;
    path?: string;
    status?: SuggestionStatus | 'all';
    taskId?: string;
  }): Suggestion[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    const status = filter.status ?? 'open';
    if (status !== 'all') add('status = ?', status);
    if (filter.repo) add('repo = ?', filter.repo);
    // A folder matches the files under it.
    if (filter.path)
      add("(path = ? OR path LIKE ? ESCAPE '\\')", filter.path, `${escapeLike(filter.path)}/%`);
    if (filter.taskId) add('task_id = ?', filter.taskId);
    const sql = `SELECT * FROM suggestions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
    return (this.#db.prepare(sql).all(...params) as Row[]).map(toSuggestion);
  }

  /** How many open suggestions a repo has, without reading their patches. */
  countOpen(repo: string): number {
    const row = this.#db
      .prepare("SELECT count(*) AS n FROM suggestions WHERE repo = ? AND status = 'open'")
      .get(repo) as { n: number };
    return row.n;
  }

  setStatus(id: string, status: SuggestionStatus, note: string | null, now = Date.now()): void {
    this.#db
      .prepare('UPDATE suggestions SET status = ?, note = ?, updated_at = ? WHERE id = ?')
      .run(status, note, now, id);
    const repo = this.get(id)?.repo;
    if (repo) this.#onChange?.(repo);
  }

  /** The patch of an open suggestion recomputed for the file's new content. */
  rebase(
    id: string,
    patch: { baseHash: string; diff: string; after: string; verified?: boolean },
    now = Date.now(),
  ) {
    this.#db
      .prepare(
        `UPDATE suggestions SET base_hash = ?, diff = ?, after = ?, updated_at = ?,
         verified = coalesce(?, verified) WHERE id = ? AND status = 'open'`,
      )
      .run(
        patch.baseHash,
        patch.diff,
        patch.after,
        now,
        patch.verified === undefined ? null : Number(patch.verified),
        id,
      );
    const repo = this.get(id)?.repo;
    if (repo) this.#onChange?.(repo);
  }

  /** `hearth reject`: this suggestion goes, and none is made again for the same body. */
  reject(id: string, now = Date.now()): Suggestion {
    const suggestion = this.require(id);
    this.#db
      .transaction(() => {
        this.setStatus(id, 'rejected', 'rejected with hearth reject', now);
        this.#db
          .prepare('INSERT OR IGNORE INTO rejections VALUES (?, ?, ?, ?, ?)')
          .run(suggestion.repo, suggestion.path, suggestion.symbol, suggestion.bodyHash, now);
      })
      .immediate();
    return this.require(id);
  }

  isRejected(key: { repo: string; path: string; symbol: string; bodyHash: string }): boolean {
    return (
      this.#db
        .prepare(
          'SELECT 1 FROM rejections WHERE repo = ? AND path = ? AND symbol = ? AND body_hash = ?',
        )
        .get(key.repo, key.path, key.symbol, key.bodyHash) !== undefined
    );
  }

  close(): void {
    this.#db.close();
  }

  #freshId(kind: string): string {
    const exists = this.#db.prepare('SELECT 1 FROM suggestions WHERE id = ?');
    for (;;) {
      const id = `${kind[0]}${randomBytes(3).toString('hex')}`;
      if (exists.get(id) === undefined) return id;
    }
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toSuggestion(row: Row): Suggestion {
  return {
    id: row.id,
    kind: row.kind,
    repo: row.repo,
    path: row.path,
    symbol: row.symbol,
    bodyHash: row.body_hash,
    baseHash: row.base_hash,
    doc: row.doc,
    style: row.style,
    verified: row.verified === null ? null : row.verified === 1,
    location: row.location,
    payload: row.payload,
    diff: row.diff,
    after: row.after,
    status: row.status,
    taskId: row.task_id,
    note: row.note,
    caution: row.caution,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
