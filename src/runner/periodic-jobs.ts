import { errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { QueueStore } from '../queue/store.js';
import { runDaily } from '../util/daily.js';
import type { TaskService } from './task-service.js';

/** Finished tasks and their results are kept this long, for `hearth queue` and reviews. */
const KEEP_FINISHED_MS = 30 * 24 * 60 * 60 * 1000;

/** How often waiting tasks are routed again. */
const WAKE_WAITING_MS = 30_000;

/**
 * The daemon's periodic work, on plain timers (node-cron, 5 MB, loads only for a user's
 * `reviews.schedule`): every 30 s, waiting tasks are routed again (the budget day may have
 * turned, a missed online event); every night, old finished tasks and audit lines go.
 */
export function schedulePeriodicJobs(deps: {
  tasks: TaskService;
  store: QueueStore;
  logger: Logger;
  /** Drops audit lines past their retention; returns how many. */
  pruneAudit: () => number;
}): {
  stop(): Promise<void>;
} {
  const guarded = (name: string, job: () => void) => () => {
    try {
      job();
    } catch (error) {
      deps.logger.error(`periodic job ${name} failed`, { error: errorMessage(error) });
    }
  };
  const wake = setInterval(
    guarded('wake-waiting', () => deps.tasks.wakeWaiting()),
    WAKE_WAITING_MS,
  );
  wake.unref();
  const stopPrune = runDaily(
    3,
    17,
    guarded('prune', () => {
      const pruned = deps.store.prune({ olderThanMs: KEEP_FINISHED_MS });
      if (pruned > 0) deps.logger.info('pruned old finished tasks', { tasks: pruned });
    }),
  );
  const stopPruneAudit = runDaily(
    3,
    23,
    guarded('prune-audit', () => {
      const dropped = deps.pruneAudit();
      if (dropped > 0) deps.logger.info('dropped audit lines past retention', { lines: dropped });
    }),
  );
  return {
    async stop() {
      clearInterval(wake);
      stopPrune();
      stopPruneAudit();
    },
  };
}
