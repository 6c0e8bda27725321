import { errorMessage } from '../errors.js';
import type { TaskRecord } from '../queue/types.js';
import type { Checked } from '../util/checked.js';
import { readSubmitRequest } from './read-submit-request.js';
import {
  type KindInputs,
  narrowKindInputs,
  type TaskKind,
  type TaskOutcome,
} from './task-kinds.js';
import type { SubmitRequest, TaskView } from './types.js';

/*
 * A model task as the queue stores it: its inputs read back and checked, its result's shape, and
 * the view of it the CLI and IPC show.
 */

/** What a model task carries in the queue: its prompt and what the router needs. */
export interface ModelTaskInputs {
  request: SubmitRequest;
  promptTokens: number;
  /** `hearth approve` was given (a repo or user policy of cloud: ask). */
  approved?: boolean;
}

/** What a finished model task stores as its result. */
export interface ModelTaskResult {
  text: string;
  tier: 'local' | 'cloud';
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** What the task's kind made of the answer (see task-kinds.ts; text in older results). */
  outcome?: TaskOutcome;
}

/**
 * The one accessor of a stored task's inputs: checked against the shape a submit must have, so
 * that a malformed row (hand-edited, or from a version that stored something else) is refused
 * with a reason instead of crashing whatever reads it.
 */
export function readTaskInputs(task: Pick<TaskRecord, 'id' | 'inputs'>): Checked<{
  inputs: ModelTaskInputs;
}> {
  const stored = task.inputs;
  const malformed = (why: string) => ({
    ok: false as const,
    reason: `task ${task.id} has malformed stored inputs: ${why}`,
  });
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored))
    return malformed('not an object');
  const { request, promptTokens, approved } = stored as Record<string, unknown>;
  if (typeof promptTokens !== 'number' || !Number.isFinite(promptTokens))
    return malformed('"promptTokens" must be a number');
  if (approved !== undefined && typeof approved !== 'boolean')
    return malformed('"approved" must be true or false');
  try {
    const checked = readSubmitRequest(request);
    return {
      ok: true,
      inputs: { request: checked, promptTokens, ...(approved ? { approved } : {}) },
    };
  } catch (error) {
    return malformed(errorMessage(error));
  }
}

/** A task's inputs narrowed to its kind's (its stage's target is there), or why not. */
export function readKindInputs<K extends TaskKind>(
  kind: K,
  task: Pick<TaskRecord, 'id' | 'inputs'>,
): Checked<{ inputs: KindInputs<K> }> {
  const read = readTaskInputs(task);
  return read.ok ? narrowKindInputs(kind, read.inputs) : read;
}

/** A task's request for its config, or none (the global config) when its inputs are malformed. */
export function readRequestOrNone(task: TaskRecord): Pick<SubmitRequest, 'repo' | 'floor'> {
  const read = readTaskInputs(task);
  return read.ok ? read.inputs.request : {};
}

export function toView(task: TaskRecord): TaskView {
  return {
    id: task.id,
    kind: task.kind,
    status: task.status,
    priority: task.priority,
    route: task.route,
    reason: task.reason,
    attempts: task.attempts,
    endpoint: task.endpoint,
    lastError: task.lastError,
    createdAt: new Date(task.createdAt).toISOString(),
    updatedAt: new Date(task.updatedAt).toISOString(),
  };
}
