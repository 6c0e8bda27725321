#!/usr/bin/env node
// The durable queue (src/queue), measured on real SQLite files in a temp folder:
//   1. throughput: N tasks enqueued one transaction each, then drained by the real Scheduler
//      with a no-op runner (claim, complete), with synchronous=FULL beside NORMAL, interleaved;
//   2. kill -9: a runner process SIGKILLed mid-run K times, then restarted until the queue is
//      empty; prints tasks lost and results duplicated (both must be 0) and re-executions
//      (expected above 0: at-least-once reruns what a killed runner had started);
//   3. interactive wait: with 50 background tasks queued and a runner taking 200 ms each
//      (concurrency 1), how long a new interactive task waits to start, beside FIFO order.
// src/queue is compiled with the project's tsc into a temp folder first (about 3 s), so no
// `npm run build` is needed. `--json` prints JSON; progress goes to stderr.
//
//   node bench/queue.mjs [--tasks 2000] [--rounds 3] [--kills 50] [--kill-tasks 100]
//     [--backlog 50] [--request-ms 200] [--json]

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const load = async (dir) => ({
  ...(await import(pathToFileURL(path.join(dir, 'queue', 'store.js')).href)),
  ...(await import(pathToFileURL(path.join(dir, 'queue', 'scheduler.js')).href)),
  ...(await import(pathToFileURL(path.join(dir, 'queue', 'types.js')).href)),
});

