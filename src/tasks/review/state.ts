/**
 * The state a review shows: its own once it ended; while it is pending, what its task is doing
 * (a review whose task waits is waiting; one whose task failed or was cancelled ended so, even
 * if the review store never heard of it), so that no review shows `pending` forever.
 */
export function followTask(reviewStatus: string, taskStatus: string | undefined): string {
  if (reviewStatus !== 'pending' || taskStatus === undefined) return reviewStatus;
  return TASK_TO_REVIEW[taskStatus] ?? reviewStatus;
}

const TASK_TO_REVIEW: Readonly<Record<string, string>> = {
  waiting: 'waiting',
  failed: 'failed',
  cancelled: 'cancelled',
  superseded: 'cancelled',
};
