import { describe, expect, it } from 'vitest';
import { QueueError } from '../../../src/queue/errors.js';
import { type NewTaskInput, newTask } from '../../../src/queue/types.js';

const base: NewTaskInput = {
  kind: 'review',
  repo: null,
  inputs: { files: ['a.ts'] },
  priority: 'interactive',
  idempotencyKey: 'review:abc',
};

describe('newTask', () => {
  it('builds plain, serialisable, queued data', () => {
    const task = newTask({ ...base, now: 1_000 });
    expect(JSON.parse(JSON.stringify(task))).toEqual(task);
    expect(task).toMatchObject({
      status: 'queued',
      attempts: 0,
      maxAttempts: 5,
      endpoint: null,
      supersedeKey: null,
      leaseToken: null,
      nextAttemptAt: 1_000,
      createdAt: 1_000,
    });
    expect(task.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives each task its own id', () => {
    expect(newTask(base).id).not.toBe(newTask(base).id);
  });

  it.each([
    [{ kind: '' }, /kind must be a non-empty string/],
    [{ idempotencyKey: 7 }, /idempotencyKey must be a non-empty string/],
    [{ priority: 'urgent' }, /priority must be one of interactive, background, got urgent/],
    [{ maxAttempts: 0 }, /maxAttempts must be an integer >= 1/],
    [{ maxAttempts: 1.5 }, /maxAttempts must be an integer >= 1/],
    [{ endpoint: '' }, /endpoint must be a non-empty string/],
    [{ repo: 3 }, /repo must be a non-empty string/],
    [{ inputs: undefined }, /inputs is not JSON-serialisable/],
    [{ inputs: { n: 1n } }, /inputs is not JSON-serialisable/],
  ])('rejects %o', (override, message) => {
    const call = () => newTask({ ...base, ...(override as Partial<NewTaskInput>) });
    expect(call).toThrow(QueueError);
    expect(call).toThrow(message);
  });

  it('rejects cyclic inputs with the field name', () => {
    const inputs: Record<string, unknown> = {};
    inputs.self = inputs;
    expect(() => newTask({ ...base, inputs })).toThrow(/task inputs is not JSON-serialisable/);
  });
});
