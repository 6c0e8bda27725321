import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type OpenOptions, QueueStore } from '../../../src/queue/store.js';
import { type NewTaskInput, newTask, type TaskRecord } from '../../../src/queue/types.js';

/** A clock the test moves by hand, starting at a fixed time. */
export function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const dirs: string[] = [];

/** A store on a fresh SQLite file in a temp folder; `removeTempStores()` deletes them. */
export function openTempStore(options: OpenOptions = {}): { store: QueueStore; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-queue-'));
  dirs.push(dir);
  const file = path.join(dir, 'queue.db');
  return { store: QueueStore.open(file, options), file };
}

export function removeTempStores(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

let counter = 0;

/** A valid task with a unique idempotency key; override any field. */
export function sampleTask(overrides: Partial<NewTaskInput> = {}): TaskRecord {
  counter++;
  return newTask({
    kind: 'docstring',
    repo: '/repo',
    inputs: { file: `f${counter}.py` },
    priority: 'background',
    idempotencyKey: `key-${counter}-${Math.random()}`,
    ...overrides,
  });
}