/** Worker mode (spawned by the kill -9 part): runs tasks until killed or the queue is empty. */
async function runWorker(dir, file) {
  const { QueueStore, Scheduler } = await load(dir);
  const store = QueueStore.open(file);
  const scheduler = new Scheduler({
    store,
    lanes: { local: { concurrency: 2 } },
    leaseMs: 400,
    heartbeatMs: 100,
    pollMs: 25,
    run: async (task) => {
      process.stdout.write(`start ${task.id}\n`);
      await sleep(20 + Math.random() * 40);
      return { id: task.id, attempt: task.attempts };
    },
  });
  scheduler.start();
  if (!args.includes('--exit-when-idle')) return;
  for (;;) {
    await sleep(50);
    const counts = store.counts();
    if (counts.queued === 0 && counts.running === 0) break;
  }
  await scheduler.close();
  store.close();
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-queue-'));
  try {
    const dir = compile(tmp);
    const queue = await load(dir);
    const throughput = await measureThroughput(queue, tmp);
    const kill9 = await measureKills(queue, dir, tmp);
    const wait = await measureInteractiveWait(queue, tmp);
    report({ throughput, kill9, wait });
    if (kill9.lost !== 0 || kill9.duplicated !== 0) process.exitCode = 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function compile(tmp) {
  const dir = path.join(tmp, 'js');
  process.stderr.write('compiling src/queue with tsc...\n');
  execFileSync(
    path.join(root, 'node_modules', '.bin', 'tsc'),
    [
      ...['--outDir', dir, '--rootDir', path.join(root, 'src'), '--module', 'NodeNext'],
      ...['--moduleResolution', 'NodeNext', '--target', 'ES2023', '--lib', 'ES2023'],
      ...['--types', 'node', '--strict', '--skipLibCheck', '--esModuleInterop'],
      path.join(root, 'src', 'queue', 'store.ts'),
      path.join(root, 'src', 'queue', 'scheduler.ts'),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

const task = (newTask, i, extra = {}) =>
  newTask({
    kind: 'docstring',
    repo: '/repo',
    inputs: { file: `src/file${i}.py`, symbol: `f${i}` },
    priority: 'background',
    idempotencyKey: `bench-${i}`,
    ...extra,
  });

async function measureThroughput({ QueueStore, Scheduler, newTask }, tmp) {
  const tasks = option('--tasks', 2000);
  const rounds = option('--rounds', 3);
  const runs = { FULL: [], NORMAL: [] };
  for (let round = 0; round < rounds; round++) {
    for (const synchronous of ['FULL', 'NORMAL']) {
      process.stderr.write(`throughput ${synchronous} round ${round + 1}/${rounds}...\n`);
      const file = path.join(tmp, `throughput-${synchronous}-${round}.db`);
      const store = QueueStore.open(file, { synchronous });
      const t0 = performance.now();
      for (let i = 0; i < tasks; i++) store.enqueue(task(newTask, i));
      const t1 = performance.now();
      const scheduler = new Scheduler({ store, run: async () => undefined, pollMs: 1_000 });
      scheduler.start();
      while (store.counts().done < tasks) await sleep(5);
      const t2 = performance.now();
      await scheduler.close();
      store.close();
      runs[synchronous].push({ enqueueMs: t1 - t0, drainMs: t2 - t1, totalMs: t2 - t0 });
    }
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return Object.entries(runs).map(([synchronous, list]) => ({
    synchronous,
    tasks,
    enqueuePerSec: Math.round(tasks / (median(list.map((r) => r.enqueueMs)) / 1000)),
    claimCompletePerSec: Math.round(tasks / (median(list.map((r) => r.drainMs)) / 1000)),
    endToEndPerSec: Math.round(tasks / (median(list.map((r) => r.totalMs)) / 1000)),
  }));
}

async function measureKills({ QueueStore, newTask }, dir, tmp) {
  const kills = option('--kills', 50);
  const count = option('--kill-tasks', 100);
  const file = path.join(tmp, 'kill9.db');
  const store = QueueStore.open(file);
  for (let i = 0; i < count; i++) store.enqueue(task(newTask, i, { maxAttempts: 1_000 }));
  let starts = 0;
  const spawnWorker = (extra = []) => {
    const child = spawn(process.execPath, [self, '--worker', dir, file, ...extra], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const seen = { starts: 0, exited: new Promise((resolve) => child.once('exit', resolve)) };
    child.stdout.on('data', (chunk) => {
      const lines = chunk
        .toString()
        .split('\n')
        .filter((line) => line.startsWith('start '));
      seen.starts += lines.length;
      starts += lines.length;
    });
    return { child, seen };
  };
  let killedMidRun = 0;
  for (let cycle = 0; cycle < kills; cycle++) {
    if (cycle % 10 === 0) process.stderr.write(`kill -9 cycle ${cycle + 1}/${kills}...\n`);
    const { child, seen } = spawnWorker();
    const target = 1 + (cycle % 4);
    while (seen.starts < target && child.exitCode === null) await sleep(5);
    await sleep(Math.random() * 15);
    child.kill('SIGKILL');
    await seen.exited;
    if (store.counts().running > 0) killedMidRun++;
  }
  process.stderr.write('draining with a last runner...\n');
  const last = spawnWorker(['--exit-when-idle']);
  await last.seen.exited;
  const tasks = store.list({ limit: count + 1 });
  const lost = tasks.filter((t) => t.status !== 'done' || store.result(t.id) === undefined).length;
  const mismatched = tasks.filter((t) => store.result(t.id)?.attempt !== t.attempts).length;
  store.close();
  const { default: Database } = await import(
    pathToFileURL(path.join(dir, 'node_modules', 'better-sqlite3', 'lib', 'index.js')).href
  );
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('SELECT count(*) AS n, count(DISTINCT task_id) AS d FROM results').get();
  db.close();
  return {
    kills,
    killedMidRun,
    tasks: count,
    lost: lost + (count - tasks.length),
    duplicated: rows.n - rows.d + mismatched,
    reExecutions: starts - count,
  };
}

async function measureInteractiveWait({ QueueStore, Scheduler, newTask }, tmp) {
  const backlog = option('--backlog', 50);
  const requestMs = option('--request-ms', 200);
  const result = {};
  for (const order of ['priority', 'fifo']) {
    process.stderr.write(
      `interactive wait (${order}), up to ${((backlog + 1) * requestMs) / 1000} s...\n`,
    );
    const store = QueueStore.open(path.join(tmp, `wait-${order}.db`));
    for (let i = 0; i < backlog; i++) store.enqueue(task(newTask, i));
    let startedAt;
    let urgentId;
    const scheduler = new Scheduler({
      store,
      pollMs: 50,
      run: async (t) => {
        if (t.id === urgentId) startedAt = performance.now();
        await sleep(requestMs);
      },
    });
    scheduler.start();
    await sleep(requestMs / 2); // the first background request is in flight
    // FIFO is the same queue with the task enqueued as background: no priority, oldest first.
    const priority = order === 'priority' ? 'interactive' : 'background';
    const enqueuedAt = performance.now();
    urgentId = store.enqueue(task(newTask, 'urgent', { priority })).task.id;
    scheduler.kick();
    while (startedAt === undefined) await sleep(5);
    result[order] = { waitMs: Math.round(startedAt - enqueuedAt) };
    await scheduler.close({ abort: true, timeoutMs: 1 });
    store.close();
  }
  return { backlog, requestMs, ...result };
}

function report(results) {
  if (args.includes('--json')) {
    console.log(JSON.stringify({ machine: machine(), ...results }, null, 2));
    return;
  }
  console.log(`queue benchmark on ${machine()}\n`);
  console.log('throughput (median of rounds; enqueue = one transaction per task)');
  console.table(results.throughput);
  const k = results.kill9;
  console.log(
    `kill -9: ${k.kills} SIGKILLs (${k.killedMidRun} with a task mid-run), ${k.tasks} tasks: ` +
      `lost ${k.lost}, duplicated ${k.duplicated}, re-executions ${k.reExecutions}`,
  );
  const w = results.wait;
  console.log(
    `interactive wait behind ${w.backlog} background tasks of ${w.requestMs} ms: ` +
      `priority ${w.priority.waitMs} ms, FIFO ${w.fifo.waitMs} ms`,
  );
}

function machine() {
  return `${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, Node ${process.version}, ${os.tmpdir()}`;
}

// Last, so that every top-level const above is initialised before either mode runs.
if (args[0] === '--worker') await runWorker(args[1], args[2]);
else await main();
