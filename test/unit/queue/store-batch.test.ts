import { afterEach, describe, expect, it } from 'vitest';
import { openTempStore, removeTempStores, sampleTask } from './helpers.js';

afterEach(removeTempStores);

describe('QueueStore.batch', () => {
  it('stores many enqueues and updates as one transaction', () => {
    const { store } = openTempStore();
    const ids = store.batch(() =>
      Array.from({ length: 50 }, () => {
        const { task } = store.enqueue(sampleTask());
        return store.setWaiting(task.id, 'wait-local', 'no local model').id;
      }),
    );
    expect(ids).toHaveLength(50);
    expect(store.counts().waiting).toBe(50);
  });

  it('keeps none of them when one fails', () => {
    const { store } = openTempStore();
    expect(() =>
      store.batch(() => {
        store.enqueue(sampleTask());
        store.enqueue(sampleTask({ kind: '' }));
      }),
    ).toThrow();
    expect(store.counts().queued).toBe(0);
  });
});

describe('QueueStore.hasActive', () => {
  it('says whether a lane has a task waiting, queued or running, not finished ones', () => {
    const { store } = openTempStore();
    expect(store.hasActive('cloud')).toBe(false);
    store.enqueue(sampleTask({ endpoint: 'local' }));
    expect(store.hasActive('cloud')).toBe(false);
    const { task } = store.enqueue(sampleTask({ endpoint: 'cloud' }));
    expect(store.hasActive('cloud')).toBe(true);
    store.cancel(task.id, 'test');
    expect(store.hasActive('cloud')).toBe(false);
    const waiting = store.enqueue(sampleTask({ endpoint: 'cloud' })).task;
    store.setWaiting(waiting.id, 'wait-online', 'offline');
    expect(store.hasActive('cloud')).toBe(true);
  });
});
