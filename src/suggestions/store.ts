import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { HearthError } from '../errors.js';
import { type OpenStoreOptions, openSqlite } from '../util/sqlite.js';
import { buildKindValues, KIND_COLUMNS, type SuggestionRow, toSuggestion } from './rows.js';
import { SUGGESTIONS_SCHEMA } from './schema.js';
import type {
  NewSuggestion,
  RejectionKey,
  Suggestion,
  SuggestionKind,
  SuggestionStatus,
} from './types.js';

export {
  OLDER_CAUTION,
  REWRITE_CAUTION,
} from './schema.js';
export type {
  DocstringSuggestion,
  FixEdit,
  FixSuggestion,
  NewDocstringSuggestion,
  NewFixSuggestion,
  NewSuggestion,
  RejectionKey,
  Suggestion,
  SuggestionKind,
  SuggestionStatus,
} from './types.js';

/** The stored suggestion of one kind. */
export type SuggestionOf<K extends SuggestionKind> = Extract<Suggestion, { kind: K }>;

const COMMON_COLUMNS = [
  'id',
  'kind',
  'repo',
  'path',
  'base_hash',
  'diff',
  'after',
  'status',
  'task_id',
  'caution',
  'created_at',
  'updated_at',
];
const COLUMNS = [...COMMON_COLUMNS, ...KIND_COLUMNS];
const INSERT = `INSERT INTO suggestions (${COLUMNS.join(', ')})
  VALUES (${COLUMNS.map(() => '?').join(', ')})`;

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
    const db = openSqlite(file, SUGGESTIONS_SCHEMA, options);
    return new SuggestionStore(db, options.onChange);
  }

  /**
   * Stores a suggestion; an older open one for the same thing is superseded by it: the same
   * symbol for a docstring, the same diagnostic (its fingerprint) for a fix.
   */
  add<N extends NewSuggestion>(input: N, now = Date.now()): SuggestionOf<N['kind']> {
    // A fix replaces the open one for the same problem. A doc replaces the open one for the same
    // symbol made for this code again, or made for another version of the file; one for a
    // namesake with another body in the same file (`def home` in both branches of an `if`) stays.
    const [same, keys] =
      input.kind === 'fix'
        ? ['fingerprint = ?', [input.fingerprint]]
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
          .prepare(INSERT)
          .run(
            id,
            input.kind,
            input.repo,
            input.path,
            input.baseHash,
            input.diff,
            input.after,
            'open',
            input.taskId,
            input.caution ?? null,
            now,
            now,
            ...buildKindValues(input),
          );
        return this.get(id) as SuggestionOf<N['kind']>;
      })
      .immediate();
    this.#onChange?.(input.repo);
    return added;
  }

  get(id: string): Suggestion | undefined {
    const row = this.#db.prepare('SELECT * FROM suggestions WHERE id = ?').get(id) as
      | SuggestionRow
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
  list<K extends SuggestionKind = SuggestionKind>(filter: {
    repo?: string;
    path?: string;
    status?: SuggestionStatus | 'all';
    taskId?: string;
    kind?: K;
  }): SuggestionOf<K>[] {
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
    if (filter.kind) add('kind = ?', filter.kind);
    const sql = `SELECT * FROM suggestions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
    const rows = this.#db.prepare(sql).all(...params) as SuggestionRow[];
    return rows.map(toSuggestion) as SuggestionOf<K>[];
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
        if (suggestion.kind === 'fix')
          this.#db
            .prepare('INSERT OR IGNORE INTO fix_rejections VALUES (?, ?, ?, ?)')
            .run(suggestion.repo, suggestion.path, suggestion.fingerprint, now);
        else
          this.#db
            .prepare('INSERT OR IGNORE INTO docstring_rejections VALUES (?, ?, ?, ?, ?)')
            .run(suggestion.repo, suggestion.path, suggestion.symbol, suggestion.bodyHash, now);
      })
      .immediate();
    return this.require(id);
  }

  isRejected(key: RejectionKey): boolean {
    const found =
      'fingerprint' in key
        ? this.#db
            .prepare('SELECT 1 FROM fix_rejections WHERE repo = ? AND path = ? AND fingerprint = ?')
            .get(key.repo, key.path, key.fingerprint)
        : this.#db
            .prepare(
              `SELECT 1 FROM docstring_rejections
               WHERE repo = ? AND path = ? AND symbol = ? AND body_hash = ?`,
            )
            .get(key.repo, key.path, key.symbol, key.bodyHash);
    return found !== undefined;
  }

  close(): void {
    this.#db.close();
  }

  #freshId(kind: SuggestionKind): string {
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
