import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { type OpenStoreOptions, openCheckedSqlite } from '../util/sqlite.js';
import { type ListFilter, QueueAdmin, type WakeFilter } from './admin.js';
import { type BackoffPolicy, computeBackoffMs, DEFAULT_BACKOFF } from './backoff.js';
import { QueueError, requireDuration, unknownTask } from './errors.js';
import { PRIORITY_RANK, type TaskRow, toInsertParams } from './rows.js';
import { migrate } from './schema.js';
import { encodeJson, requireText, type TaskRecord, validateNewTask } from './types.js';

export type { ListFilter, WakeFilter };

export interface OpenOptions extends OpenStoreOptions {
  /** FULL (the default) survives power loss; NORMAL only process crashes. */
  synchronous?: 'FULL' | 'NORMAL';
  now?: () => number;
  busyTimeoutMs?: number;
  backoff?: BackoffPolicy;
  /** Jitter source, for tests. */
  random?: () => number;
}

export interface ClaimOptions {
  /** Only tasks of this lane; all lanes when omitted. */
  endpoint?: string;
  /** With `endpoint`: also tasks with no endpoint (the scheduler's default lane). */
  includeUnassigned?: boolean;
  /** Only interactive tasks: background ones stay queued (the machine is on a low battery). */
  interactiveOnly?: boolean;
  /** Only tasks whose idempotency key starts with this (a one-shot command runs its own). */
  keyPrefix?: string;
  /** Only these tasks (a one-shot command runs those it submitted or reused). */
  ids?: readonly string[];
  leaseMs: number;
}

export interface FailInput {
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

export interface EnqueueResult {
  task: TaskRecord;
  created: boolean;
  superseded: TaskRecord[];
}

// The lane (endpoint) asked for; with `interactiveOnly` only interactive tasks (priority 0); with
// `keyPrefix` only the tasks of one command.
const CLAIM_FILTER = `(@any = 1 OR endpoint = @endpoint OR (@unassigned = 1 AND endpoint IS NULL))
  AND (@interactiveOnly = 0 OR priority = 0)
  AND (@keyPrefix IS NULL OR substr(idempotency_key, 1, length(@keyPrefix)) = @keyPrefix)
  AND (@ids IS NULL OR id IN (SELECT value FROM json_each(@ids)))`;

/**
 * The durable task queue: one SQLite file in WAL mode. Every state change is one transaction, and
 * a runner can finish a task only with the lease token its claim returned, so a runner that lost
 * its lease (crashed, stalled, superseded) cannot overwrite the work of the one that took over.
 */
export class QueueStore extends QueueAdmin {
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;

  private constructor(db: Database.Database, now: () => number, options: OpenOptions) {
    super(db, now);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
  }

