import type Database from 'better-sqlite3';
import { QueueError, requireDuration, unknownTask } from './errors.js';
import { type TaskRow, toRecord } from './rows.js';
import {
  encodeJson,
  FINISHED_STATUSES,
  requireText,
  TASK_STATUSES,
  type TaskRecord,
  type TaskStatus,
} from './types.js';

export interface ListFilter {
  status?: TaskStatus | TaskStatus[];
  kind?: string;
  /** Only tasks whose idempotency key starts with this (one command's tasks). */
  keyPrefix?: string;
  /** At most this many, newest first; default 100. */
  limit?: number;
}

export interface WakeFilter {
  /** Only tasks waiting on this route (e.g. `wait-online`). */
  route?: string;
  ids?: string[];
}

type Columns = Partial<Omit<TaskRow, 'id'>>;

const FINISHED_SQL = FINISHED_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * The queue's operator side: reads, waiting, cancel, retry, clean-up. The claim/lease side lives
 * in QueueStore, which extends this; both share one connection and clock.
 */
export class QueueAdmin {
  private readonly statements = new Map<string, Database.Statement>();

  protected constructor(
    protected readonly db: Database.Database,
    protected readonly now: () => number,
  ) {}

  get(id: string): TaskRecord | undefined {
    requireText(id, 'id');
    const row = this.row(id);
    return row ? toRecord(row) : undefined;
  }

  /** The stored result of a done task; undefined when it has none (yet). */
  result(id: string): unknown {
    requireText(id, 'id');
    if (!this.row(id)) throw unknownTask(id);
    const row = this.statement<[string], { value: string }>(
      'SELECT value FROM results WHERE task_id = ?',
    ).get(id);
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  }

