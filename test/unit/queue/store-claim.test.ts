import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, openTempStore, removeTempStores, sampleTask } from './helpers.js';

afterEach(removeTempStores);

describe('claim', () => {
  it('takes interactive before background, then oldest first', () => {
    const { store } = openTempStore();
    const b1 = store.enqueue(sampleTask({ priority: 'background' })).task;
    const b2 = store.enqueue(sampleTask({ priority: 'background' })).task;
    const i1 = store.enqueue(sampleTask({ priority: 'interactive' })).task;
    const i2 = store.enqueue(sampleTask({ priority: 'interactive' })).task;
    const order = [1, 2, 3, 4].map(() => store.claim({ leaseMs: 1_000 })?.id);
    expect(order).toEqual([i1.id, i2.id, b1.id, b2.id]);
    expect(store.claim({ leaseMs: 1_000 })).toBeUndefined();
  });

  it('marks the task running with a fresh lease and counts the attempt', () => {
    const clock = manualClock();
    const { store } = openTempStore({ now: clock.now });
    store.enqueue(sampleTask({ now: clock.now() }));
    const task = store.claim({ leaseMs: 5_000 });
    expect(task).toMatchObject({ status: 'running', attempts: 1 });
    expect(task?.leaseToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(task?.leaseExpiresAt).toBe(clock.now() + 5_000);
  });

  it('respects the endpoint lane and the unassigned flag', () => {
    const { store } = openTempStore();
    const cloud = store.enqueue(sampleTask({ endpoint: 'cloud' })).task;
    const none = store.enqueue(sampleTask()).task;
    const local = store.enqueue(sampleTask({ endpoint: 'local' })).task;
    expect(store.claim({ endpoint: 'local', leaseMs: 1_000 })?.id).toBe(local.id);
    expect(store.claim({ endpoint: 'local', leaseMs: 1_000 })).toBeUndefined();
    expect(store.claim({ endpoint: 'local', includeUnassigned: true, leaseMs: 1_000 })?.id).toBe(
      none.id,
    );
    expect(store.claim({ leaseMs: 1_000 })?.id).toBe(cloud.id);
  });

  it('with interactiveOnly leaves background tasks queued, even one whose lease expired', () => {
    const clock = manualClock();
    const { store } = openTempStore({ now: clock.now });
    const stale = store.enqueue(sampleTask({ now: clock.now(), endpoint: 'local' })).task;
    store.claim({ endpoint: 'local', leaseMs: 1_000 });
    clock.advance(1_000);
    const background = store.enqueue(sampleTask({ now: clock.now(), endpoint: 'local' })).task;
    const urgent = store.enqueue(
      sampleTask({ now: clock.now(), endpoint: 'local', priority: 'interactive' }),
    ).task;
    const held = { endpoint: 'local', interactiveOnly: true, leaseMs: 1_000 };
    expect(store.claim(held)?.id).toBe(urgent.id);
    expect(store.claim(held)).toBeUndefined();
    expect(store.get(background.id)?.status).toBe('queued');
    expect(store.claim({ endpoint: 'local', leaseMs: 1_000 })?.id).toBe(stale.id);
    expect(store.claim({ endpoint: 'local', leaseMs: 1_000 })?.id).toBe(background.id);
  });

  it('with keyPrefix takes and lists only the tasks of one command', () => {
    const { store } = openTempStore();
    store.enqueue(sampleTask({ idempotencyKey: 'docstring:a' }));
    const mine = store.enqueue(sampleTask({ idempotencyKey: 'review:["/r"]' })).task;
    const retry = store.enqueue(sampleTask({ idempotencyKey: 'review:["/r"]:strict' })).task;
    store.enqueue(sampleTask({ idempotencyKey: 'review:["/other"]' }));
    const only = { keyPrefix: 'review:["/r"]', leaseMs: 1_000 };
    expect([store.claim(only)?.id, store.claim(only)?.id]).toEqual([mine.id, retry.id]);
    expect(store.claim(only)).toBeUndefined();
    expect(store.list({ keyPrefix: 'review:["/r"]' }).map((t) => t.id)).toEqual([
      retry.id,
      mine.id,
    ]);
  });

  it('with ids takes only those tasks, whatever their keys', () => {
    const { store } = openTempStore();
    const reused = store.enqueue(sampleTask({ idempotencyKey: 'docstring:a' })).task;
    store.enqueue(sampleTask({ idempotencyKey: 'docstring:b' }));
    const mine = store.enqueue(sampleTask({ idempotencyKey: 'docstring:c' })).task;
    const only = { ids: [mine.id, reused.id], leaseMs: 1_000 };
    expect([store.claim(only)?.id, store.claim(only)?.id]).toEqual([reused.id, mine.id]);
    expect(store.claim(only)).toBeUndefined();
    expect(store.claim({ ids: [], leaseMs: 1_000 })).toBeUndefined();
  });

  it('does not take a task before its next attempt time', () => {
    const clock = manualClock();
    const { store } = openTempStore({ now: clock.now });
    store.enqueue(sampleTask({ now: clock.now(), notBefore: clock.now() + 1_000 }));
    expect(store.claim({ leaseMs: 1_000 })).toBeUndefined();
    clock.advance(1_000);
    expect(store.claim({ leaseMs: 1_000 })).toBeDefined();
  });

  it('reclaims a running task whose lease expired, and the old token stops working', () => {
    const clock = manualClock();
    const { store } = openTempStore({ now: clock.now });
    const { task } = store.enqueue(sampleTask({ now: clock.now() }));
    const first = store.claim({ leaseMs: 1_000 });
    clock.advance(999);
    expect(store.claim({ leaseMs: 1_000 })).toBeUndefined();
    clock.advance(1);
    const second = store.claim({ leaseMs: 1_000 });
    expect(second).toMatchObject({ id: task.id, attempts: 2 });
    expect(second?.leaseToken).not.toBe(first?.leaseToken);
    expect(store.complete(task.id, first?.leaseToken as string, 'stale')).toBe(false);
    expect(store.complete(task.id, second?.leaseToken as string, 'fresh')).toBe(true);
    expect(store.result(task.id)).toBe('fresh');
  });

  it('heartbeat keeps the lease alive only with the matching token', () => {
    const clock = manualClock();
    const { store } = openTempStore({ now: clock.now });
    store.enqueue(sampleTask({ now: clock.now() }));
    const task = store.claim({ leaseMs: 1_000 });
    const id = task?.id as string;
    clock.advance(800);
    expect(store.heartbeat(id, 'not-the-token', 1_000)).toBe(false);
    expect(store.heartbeat(id, task?.leaseToken as string, 1_000)).toBe(true);
    clock.advance(800);
    expect(store.claim({ leaseMs: 1_000 })).toBeUndefined();
    expect(store.get(id)?.leaseExpiresAt).toBe(clock.now() + 200);
    expect(() => store.heartbeat('gone', 'token', 1_000)).toThrow(/no task with id gone/);
    expect(() => store.heartbeat(id, task?.leaseToken as string, -5)).toThrow(/leaseMs must be/);
  });

  it('dead-letters a task whose lease expired on its last attempt instead of rerunning it', () => {
    const clock = manualClock();
    const { store } = openTempStore({ now: clock.now });
    const { task } = store.enqueue(sampleTask({ now: clock.now(), maxAttempts: 2 }));
    store.claim({ leaseMs: 100 });
    clock.advance(100);
    expect(store.claim({ leaseMs: 100 })?.attempts).toBe(2);
    clock.advance(100);
    expect(store.claim({ leaseMs: 100 })).toBeUndefined();
    expect(store.get(task.id)).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/lease expired on each of 2 attempts/),
    });
  });

  it.each([
    [{ leaseMs: 0 }, /leaseMs must be a number >= 1, got 0/],
    [{ leaseMs: Number.NaN }, /leaseMs must be a number >= 1/],
    [{ leaseMs: 10, endpoint: '' }, /endpoint must be a non-empty string/],
  ])('rejects %o', (options, message) => {
    const { store } = openTempStore();
    expect(() => store.claim(options)).toThrow(message);
  });
});