  /** Opens the file 0600 and checked: a damaged one is moved aside (see openCheckedSqlite). */
  static open(file: string, options: OpenOptions = {}): QueueStore {
    const db = openCheckedSqlite(
      file,
      (db) => {
        db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5_000}`);
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
        db.pragma('foreign_keys = ON');
        migrate(db, file);
      },
      options,
    );
    return new QueueStore(db, options.now ?? Date.now, options);
  }

  enqueue(task: TaskRecord): EnqueueResult {
    validateNewTask(task);
    const inputs = encodeJson(task.inputs, 'inputs');
    return this.db
      .transaction((): EnqueueResult => {
        const existing = this.statement<[string], TaskRow>(
          'SELECT * FROM tasks WHERE idempotency_key = ?',
        ).get(task.idempotencyKey);
        if (existing) {
          // Someone waits now for work that was queued in the background: it goes first.
          if (task.priority === 'interactive' && existing.priority !== PRIORITY_RANK.interactive)
            this.statement(
              `UPDATE tasks SET priority = ?, updated_at = ?
                 WHERE id = ? AND status IN ('queued', 'waiting')`,
            ).run(PRIORITY_RANK.interactive, this.now(), existing.id);
          return { task: this.require(existing.id), created: false, superseded: [] };
        }
        const now = this.now();
        const superseded = task.supersedeKey ? this.supersede(task.supersedeKey, now) : [];
        this.statement(
          `INSERT INTO tasks (id, kind, repo, inputs, priority, status, max_attempts, endpoint,
               next_attempt_at, idempotency_key, supersede_key, route, reason, created_at, updated_at)
             VALUES (@id, @kind, @repo, @inputs, @priority, @status, @max_attempts, @endpoint,
               @next_attempt_at, @idempotency_key, @supersede_key, @route, @reason, @created_at,
               @updated_at)`,
        ).run(toInsertParams(task, inputs, now));
        return { task: this.require(task.id), created: true, superseded };
      })
      .immediate();
  }

  /**
   * Runs `work` in one transaction: many enqueues and updates (one file's docstring tasks) cost
   * one commit and one fsync, not one each. A failure rolls all of it back.
   */
  batch<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** Whether any task of this lane is waiting, queued or running: an indexed look, not a list. */
  hasActive(endpoint: string): boolean {
    requireText(endpoint, 'endpoint');
    return (
      this.statement<[string], { found: number }>(
        `SELECT 1 AS found FROM tasks WHERE status IN ('waiting', 'queued', 'running')
           AND endpoint = ? LIMIT 1`,
      ).get(endpoint) !== undefined
    );
  }

  /**
   * Takes the next task to run: a ready queued task, or a running one whose lease expired (its
   * runner crashed), interactive before background, then oldest first. IMMEDIATE takes the write
   * lock before reading, so two runners never claim the same task.
   */
  claim(options: ClaimOptions): TaskRecord | undefined {
    requireDuration(options?.leaseMs, 'leaseMs');
    if (options.endpoint !== undefined) requireText(options.endpoint, 'endpoint');
    const lane = {
      any: options.endpoint === undefined ? 1 : 0,
      endpoint: options.endpoint ?? null,
      unassigned: options.includeUnassigned ? 1 : 0,
      interactiveOnly: options.interactiveOnly ? 1 : 0,
      keyPrefix: options.keyPrefix ?? null,
      ids: options.ids ? JSON.stringify(options.ids) : null,
    };
    return this.db
      .transaction((): TaskRecord | undefined => {
        const now = this.now();
        for (;;) {
          const ready = this.statement<unknown[], TaskRow & { seq: number }>(
            `SELECT seq, * FROM tasks WHERE status = 'queued' AND next_attempt_at <= @now
               AND ${CLAIM_FILTER} ORDER BY priority, seq LIMIT 1`,
          ).get({ ...lane, now });
          const expired = this.statement<unknown[], TaskRow & { seq: number }>(
            `SELECT seq, * FROM tasks WHERE status = 'running' AND lease_expires_at <= @now
               AND ${CLAIM_FILTER} ORDER BY priority, seq LIMIT 1`,
          ).get({ ...lane, now });
          const next = pickFirst(ready, expired);
          if (!next) return undefined;
          // A task whose runner died on every attempt is poison: dead-letter it, do not rerun it.
          if (next.status === 'running' && next.attempts >= next.max_attempts) {
            this.update(next.id, now, {
              status: 'failed',
              lease_token: null,
              lease_expires_at: null,
              last_error: `the lease expired on each of ${next.attempts} attempts (the runner stopped or crashed)`,
            });
            continue;
          }
          this.update(next.id, now, {
            status: 'running',
            lease_token: randomUUID(),
            lease_expires_at: now + options.leaseMs,
            attempts: next.attempts + 1,
          });
          return this.require(next.id);
        }
      })
      .immediate();
  }

  /** Extends a lease; false when the token no longer holds it (the task was taken over or ended). */
  heartbeat(id: string, token: string, leaseMs: number): boolean {
    this.requireLeaseArgs(id, token);
    requireDuration(leaseMs, 'leaseMs');
    const now = this.now();
    const changes = this.statement(
      `UPDATE tasks SET lease_expires_at = @expires, updated_at = @now
         WHERE id = @id AND lease_token = @token AND status = 'running'`,
    ).run({ id, token, now, expires: now + leaseMs }).changes;
    if (changes === 0 && !this.row(id)) throw unknownTask(id);
    return changes > 0;
  }

  /** Stores the result and marks the task done; false when the token no longer holds the lease. */
  complete(id: string, token: string, result: unknown): boolean {
    this.requireLeaseArgs(id, token);
    const value = encodeJson(result === undefined ? null : result, 'result');
    return this.db
      .transaction((): boolean => {
        if (!this.holdsLease(id, token)) return false;
        const now = this.now();
        // OR IGNORE: at-least-once execution may finish twice over time; the first result stays.
        this.statement(
          'INSERT OR IGNORE INTO results (task_id, value, created_at) VALUES (?, ?, ?)',
        ).run(id, value, now);
        this.update(id, now, {
          status: 'done',
          lease_token: null,
          lease_expires_at: null,
          result_ref: id,
          last_error: null,
        });
        return true;
      })
      .immediate();
  }

  /** Requeues with backoff when retryable and attempts remain, else dead-letters (`failed`). */
  fail(id: string, token: string, error: FailInput): TaskRecord | undefined {
    this.requireLeaseArgs(id, token);
    if (typeof error?.message !== 'string' || typeof error.retryable !== 'boolean')
      throw new QueueError(
        'queue-invalid-input',
        'fail needs { message: string, retryable: boolean }',
      );
    if (error.retryAfterMs !== undefined) requireDuration(error.retryAfterMs, 'retryAfterMs', 0);
    return this.db
      .transaction((): TaskRecord | undefined => {
        const row = this.holdsLease(id, token);
        if (!row) return undefined;
        const now = this.now();
        const retry = error.retryable && row.attempts < row.max_attempts;
        const delay = retry
          ? computeBackoffMs(row.attempts, {
              policy: this.backoff,
              random: this.random,
              retryAfterMs: error.retryAfterMs,
            })
          : 0;
        this.update(id, now, {
          status: retry ? 'queued' : 'failed',
          lease_token: null,
          lease_expires_at: null,
          next_attempt_at: now + delay,
          last_error: error.message,
        });
        return this.require(id);
      })
      .immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private holdsLease(id: string, token: string): TaskRow | undefined {
    const row = this.row(id);
    if (!row) throw unknownTask(id);
    return row.status === 'running' && row.lease_token === token ? row : undefined;
  }

  private requireLeaseArgs(id: string, token: string): void {
    requireText(id, 'id');
    requireText(token, 'lease token');
  }

  private supersede(key: string, now: number): TaskRecord[] {
    const rows = this.statement<[string], TaskRow>(
      `SELECT * FROM tasks WHERE supersede_key = ? AND status IN ('queued', 'waiting', 'running')`,
    ).all(key);
    for (const row of rows) {
      this.update(row.id, now, {
        status: 'superseded',
        // What people read about it: not the routing reason it was queued with.
        reason: 'superseded: a newer edit of the same code asked again',
        lease_token: null,
        lease_expires_at: null,
      });
    }
    return rows.map((row) => this.require(row.id));
  }
}

function pickFirst<T extends { priority: number; seq: number }>(a?: T, b?: T): T | undefined {
  if (!a || !b) return a ?? b;
  return a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq) ? a : b;
}
