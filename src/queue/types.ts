import { randomUUID } from 'node:crypto';
import { QueueError } from './errors.js';

export const TASK_STATUSES = [
  'queued',
  'waiting',
  'running',
  'done',
  'failed',
  'cancelled',
  'superseded',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const PRIORITIES = ['interactive', 'background'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Statuses a task never leaves on its own; prune deletes only these. */
export const FINISHED_STATUSES: readonly TaskStatus[] = [
  'done',
  'failed',
  'cancelled',
  'superseded',
];

export const DEFAULT_MAX_ATTEMPTS = 5;

/** One unit of work as stored in the queue: plain, serialisable data. Times are ms since epoch. */
export interface TaskRecord {
  id: string;
  kind: string;
  repo: string | null;
  /** JSON-serialisable task inputs. */
  inputs: unknown;
  priority: Priority;
  status: TaskStatus;
  attempts: number;
  maxAttempts: number;
  /** The concurrency lane (endpoint) that runs this task; null means the scheduler's default lane. */
  endpoint: string | null;
  leaseToken: string | null;
  leaseExpiresAt: number | null;
  nextAttemptAt: number;
  idempotencyKey: string;
  supersedeKey: string | null;
  route: string | null;
  reason: string | null;
  resultRef: string | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewTaskInput {
  kind: string;
  repo: string | null;
  inputs: unknown;
  priority: Priority;
  idempotencyKey: string;
  supersedeKey?: string | null;
  endpoint?: string | null;
  maxAttempts?: number;
  /** Runs no earlier than this (ms since epoch); defaults to now. */
  notBefore?: number;
  /** The clock, for tests. */
  now?: number;
}

/** Builds a queued task; validates it so a bad task fails here, not at enqueue time. */
export function newTask(input: NewTaskInput): TaskRecord {
  const now = input.now ?? Date.now();
  const task: TaskRecord = {
    id: randomUUID(),
    kind: input.kind,
    repo: input.repo,
    inputs: input.inputs,
    priority: input.priority,
    status: 'queued',
    attempts: 0,
    maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    endpoint: input.endpoint ?? null,
    leaseToken: null,
    leaseExpiresAt: null,
    nextAttemptAt: input.notBefore ?? now,
    idempotencyKey: input.idempotencyKey,
    supersedeKey: input.supersedeKey ?? null,
    route: null,
    reason: null,
    resultRef: null,
    lastError: null,
    createdAt: now,
    updatedAt: now,
  };
  validateNewTask(task);
  return task;
}

/** Checks the fields a caller controls; throws a QueueError naming the first bad field. */
export function validateNewTask(task: TaskRecord): void {
  if (typeof task !== 'object' || task === null) throw invalid('task', 'must be an object');
  requireText(task.id, 'id');
  requireText(task.kind, 'kind');
  requireNullableText(task.repo, 'repo');
  requireNullableText(task.endpoint, 'endpoint');
  requireNullableText(task.supersedeKey, 'supersedeKey');
  requireText(task.idempotencyKey, 'idempotencyKey');
  if (!PRIORITIES.includes(task.priority))
    throw invalid(
      'priority',
      `must be one of ${PRIORITIES.join(', ')}, got ${String(task.priority)}`,
    );
  if (task.status !== 'queued' && task.status !== 'waiting')
    throw invalid('status', `a new task must be queued or waiting, got ${String(task.status)}`);
  if (!Number.isInteger(task.maxAttempts) || task.maxAttempts < 1)
    throw invalid('maxAttempts', `must be an integer >= 1, got ${String(task.maxAttempts)}`);
  for (const field of ['nextAttemptAt', 'createdAt'] as const) {
    if (!Number.isFinite(task[field])) throw invalid(field, 'must be a time in ms since epoch');
  }
  encodeJson(task.inputs, 'inputs');
}

/** JSON text for a value, refusing what JSON cannot carry (undefined, functions, bigint, cycles). */
export function encodeJson(value: unknown, field: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw invalid(field, `is not JSON-serialisable (${(error as Error).message})`);
  }
  if (text === undefined) throw invalid(field, 'is not JSON-serialisable (undefined)');
  return text;
}

export function requireText(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalid(field, `must be a non-empty string, got ${describe(value)}`);
}

function requireNullableText(value: unknown, field: string): void {
  if (value !== null) requireText(value, field);
}

function invalid(field: string, problem: string): QueueError {
  return new QueueError('queue-invalid-input', `task ${field} ${problem}`);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
