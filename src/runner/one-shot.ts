import { loadConfig } from '../config/load.js';
import type { HearthConfig } from '../config/schema.js';
import { createConsoleLogger, type Logger } from '../log/logger.js';
import { ensureDirs, type HearthPaths, hearthPaths } from '../paths.js';
import type { Scheduler } from '../queue/scheduler.js';
import { QueueStore } from '../queue/store.js';
import type { TaskRecord } from '../queue/types.js';
import type { ConnectivityMonitor, ConnectivityOptions } from '../sources/connectivity.js';
import { sleep } from '../util/process.js';
import type { OpenStoreOptions } from '../util/sqlite.js';
import { buildTaskCore } from './model-tasks.js';
import type { TaskService } from './task-service.js';

const POLL_MS = 200;
/** Waits that only the daemon can end: `hearth approve` needs it, and the budget turns tomorrow. */
const DAEMON_WAITS = new Set(['wait-approval', 'wait-budget']);
const FINAL = new Set(['done', 'failed', 'cancelled', 'superseded']);

/** The daemon's task runtime, built in a one-shot command's process when no daemon runs. */
export interface OneShotRunner {
  paths: HearthPaths;
  /** The config for a repo (the global one for none), read once per repo. */
  load: (repo?: string) => HearthConfig;
  logger: Logger;
  store: QueueStore;
  monitor: ConnectivityMonitor;
  tasks: TaskService;
  scheduler: Scheduler;
  close(): Promise<void>;
}

/**
 * The same queue, router, providers and audit log as the daemon's, in this process: a one-shot
 * command (`hearth review`, `hearth docstrings`, `hearth fix`) submits its tasks and claims only
 * those (`scheduler.claimOnly…`); the rest of the queue is left to the daemon. A daemon that
 * starts meanwhile takes what this process has not claimed: the queue's leases keep each task
 * to one runner. The scheduler is not started: the command starts it once it claims.
 */
export function startOneShotRunner(options: {
  flagPairs: readonly string[];
  storeOptions?: OpenStoreOptions;
  connectivity?: Partial<ConnectivityOptions>;
  /** What the runtime's log says on stderr; default warnings (a command's own lines say the rest). */
  logLevel?: 'warn' | 'error';
}): OneShotRunner {
  const paths = hearthPaths();
  ensureDirs(paths);
  const configs = new Map<string, HearthConfig>();
  const load = (repo = ''): HearthConfig => {
    let config = configs.get(repo);
    if (!config) {
      config = loadConfig({
        userConfigFile: paths.userConfigFile,
        repoRoot: repo || undefined,
        env: process.env,
        flagPairs: options.flagPairs,
      }).values;
      configs.set(repo, config);
    }
    return config;
  };
  const logger = createConsoleLogger(options.logLevel ?? 'warn');
  const store = QueueStore.open(paths.queueFile, options.storeOptions);
  const { monitor, tasks, scheduler } = buildTaskCore({
    store,
    global: () => load(),
    forRepo: load,
    auditFile: paths.auditFile,
    logger,
    connectivity: options.connectivity,
  });
  return {
    paths,
    load,
    logger,
    store,
    monitor,
    tasks,
    scheduler,
    close: async () => {
      await scheduler.close({ timeoutMs: 3000 });
      tasks.close();
      monitor.close();
      store.close();
    },
  };
}

/**
 * Whether this process can do nothing more for a task: it waits for approval or budget; or,
 * unless the user said `--wait`, for an endpoint seen down, or it is backing off after a failure.
 */
export function mustWaitForDaemon(
  task: TaskRecord,
  monitor: ConnectivityMonitor,
  wait: boolean,
): boolean {
  if (task.status === 'running') return false;
  if (task.status === 'waiting') {
    if (DAEMON_WAITS.has(task.route ?? '')) return true;
    if (wait) return false;
    if (task.route === 'wait-online') return monitor.state('cloud') === 'down';
    if (task.route === 'wait-local') return monitor.state('local') === 'down';
    return false;
  }
  return !wait && task.attempts > 0 && task.nextAttemptAt > Date.now();
}

/** How a followed task ended for this process: finished, or left queued for the daemon. */
export type Settled = { task: TaskRecord; result: unknown; finished: boolean };

/**
 * Runs the tasks with these ids in this process until each has finished or can only wait for
 * the daemon; `settled` hears of each once, as it happens. The ids are added to the scheduler's
 * claim filter as they come (the set may grow while this runs).
 */
export async function followOwnTasks(
  runner: OneShotRunner,
  ids: Set<string>,
  settled: (one: Settled) => void,
): Promise<void> {
  const pending = new Set(ids);
  runner.scheduler.claimOnlyIds(ids);
  runner.scheduler.start();
  while (pending.size > 0) {
    for (const id of pending) {
      const task = runner.store.get(id);
      if (!task) {
        pending.delete(id);
        continue;
      }
      const finished = FINAL.has(task.status);
      if (!finished && !mustWaitForDaemon(task, runner.monitor, false)) continue;
      pending.delete(id);
      settled({ task, result: finished ? runner.store.result(id) : null, finished });
    }
    if (pending.size > 0) await sleep(POLL_MS);
  }
}