  list(filter: ListFilter = {}): TaskRecord[] {
    const statuses = filter.status === undefined ? [] : [filter.status].flat();
    for (const status of statuses) requireStatus(status);
    if (filter.kind !== undefined) requireText(filter.kind, 'kind');
    const limit = filter.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1)
      throw new QueueError('queue-invalid-input', `limit must be an integer >= 1, got ${limit}`);
    const where: string[] = [];
    if (statuses.length > 0) where.push(`status IN (${statuses.map(() => '?').join(', ')})`);
    const params: unknown[] = [...statuses];
    if (filter.kind !== undefined) {
      where.push('kind = ?');
      params.push(filter.kind);
    }
    if (filter.keyPrefix !== undefined) {
      where.push('substr(idempotency_key, 1, length(?)) = ?');
      params.push(filter.keyPrefix, filter.keyPrefix);
    }
    const sql = `SELECT * FROM tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY seq DESC LIMIT ?`;
    params.push(limit);
    return this.statement<unknown[], TaskRow>(sql)
      .all(...params)
      .map(toRecord);
  }

  /** How many tasks wait on this route (`wait-local`): a count, not a list. */
  countWaiting(route: string): number {
    requireText(route, 'route');
    const row = this.statement<[string], { n: number }>(
      `SELECT count(*) AS n FROM tasks WHERE status = 'waiting' AND route = ?`,
    ).get(route);
    return row?.n ?? 0;
  }

  counts(): Record<TaskStatus, number> {
    const counts = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<
      TaskStatus,
      number
    >;
    const rows = this.statement<[], { status: TaskStatus; n: number }>(
      'SELECT status, count(*) AS n FROM tasks GROUP BY status',
    ).all();
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /**
   * Parks a task until `wake` (e.g. offline, awaiting approval). From `running` the runner's lease
   * ends and the attempt is given back: waiting is the router's decision, not a failure.
   */
  setWaiting(id: string, route: string, reason: string): TaskRecord {
    requireText(route, 'route');
    requireText(reason, 'reason');
    return this.transition(id, ['queued', 'waiting', 'running'], (row) => ({
      status: 'waiting',
      route,
      reason,
      lease_token: null,
      lease_expires_at: null,
      attempts: row.status === 'running' ? Math.max(0, row.attempts - 1) : row.attempts,
    }));
  }

  /** Replaces a waiting task's inputs (e.g. to record an approval); JSON as at enqueue. */
  setInputs(id: string, inputs: unknown): TaskRecord {
    const encoded = encodeJson(inputs, 'inputs');
    return this.transition(id, ['waiting'], () => ({ inputs: encoded }));
  }

  /** Queues a waiting task again with the router's new decision and reason. */
  release(id: string, route: string, reason: string): TaskRecord {
    requireText(route, 'route');
    requireText(reason, 'reason');
    const now = this.now();
    return this.transition(id, ['waiting'], () => ({
      status: 'queued',
      route,
      reason,
      next_attempt_at: now,
    }));
  }

  /** Waiting tasks matching the filter (all when it is empty) become queued; returns how many. */
  wake(filter: WakeFilter = {}): number {
    if (filter.route !== undefined) requireText(filter.route, 'route');
    if (filter.ids !== undefined) {
      if (!Array.isArray(filter.ids))
        throw new QueueError('queue-invalid-input', 'wake ids must be an array of task ids');
      for (const id of filter.ids) requireText(id, 'id');
      if (filter.ids.length === 0) return 0;
    }
    const where = ["status = 'waiting'"];
    const params: unknown[] = [];
    if (filter.route !== undefined) {
      where.push('route = ?');
      params.push(filter.route);
    }
    if (filter.ids !== undefined) {
      where.push(`id IN (${filter.ids.map(() => '?').join(', ')})`);
      params.push(...filter.ids);
    }
    const now = this.now();
    return this.statement(
      `UPDATE tasks SET status = 'queued', next_attempt_at = ?, updated_at = ?
         WHERE ${where.join(' AND ')}`,
    ).run(now, now, ...params).changes;
  }

  /** Cancels unfinished work; a running task's lease ends, so its runner can no longer finish it. */
  cancel(id: string, reason?: string): TaskRecord {
    if (reason !== undefined) requireText(reason, 'reason');
    return this.transition(id, ['queued', 'waiting', 'running', 'cancelled'], (row) => ({
      status: 'cancelled',
      lease_token: null,
      lease_expires_at: null,
      reason: reason ?? row.reason,
    }));
  }

  /** Gives a failed or cancelled task a fresh start: queued now, attempts reset. */
  retry(id: string): TaskRecord {
    return this.transition(id, ['failed', 'cancelled'], () => ({
      status: 'queued',
      attempts: 0,
      next_attempt_at: this.now(),
      lease_token: null,
      lease_expires_at: null,
    }));
  }

  /**
   * Ends every lease at once: for the only runner there is (the daemon holds an instance lock)
   * starting up, anything still `running` was abandoned by a crash and need not wait for its
   * lease to expire. Returns how many tasks were queued again.
   */
  releaseLeases(): number {
    const now = this.now();
    return this.statement(
      `UPDATE tasks SET status = 'queued', lease_token = NULL, lease_expires_at = NULL,
         next_attempt_at = ?, updated_at = ? WHERE status = 'running'`,
    ).run(now, now).changes;
  }

  /** Deletes finished tasks (and their results) last changed more than `olderThanMs` ago. */
  prune(options: { olderThanMs: number }): number {
    requireDuration(options?.olderThanMs, 'olderThanMs', 0);
    const cutoff = this.now() - options.olderThanMs;
    // Results go with their task through ON DELETE CASCADE.
    return this.statement(
      `DELETE FROM tasks WHERE status IN (${FINISHED_SQL}) AND updated_at < ?`,
    ).run(cutoff).changes;
  }

  /** A prepared statement, cached by its text: preparing costs more than most queue calls. */
  protected statement<P extends unknown[] = unknown[], R = unknown>(
    sql: string,
  ): Database.Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      // Dynamic lists (wake by ids) make new texts; keep the cache bounded.
      if (this.statements.size < 200) this.statements.set(sql, statement);
    }
    return statement as Database.Statement<P, R>;
  }

  protected row(id: string): TaskRow | undefined {
    return this.statement<[string], TaskRow>('SELECT * FROM tasks WHERE id = ?').get(id);
  }

  protected require(id: string): TaskRecord {
    const row = this.row(id);
    if (!row) throw unknownTask(id);
    return toRecord(row);
  }

  /** Sets columns (trusted names from this module only) and bumps updated_at. */
  protected update(id: string, now: number, columns: Columns): void {
    const names = Object.keys(columns);
    const sets = names.map((name) => `${name} = @${name}`).join(', ');
    this.statement(`UPDATE tasks SET ${sets}, updated_at = @updated_at WHERE id = @id`).run({
      ...columns,
      id,
      updated_at: now,
    });
  }

  private transition(
    id: string,
    from: readonly TaskStatus[],
    change: (row: TaskRow) => Columns,
  ): TaskRecord {
    requireText(id, 'id');
    return this.db
      .transaction((): TaskRecord => {
        const row = this.row(id);
        if (!row) throw unknownTask(id);
        if (!from.includes(row.status as TaskStatus)) {
          throw new QueueError(
            'queue-wrong-status',
            `task ${id} is ${row.status}; this needs it to be ${from.join(' or ')}`,
          );
        }
        this.update(id, this.now(), change(row));
        return this.require(id);
      })
      .immediate();
  }
}

function requireStatus(status: unknown): void {
  if (!TASK_STATUSES.includes(status as TaskStatus))
    throw new QueueError(
      'queue-invalid-input',
      `status must be one of ${TASK_STATUSES.join(', ')}, got ${String(status)}`,
    );
}
