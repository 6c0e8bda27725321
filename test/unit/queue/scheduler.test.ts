import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler, type SchedulerOptions } from '../../../src/queue/scheduler.js';
import type { QueueStore } from '../../../src/queue/store.js';
import type { TaskRecord } from '../../../src/queue/types.js';
import { waitFor } from '../../helpers/hearth.js';
import { openTempStore, removeTempStores, sampleTask } from './helpers.js';

/** A runner whose tasks each wait until the test releases them, recording start order. */
function gatedRunner() {
  const started: TaskRecord[] = [];
  const gates = new Map<string, (value: unknown) => void>();
  const run = (task: TaskRecord, signal: AbortSignal) =>
    new Promise<unknown>((resolve, reject) => {
      started.push(task);
      gates.set(task.id, resolve);
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  const release = (id: string, value: unknown = `result of ${id}`) => gates.get(id)?.(value);
  return { run, started, release };
}

const schedulers: Scheduler[] = [];
const stores: QueueStore[] = [];

function startScheduler(store: QueueStore, options: Omit<SchedulerOptions, 'store'>) {
  const scheduler = new Scheduler({ store, pollMs: 20, leaseMs: 5_000, ...options });
  schedulers.push(scheduler);
  scheduler.start();
  return scheduler;
}

function tempStore() {
  const { store } = openTempStore();
  stores.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.close({ abort: true, timeoutMs: 1_000 })));
  for (const store of stores.splice(0)) store.close();
  removeTempStores();
});

