import { afterEach, describe, expect, it } from 'vitest';
import { QueueError } from '../../../src/queue/errors.js';
import { manualClock, openTempStore, removeTempStores, sampleTask } from './helpers.js';

afterEach(removeTempStores);

describe('waiting and waking', () => {
  it('parks a queued task and wakes it by route', () => {
    const { store } = openTempStore();
    const online = store.enqueue(sampleTask()).task;
    const approval = store.enqueue(sampleTask()).task;
    store.setWaiting(online.id, 'wait-online', 'the cloud is unreachable');
    store.setWaiting(approval.id, 'wait-approval', 'repo policy is cloud: ask');
    expect(store.get(online.id)).toMatchObject({
      status: 'waiting',
      route: 'wait-online',
      reason: 'the cloud is unreachable',
    });
    expect(store.claim({ leaseMs: 100 })).toBeUndefined();
    expect(store.wake({ route: 'wait-online' })).toBe(1);
    expect(store.claim({ leaseMs: 100 })?.id).toBe(online.id);
    expect(store.get(approval.id)?.status).toBe('waiting');
    expect(store.wake({ ids: [approval.id] })).toBe(1);
    expect(store.wake({ ids: [] })).toBe(0);
  });

  it('releases a waiting task with the new route and reason, and only a waiting one', () => {
    const { store } = openTempStore();
    const { task } = store.enqueue(sampleTask());
    expect(() => store.release(task.id, 'cloud', 'online again')).toThrow(QueueError);
    store.setWaiting(task.id, 'wait-online', 'offline');
    expect(store.release(task.id, 'cloud', 'online again')).toMatchObject({
      status: 'queued',
      route: 'cloud',
      reason: 'online again',
    });
    expect(store.claim({ leaseMs: 100 })?.id).toBe(task.id);
  });

  it('gives the attempt back when a running task is parked, and ends its lease', () => {
    const { store } = openTempStore();
    const { task } = store.enqueue(sampleTask());
    const claimed = store.claim({ leaseMs: 1_000 });
    const parked = store.setWaiting(task.id, 'wait-online', 'offline');
    expect(parked).toMatchObject({ status: 'waiting', attempts: 0, leaseToken: null });
    expect(store.complete(task.id, claimed?.leaseToken as string, 'late')).toBe(false);
  });

  it('refuses to park a finished task', () => {
    const { store } = openTempStore();
    const { task } = store.enqueue(sampleTask());
    store.cancel(task.id);
    expect(() => store.setWaiting(task.id, 'wait-online', 'offline')).toThrow(
      /is cancelled; this needs it to be queued or waiting or running/,
    );
  });
});

describe('cancel and retry', () => {
  it('cancels running work so its runner cannot finish it, and retries it from zero', () => {
    const { store } = openTempStore();
    const { task } = store.enqueue(sampleTask());
    const claimed = store.claim({ leaseMs: 1_000 });
    expect(store.cancel(task.id, 'by the user')).toMatchObject({
      status: 'cancelled',
      reason: 'by the user',
    });
    expect(store.cancel(task.id).status).toBe('cancelled');
    expect(store.complete(task.id, claimed?.leaseToken as string, 'late')).toBe(false);
    expect(store.retry(task.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(store.claim({ leaseMs: 1_000 })?.attempts).toBe(1);
  });

  it('retries a dead letter', () => {
    const { store } = openTempStore();
    const { task } = store.enqueue(sampleTask({ maxAttempts: 1 }));
    const claimed = store.claim({ leaseMs: 1_000 });
    store.fail(task.id, claimed?.leaseToken as string, { message: 'boom', retryable: true });
    expect(store.get(task.id)?.status).toBe('failed');
    expect(store.retry(task.id).status).toBe('queued');
  });

  it.each([
    [
      'retry a queued task',
      (s: QS, id: string) => s.retry(id),
      /is queued; this needs it to be failed or cancelled/,
    ],
    [
      'cancel a done task',
      (s: QS, id: string) => {
        const c = s.claim({ leaseMs: 100 });
        s.complete(id, c?.leaseToken as string, 1);
        s.cancel(id);
      },
      /is done; this needs it to be queued or waiting or running or cancelled/,
    ],
    ['retry an unknown id', (s: QS) => s.retry('missing'), /no task with id missing/],
    ['cancel with an empty id', (s: QS) => s.cancel(''), /id must be a non-empty string/],
    ['get with a number', (s: QS) => s.get(3 as never), /id must be a non-empty string, got 3/],
    ['result of an unknown id', (s: QS) => s.result('missing'), /no task with id missing/],
  ])('refuses to %s', (_name, act, message) => {
    const { store } = openTempStore();
    const { task } = store.enqueue(sampleTask());
    let error: unknown;
    try {
      act(store, task.id);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(QueueError);
    expect((error as Error).message).toMatch(message);
  });
});

type QS = ReturnType<typeof openTempStore>['store'];

describe('list, counts and prune', () => {
  it('lists newest first with filters, and counts every status', () => {
    const { store } = openTempStore();
    const a = store.enqueue(sampleTask({ kind: 'review' })).task;
    const b = store.enqueue(sampleTask()).task;
    const c = store.enqueue(sampleTask()).task;
    store.cancel(c.id);
    expect(store.list().map((t) => t.id)).toEqual([c.id, b.id, a.id]);
    expect(store.list({ status: 'queued' }).map((t) => t.id)).toEqual([b.id, a.id]);
    expect(store.list({ status: ['cancelled', 'done'] }).map((t) => t.id)).toEqual([c.id]);
    expect(store.list({ kind: 'review' }).map((t) => t.id)).toEqual([a.id]);
    expect(store.list({ limit: 1 })).toHaveLength(1);
    expect(store.counts()).toEqual({
      queued: 2,
      waiting: 0,
      running: 0,
      done: 0,
      failed: 0,
      cancelled: 1,
      superseded: 0,
    });
    expect(() => store.list({ status: 'lost' as never })).toThrow(/status must be one of/);
    expect(() => store.list({ limit: 0 })).toThrow(/limit must be an integer >= 1, got 0/);
  });

  it('prunes finished tasks and their results older than the cut-off, nothing live', () => {
    const clock = manualClock();
    const { store } = openTempStore({ now: clock.now });
    const old = store.enqueue(sampleTask({ now: clock.now() })).task;
    const c = store.claim({ leaseMs: 100_000 });
    store.complete(old.id, c?.leaseToken as string, 'result');
    const live = store.enqueue(sampleTask({ now: clock.now() })).task;
    clock.advance(10_000);
    const recent = store.enqueue(sampleTask({ now: clock.now() })).task;
    store.cancel(recent.id);
    expect(store.prune({ olderThanMs: 5_000 })).toBe(1);
    expect(store.get(old.id)).toBeUndefined();
    expect(store.get(live.id)?.status).toBe('queued');
    expect(store.get(recent.id)?.status).toBe('cancelled');
    expect(() => store.prune({ olderThanMs: -1 })).toThrow(/olderThanMs must be a number >= 0/);
  });
});
