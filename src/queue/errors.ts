import { type ErrorCodeOf, HearthError } from '../errors.js';

/** The queue's codes, listed with what each means in errors.ts. */
export type QueueErrorCode = ErrorCodeOf<'queue'>;

/** A queue call was given bad input or asked for a transition the task's status does not allow. */
export class QueueError extends HearthError {
  declare readonly code: QueueErrorCode;

  constructor(code: QueueErrorCode, message: string) {
    super(code, message);
    this.name = 'QueueError';
  }
}

export function unknownTask(id: string): QueueError {
  return new QueueError('queue-unknown-task', `no task with id ${id} in the queue`);
}

export function requireDuration(value: unknown, field: string, min = 1): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    throw new QueueError(
      'queue-invalid-input',
      `${field} must be a number >= ${min}, got ${String(value)}`,
    );
}