describe('Scheduler', () => {
  it('starts an interactive task next, however much background work is queued', async () => {
    const store = tempStore();
    const runner = gatedRunner();
    for (let i = 0; i < 20; i++) store.enqueue(sampleTask({ priority: 'background' }));
    const scheduler = startScheduler(store, {
      run: runner.run,
      lanes: { local: { concurrency: 1 } },
    });
    await waitFor('the first background task', () => runner.started.length === 1);

    const { task: urgent } = store.enqueue(sampleTask({ priority: 'interactive' }));
    scheduler.kick();
    expect(runner.started).toHaveLength(1); // the lane is full: it waits for one request
    runner.release(runner.started[0]?.id as string);
    await waitFor('the next task', () => runner.started.length === 2);
    expect(runner.started[1]?.id).toBe(urgent.id);
    expect(store.counts().running).toBe(1);
  });

  it('while a lane is held starts only its interactive tasks, and the rest on release', async () => {
    const store = tempStore();
    const runner = gatedRunner();
    const background = store.enqueue(sampleTask({ priority: 'background' })).task;
    const cloud = store.enqueue(sampleTask({ endpoint: 'cloud' })).task;
    const scheduler = new Scheduler({
      store,
      run: runner.run,
      pollMs: 20,
      lanes: { local: { concurrency: 1 }, cloud: { concurrency: 1 } },
    });
    schedulers.push(scheduler);
    scheduler.holdBackground('local', true);
    scheduler.start();
    await waitFor('the cloud task', () => runner.started.length === 1);
    expect(runner.started[0]?.id).toBe(cloud.id); // only the held lane waits
    const { task: urgent } = store.enqueue(sampleTask({ priority: 'interactive' }));
    scheduler.kick();
    await waitFor('the interactive task', () => runner.started.length === 2);
    expect(runner.started[1]?.id).toBe(urgent.id);
    runner.release(urgent.id);
    await new Promise((r) => setTimeout(r, 100)); // several polls: the background task waits
    expect(runner.started).toHaveLength(2);
    expect(store.get(background.id)?.status).toBe('queued');
    scheduler.holdBackground('local', false);
    await waitFor('the background task', () => runner.started.length === 3);
    expect(runner.started[2]?.id).toBe(background.id);
    expect(() => scheduler.holdBackground('gpu', true)).toThrow(/no lane gpu/);
  });

  it('caps concurrency per endpoint lane, unassigned tasks in the default lane', async () => {
    const store = tempStore();
    const runner = gatedRunner();
    for (let i = 0; i < 3; i++) store.enqueue(sampleTask());
    for (let i = 0; i < 5; i++) store.enqueue(sampleTask({ endpoint: 'cloud' }));
    store.enqueue(sampleTask({ endpoint: 'elsewhere' }));
    const scheduler = startScheduler(store, {
      run: runner.run,
      lanes: { local: { concurrency: 1 }, cloud: { concurrency: 3 } },
    });
    await waitFor('both lanes full', () => runner.started.length === 4);
    await new Promise((r) => setTimeout(r, 100)); // several polls: still no more
    const lanes = runner.started.map((t) => t.endpoint ?? 'local');
    expect(lanes.filter((l) => l === 'local')).toHaveLength(1);
    expect(lanes.filter((l) => l === 'cloud')).toHaveLength(3);
    expect(scheduler.runningIds()).toHaveLength(4);

    for (let round = 0; round < 10 && store.counts().done < 8; round++) {
      for (const task of runner.started) runner.release(task.id);
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitFor('all lane tasks done', () => store.counts().done === 8);
    expect(store.counts().queued).toBe(1); // the task for a lane this scheduler does not run
  });

  it('stores results, requeues retryable errors and dead-letters the rest', async () => {
    const store = tempStore();
    const ok = store.enqueue(sampleTask({ inputs: { outcome: 'ok' } })).task;
    const flaky = store.enqueue(sampleTask({ inputs: { outcome: 'flaky' } })).task;
    const broken = store.enqueue(sampleTask({ inputs: { outcome: 'broken' } })).task;
    startScheduler(store, {
      lanes: { local: { concurrency: 3 } },
      run: async (task) => {
        const { outcome } = task.inputs as { outcome: string };
        if (outcome === 'flaky')
          throw Object.assign(new Error('HTTP 503'), { retryable: true, retryAfterMs: 60_000 });
        if (outcome === 'broken') throw new Error('HTTP 401 from local: check the API key');
        return { outcome };
      },
    });
    await waitFor('all settled', () => store.counts().running === 0 && store.counts().done === 1);
    await waitFor('flaky requeued', () => store.get(flaky.id)?.status === 'queued');
    expect(store.result(ok.id)).toEqual({ outcome: 'ok' });
    expect(store.get(flaky.id)).toMatchObject({ attempts: 1, lastError: 'HTTP 503' });
    expect(store.get(flaky.id)?.nextAttemptAt).toBeGreaterThanOrEqual(Date.now() + 50_000);
    await waitFor('broken failed', () => store.get(broken.id)?.status === 'failed');
    expect(store.get(broken.id)?.lastError).toMatch(/HTTP 401/);
  });

  it('aborts a superseded task and runs its replacement', async () => {
    const store = tempStore();
    const runner = gatedRunner();
    const old = store.enqueue(sampleTask({ supersedeKey: 'doc:a.py:f' })).task;
    const scheduler = startScheduler(store, { run: runner.run });
    await waitFor('the old task running', () => runner.started.length === 1);
    const { task: newer, superseded } = store.enqueue(sampleTask({ supersedeKey: 'doc:a.py:f' }));
    expect(superseded.map((t) => t.id)).toEqual([old.id]);
    expect(scheduler.abort(old.id)).toBe(true);
    scheduler.kick();
    await waitFor('the newer task running', () => runner.started.length === 2);
    expect(runner.started[1]?.id).toBe(newer.id);
    expect(store.get(old.id)?.status).toBe('superseded');
    expect(scheduler.abort('not-running')).toBe(false);
  });

  it('aborts a task whose lease was taken away, found by the heartbeat', async () => {
    const store = tempStore();
    let aborted = false;
    const { task } = store.enqueue(sampleTask());
    startScheduler(store, {
      leaseMs: 300,
      heartbeatMs: 20,
      run: (_task, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(signal.reason);
          });
        }),
    });
    await waitFor('running', () => store.get(task.id)?.status === 'running');
    store.cancel(task.id, 'by the user');
    await waitFor('the runner aborted', () => aborted);
    expect(store.get(task.id)).toMatchObject({ status: 'cancelled', reason: 'by the user' });
  });

  it('close stops claiming, waits for running tasks, and is idempotent', async () => {
    const store = tempStore();
    const runner = gatedRunner();
    store.enqueue(sampleTask());
    const second = store.enqueue(sampleTask()).task;
    const scheduler = startScheduler(store, { run: runner.run });
    await waitFor('one running', () => runner.started.length === 1);
    const closing = scheduler.close();
    expect(scheduler.close()).toBe(closing);
    let closed = false;
    void closing.then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    runner.release(runner.started[0]?.id as string);
    await closing;
    await new Promise((r) => setTimeout(r, 50));
    expect(runner.started).toHaveLength(1);
    expect(store.get(second.id)?.status).toBe('queued');
    expect(store.counts().done).toBe(1);
  });

  it('close gives up after its time-out, leaving the lease to expire', async () => {
    const store = tempStore();
    const runner = gatedRunner();
    store.enqueue(sampleTask());
    const scheduler = startScheduler(store, { run: runner.run });
    await waitFor('one running', () => runner.started.length === 1);
    const before = Date.now();
    await scheduler.close({ timeoutMs: 100 });
    expect(Date.now() - before).toBeLessThan(2_000);
    expect(store.counts().running).toBe(1);
  });

  it('rejects a lane without a valid concurrency', () => {
    const store = tempStore();
    expect(
      () => new Scheduler({ store, run: async () => 1, lanes: { local: { concurrency: 0 } } }),
    ).toThrow(/lane local: concurrency must be an integer >= 1, got 0/);
  });
});
