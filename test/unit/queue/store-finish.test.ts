import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, openTempStore, removeTempStores, sampleTask } from './helpers.js';

afterEach(removeTempStores);

const policy = { baseMs: 1_000, maxMs: 60_000, factor: 2 };

function setup(maxAttempts = 3) {
  const clock = manualClock();
  const { store } = openTempStore({ now: clock.now, backoff: policy, random: () => 1 });
  const { task } = store.enqueue(sampleTask({ now: clock.now(), maxAttempts }));
  const claim = () => {
    const claimed = store.claim({ leaseMs: 10_000 });
    if (!claimed) throw new Error('nothing to claim');
    return { id: claimed.id, token: claimed.leaseToken as string, attempts: claimed.attempts };
  };
  return { clock, store, task, claim };
}

describe('complete', () => {
  it('stores one result and marks the task done', () => {
    const { store, task, claim } = setup();
    const { id, token } = claim();
    expect(store.complete(id, token, { patch: 'diff --git' })).toBe(true);
    expect(store.get(task.id)).toMatchObject({
      status: 'done',
      resultRef: task.id,
      leaseToken: null,
    });
    expect(store.result(task.id)).toEqual({ patch: 'diff --git' });
    expect(store.complete(id, token, 'again')).toBe(false);
    expect(store.result(task.id)).toEqual({ patch: 'diff --git' });
  });

  it('stores undefined as null and refuses what JSON cannot hold', () => {
    const { store, claim } = setup();
    const { id, token } = claim();
    expect(() => store.complete(id, token, { n: 1n })).toThrow(/result is not JSON-serialisable/);
    expect(store.get(id)?.status).toBe('running');
    expect(store.complete(id, token, undefined)).toBe(true);
    expect(store.result(id)).toBeNull();
  });

  it('refuses the wrong token, and names an unknown id', () => {
    const { store, claim } = setup();
    const { id } = claim();
    expect(store.complete(id, 'wrong', 1)).toBe(false);
    expect(() => store.complete('nope', 'token', 1)).toThrow(/no task with id nope/);
    expect(() => store.complete(id, '', 1)).toThrow(/lease token must be a non-empty string/);
  });
});

describe('fail', () => {
  it('requeues a retryable failure with exponential backoff, then dead-letters', () => {
    const { clock, store, task, claim } = setup(3);
    let lease = claim();
    let after = store.fail(lease.id, lease.token, { message: 'HTTP 503', retryable: true });
    expect(after).toMatchObject({ status: 'queued', lastError: 'HTTP 503', leaseToken: null });
    expect(after?.nextAttemptAt).toBe(clock.now() + 1_000);
    expect(store.claim({ leaseMs: 10 })).toBeUndefined();

    clock.advance(1_000);
    lease = claim();
    after = store.fail(lease.id, lease.token, { message: 'reset', retryable: true });
    expect(after?.nextAttemptAt).toBe(clock.now() + 2_000);

    clock.advance(2_000);
    lease = claim();
    expect(lease.attempts).toBe(3);
    after = store.fail(lease.id, lease.token, { message: 'HTTP 503 again', retryable: true });
    expect(after).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 503 again' });
    clock.advance(60_000);
    expect(store.claim({ leaseMs: 10 })).toBeUndefined();
    expect(store.get(task.id)?.status).toBe('failed');
  });

  it('honours retryAfterMs as the earliest next attempt', () => {
    const { clock, store, claim } = setup();
    const lease = claim();
    const after = store.fail(lease.id, lease.token, {
      message: 'HTTP 429',
      retryable: true,
      retryAfterMs: 30_000,
    });
    expect(after?.nextAttemptAt).toBe(clock.now() + 30_000);
  });

  it('dead-letters a non-retryable failure at once', () => {
    const { store, claim } = setup();
    const lease = claim();
    const after = store.fail(lease.id, lease.token, { message: 'HTTP 401', retryable: false });
    expect(after).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 401' });
  });

  it('returns undefined for a stale token and rejects a malformed error', () => {
    const { store, claim } = setup();
    const lease = claim();
    expect(store.fail(lease.id, 'stale', { message: 'x', retryable: true })).toBeUndefined();
    expect(store.get(lease.id)?.status).toBe('running');
    expect(() => store.fail(lease.id, lease.token, { message: 'x' } as never)).toThrow(
      /fail needs \{ message: string, retryable: boolean \}/,
    );
    expect(() =>
      store.fail(lease.id, lease.token, { message: 'x', retryable: true, retryAfterMs: -1 }),
    ).toThrow(/retryAfterMs must be a number >= 0/);
  });
});
