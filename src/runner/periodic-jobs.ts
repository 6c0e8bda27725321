import cron from 'node-cron';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { QueueStore } from '../queue/store.js';
import type { TaskService } from './task-service.js';

/** Finished tasks and their results are kept this long, for `hearth queue` and reviews. */
const KEEP_FINISHED_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The daemon's periodic work, on node-cron: every 30 s, waiting tasks are routed again (the
 * budget day may have turned, a missed online event); every night, old finished tasks go.
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
  const jobs = [
    cron.schedule(
      '*/30 * * * * *',
      guarded('wake-waiting', () => deps.tasks.wakeWaiting()),
      {
        name: 'wake-waiting',
        noOverlap: true,
      },
    ),
    cron.schedule(
      '17 3 * * *',
      guarded('prune', () => {
        const pruned = deps.store.prune({ olderThanMs: KEEP_FINISHED_MS });
        if (pruned > 0) deps.logger.info('pruned old finished tasks', { tasks: pruned });
      }),
      { name: 'prune', noOverlap: true },
    ),
    cron.schedule(
      '23 3 * * *',
      guarded('prune-audit', () => {
        const dropped = deps.pruneAudit();
        if (dropped > 0) deps.logger.info('dropped audit lines past retention', { lines: dropped });
      }),
      { name: 'prune-audit', noOverlap: true },
    ),
  ];
  return {
    async stop() {
      await Promise.allSettled(jobs.map((job) => job.stop()));
    },
  };
}
