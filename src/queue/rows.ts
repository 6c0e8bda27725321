import type { Priority, TaskRecord, TaskStatus } from './types.js';

/** A row of the tasks table as SQLite returns it. */
export interface TaskRow {
  id: string;
  kind: string;
  repo: string | null;
  inputs: string;
  priority: number;
  status: string;
  attempts: number;
  max_attempts: number;
  endpoint: string | null;
  lease_token: string | null;
  lease_expires_at: number | null;
  next_attempt_at: number;
  idempotency_key: string;
  supersede_key: string | null;
  route: string | null;
  reason: string | null;
  result_ref: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export const PRIORITY_RANK: Record<Priority, number> = { interactive: 0, background: 1 };

export function toRecord(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    kind: row.kind,
    repo: row.repo,
    inputs: JSON.parse(row.inputs) as unknown,
    priority: row.priority === 0 ? 'interactive' : 'background',
    status: row.status as TaskStatus,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    endpoint: row.endpoint,
    leaseToken: row.lease_token,
    leaseExpiresAt: row.lease_expires_at,
    nextAttemptAt: row.next_attempt_at,
    idempotencyKey: row.idempotency_key,
    supersedeKey: row.supersede_key,
    route: row.route,
    reason: row.reason,
    resultRef: row.result_ref,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Named parameters for inserting a validated task; `inputs` is already JSON text. */
export function toInsertParams(task: TaskRecord, inputs: string, now: number) {
  return {
    id: task.id,
    kind: task.kind,
    repo: task.repo,
    inputs,
    priority: PRIORITY_RANK[task.priority],
    status: task.status,
    max_attempts: task.maxAttempts,
    endpoint: task.endpoint,
    next_attempt_at: task.nextAttemptAt,
    idempotency_key: task.idempotencyKey,
    supersede_key: task.supersedeKey,
    route: task.route,
    reason: task.reason,
    created_at: task.createdAt,
    updated_at: now,
  };
}
