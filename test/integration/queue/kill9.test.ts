import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueStore } from '../../../src/queue/store.js';
import { newTask } from '../../../src/queue/types.js';
import { collect, waitFor } from '../../helpers/hearth.js';
import { compileQueue } from './compile-queue.js';

const WORKER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'queue-worker.mjs',
);
const TASKS = 30;
const KILLS = 10;

let compiled: ReturnType<typeof compileQueue>;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  compiled = compileQueue();
  dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-kill9-'));
}, 60_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  compiled?.remove();
  rmSync(dir, { recursive: true, force: true });
});

function spawnWorker(file: string, extra: string[] = []) {
  const child = spawn(process.execPath, [WORKER, compiled.outDir, file, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const starts: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n'))
      if (line.startsWith('start ')) starts.push(line);
  });
  return { child, starts };
}

describe('the queue under kill -9', () => {
  it('finishes every task exactly once across repeated SIGKILLs of its runner', async () => {
    const file = path.join(dir, 'queue.db');
    const store = QueueStore.open(file);
    const ids = new Set<string>();
    for (let i = 0; i < TASKS; i++) {
      const task = newTask({
        kind: 'docstring',
        repo: '/repo',
        inputs: { n: i },
        priority: i % 5 === 0 ? 'interactive' : 'background',
        idempotencyKey: `task-${i}`,
        maxAttempts: 100,
      });
      ids.add(store.enqueue(task).task.id);
    }

    let orphaned = 0;
    for (let cycle = 0; cycle < KILLS; cycle++) {
      const worker = spawnWorker(file);
      const startsBeforeKill = 1 + (cycle % 3);
      await waitFor(
        `worker ${cycle} to start ${startsBeforeKill} tasks`,
        () => worker.starts.length >= startsBeforeKill,
        15_000,
      );
      // Every run sleeps 100-200 ms, so a kill within 30 ms of a start lands mid-run.
      await new Promise((r) => setTimeout(r, Math.random() * 30));
      worker.child.kill('SIGKILL');
      await new Promise((r) => worker.child.once('exit', r));
      orphaned += store.counts().running > 0 ? 1 : 0;
    }
    expect(orphaned).toBe(KILLS);

    const last = spawnWorker(file, ['--exit-when-idle']);
    const result = await collect(last.child, 30_000);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('idle');

    const tasks = store.list({ limit: 1_000 });
    expect(tasks).toHaveLength(TASKS);
    expect(store.counts()).toMatchObject({ done: TASKS, queued: 0, running: 0, failed: 0 });
    for (const task of tasks) {
      expect(ids.has(task.id)).toBe(true);
      expect(task.status).toBe('done');
      // The one result is the one written under the task's last lease.
      expect(store.result(task.id)).toMatchObject({ id: task.id, attempt: task.attempts });
    }
    // Some tasks really were taken over from a killed runner.
    expect(tasks.some((task) => task.attempts > 1)).toBe(true);
    store.close();

    const db = new Database(file, { readonly: true });
    const rows = db
      .prepare('SELECT count(*) AS n, count(DISTINCT task_id) AS distinct_ids FROM results')
      .get() as { n: number; distinct_ids: number };
    db.close();
    expect(rows).toEqual({ n: TASKS, distinct_ids: TASKS });
  }, 120_000);
});
