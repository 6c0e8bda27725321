import { EXIT } from '../../errors.js';
import type { TaskRecord } from '../../queue/types.js';
import { mustWaitForDaemon, startOneShotRunner } from '../../runner/one-shot.js';
import { toView } from '../../runner/task-record.js';
import { ReviewService } from '../../tasks/review/stage.js';
import { followTask } from '../../tasks/review/state.js';
import { ReviewStore, toReviewView } from '../../tasks/review/store.js';
import type { ReviewRequest } from '../../tasks/review/types.js';
import { sleep } from '../../util/process.js';
import { print, printJson } from '../output.js';
import { cliStoreOptions } from '../store-options.js';
import { describeTask, printReviewOutcome } from './reviews.js';

const POLL_MS = 200;
const OPEN = ['queued', 'running', 'waiting'] as const;

/**
 * `hearth review` when no daemon runs: the daemon's own review stage and task service, built in
 * this process on the same durable queue and review store, claiming only this review's tasks
 * (its parts and its strict retry too). The review runs to the end when it can; what has to wait
 * (the network is down, approval, the budget, no local model answers) stays queued, and the
 * daemon takes it over when it starts: nothing is lost and nothing is sent twice. A review that
 * could not be made now exits 1 with the reason.
 */
export async function reviewWithoutDaemon(
  request: ReviewRequest,
  opts: { wait?: boolean; json?: boolean },
  flagPairs: string[],
): Promise<void> {
  const runner = startOneShotRunner({
    flagPairs,
    storeOptions: cliStoreOptions(),
    // One failed probe is enough to tell the user now that the review waits for the network.
    connectivity: { failuresToDown: 1, probeTimeoutMs: 3000 },
  });
  const { store, monitor, tasks, scheduler, load, logger } = runner;
  let reviews: ReviewStore | undefined;
  try {
    reviews = ReviewStore.open(runner.paths.reviewsFile, cliStoreOptions());
    const service = new ReviewService({ tasks, reviews, config: load, logger });
    const { review, taskKey } = await service.request(request);
    if (!opts.json)
      print(`review ${review.id} of ${review.label}: no daemon runs, so in this process`);
    scheduler.claimOnly(taskKey);
    scheduler.start();
    let shown = '';
    for (;;) {
      const current = reviews.require(review.id);
      const own = store.list({ keyPrefix: taskKey });
      const open = own.filter((t) => (OPEN as readonly string[]).includes(t.status));
      const latest = (open[0] ?? own[0]) as TaskRecord;
      if (current.status !== 'pending' || open.length === 0) {
        printReviewOutcome(current, toView(latest), opts);
        return;
      }
      if (open.every((t) => mustWaitForDaemon(t, monitor, opts.wait === true))) {
        const why =
          latest.status === 'queued' && latest.lastError ? latest.lastError : describeTask(latest);
        const line = `${why}; it stays queued, and \`hearth start\` runs it when it can`;
        const shownReview = {
          ...toReviewView(current),
          status: followTask(current.status, latest.status),
        };
        if (opts.json) printJson({ review: shownReview, task: toView(latest) });
        else print(`review ${review.id}: ${line}`);
        // No review was made: a script must not take this for one.
        process.exitCode = EXIT.error;
        return;
      }
      const line = describeTask(latest);
      if (line !== shown && !opts.json) print(`review ${review.id}: ${line}`);
      shown = line;
      await sleep(POLL_MS);
    }
  } finally {
    await runner.close();
    reviews?.close();
  }
}
