import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueStore } from '../../../src/queue/store.js';
import { manualClock, openTempStore, removeTempStores, sampleTask } from './helpers.js';

afterEach(removeTempStores);

describe('QueueStore.open', () => {
  it('creates a 0600 WAL file at the current schema version', () => {
    const { store, file } = openTempStore();
    store.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });

  it('reopens an existing file without migrating again, keeping its tasks', () => {
    const { store, file } = openTempStore();
    const { task } = store.enqueue(sampleTask());
    store.close();
    const again = QueueStore.open(file);
    expect(again.get(task.id)?.status).toBe('queued');
    again.close();
  });

  it('refuses a file from a newer hearth', () => {
    const { store, file } = openTempStore();
    store.close();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => QueueStore.open(file)).toThrow(/schema version 99, newer than this hearth knows/);
  });

  it('close is idempotent', () => {
    const { store } = openTempStore();
    store.close();
    expect(() => store.close()).not.toThrow();
  });
});

describe('enqueue', () => {
  it('stores the task as given and reads it back', () => {
    const clock = manualClock();
    const { store } = openTempStore({ now: clock.now });
    const task = sampleTask({ inputs: { deep: [1, 'two', { three: null }] }, endpoint: 'cloud' });
    const { task: stored, created, superseded } = store.enqueue(task);
    expect(created).toBe(true);
    expect(superseded).toEqual([]);
    expect(stored).toEqual({ ...task, updatedAt: clock.now() });
  });

  it('returns the existing task for a repeated idempotency key', () => {
    const { store } = openTempStore();
    const first = store.enqueue(sampleTask({ idempotencyKey: 'same' }));
    const second = store.enqueue(sampleTask({ idempotencyKey: 'same', inputs: { other: true } }));
    expect(second.created).toBe(false);
    expect(second.task).toEqual(first.task);
    expect(store.list()).toHaveLength(1);
  });

  it('raises a queued background task to interactive when an interactive request repeats it', () => {
    const { store } = openTempStore();
    const background = store.enqueue(sampleTask({ idempotencyKey: 'same' })).task;
    const urgent = store.enqueue(sampleTask({ idempotencyKey: 'same', priority: 'interactive' }));
    expect(urgent).toMatchObject({ created: false, task: { id: background.id } });
    expect(urgent.task.priority).toBe('interactive');
    // A finished task is history: it stays as it was.
    const done = store.enqueue(sampleTask({ idempotencyKey: 'done' })).task;
    const claimed = store.claim({ leaseMs: 1_000 });
    expect(claimed?.id).toBe(background.id);
    const next = store.claim({ leaseMs: 1_000 });
    expect(next?.id).toBe(done.id);
    expect(store.complete(done.id, next?.leaseToken as string, 'ok')).toBe(true);
    store.enqueue(sampleTask({ idempotencyKey: 'done', priority: 'interactive' }));
    expect(store.get(done.id)?.priority).toBe('background');
  });

  it('supersedes queued, waiting and running tasks with the same key, not finished ones', () => {
    const { store } = openTempStore();
    const done = store.enqueue(sampleTask({ supersedeKey: 'done' })).task;
    const claimed = store.claim({ leaseMs: 1_000 });
    store.complete(done.id, claimed?.leaseToken as string, 'ok');
    const running = store.enqueue(sampleTask({ supersedeKey: 'running' })).task;
    store.claim({ leaseMs: 1_000 });
    const waiting = store.enqueue(sampleTask({ supersedeKey: 'waiting' })).task;
    store.setWaiting(waiting.id, 'wait-online', 'offline');
    const queued = store.enqueue(sampleTask({ supersedeKey: 'queued' })).task;
    const plain = store.enqueue(sampleTask()).task;

    for (const old of [running, waiting, queued]) {
      const newer = store.enqueue(sampleTask({ supersedeKey: old.supersedeKey }));
      expect(newer.superseded).toEqual([
        expect.objectContaining({
          id: old.id,
          status: 'superseded',
          leaseToken: null,
          // Read as "dropped: ..." by hearth docstrings: never the routing reason it had.
          reason: 'superseded: a newer edit of the same code asked again',
        }),
      ]);
      expect(newer.task.status).toBe('queued');
    }
    expect(store.enqueue(sampleTask({ supersedeKey: 'done' })).superseded).toEqual([]);
    expect(store.get(done.id)?.status).toBe('done');
    expect(store.get(plain.id)?.status).toBe('queued');
  });

  it('a superseded waiting task stays superseded when waiting tasks are woken', () => {
    const { store } = openTempStore();
    const a = store.enqueue(sampleTask({ supersedeKey: 'k' })).task;
    store.setWaiting(a.id, 'wait-online', 'offline');
    const b = store.enqueue(sampleTask({ supersedeKey: 'k' }));
    expect(b.superseded.map((t) => t.id)).toEqual([a.id]);
    expect(store.wake()).toBe(0);
    expect(store.get(a.id)?.status).toBe('superseded');
  });

  it('a superseded running task cannot be completed by its old runner', () => {
    const { store } = openTempStore();
    const old = store.enqueue(sampleTask({ supersedeKey: 'k' })).task;
    const claimed = store.claim({ leaseMs: 1_000 });
    store.enqueue(sampleTask({ supersedeKey: 'k' }));
    expect(store.complete(old.id, claimed?.leaseToken as string, 'late')).toBe(false);
    expect(store.heartbeat(old.id, claimed?.leaseToken as string, 1_000)).toBe(false);
    expect(store.get(old.id)?.status).toBe('superseded');
  });

  it.each([
    ['a task that is not new', { status: 'running' }, /must be queued or waiting, got running/],
    ['an empty kind', { kind: '' }, /task kind must be a non-empty string/],
    ['a bad priority', { priority: 'now' }, /task priority must be one of/],
    ['inputs JSON cannot hold', { inputs: () => 1 }, /task inputs is not JSON-serialisable/],
  ])('rejects %s', (_name, override, message) => {
    const { store } = openTempStore();
    expect(() => store.enqueue({ ...sampleTask(), ...override } as never)).toThrow(message);
    expect(store.list()).toEqual([]);
  });
});
