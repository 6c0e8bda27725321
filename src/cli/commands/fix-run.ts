import { randomUUID } from 'node:crypto';
import { errorMessage, HearthError } from '../../errors.js';
import { followOwnTasks, type Settled, startOneShotRunner } from '../../runner/one-shot.js';
import { readResultText } from '../../runner/task-kinds.js';
import type { SubmitRequest } from '../../runner/types.js';
import { cliStoreOptions } from '../store-options.js';

/**
 * `hearth fix`'s one model request, run as a task the way the daemon runs them: queued, routed
 * (the local model only: the command's output and files go to no cloud), sent with its audit
 * line, in this process. Returns the model's answer. A task that cannot run now (no local model
 * answers, refused by the router) is cancelled, not left queued: its answer is of use to this
 * command only. Ctrl-C cancels it too.
 */
export async function askFixModel(
  request: Pick<SubmitRequest, 'messages' | 'repo' | 'paths' | 'files' | 'maxTokens'>,
  flagPairs: readonly string[],
): Promise<string> {
  const runner = startOneShotRunner({
    flagPairs,
    storeOptions: cliStoreOptions(),
    logLevel: 'error',
  });
  let taskId: string | undefined;
  const onInterrupt = () => {
    if (taskId) cancelQuietly(() => runner.tasks.cancel(taskId as string, INTERRUPTED));
    process.stderr.write('hearth: interrupted; cancelled the fix task it had queued\n');
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const { task } = runner.tasks.submit({
      ...request,
      kind: 'fix',
      priority: 'interactive',
      prefer: 'local',
      idempotencyKey: `fix-command:${randomUUID()}`,
    });
    taskId = task.id;
    let settled: Settled | undefined;
    await followOwnTasks(runner, new Set([task.id]), (one) => {
      settled = one;
    });
    const ended = settled as Settled;
    const text = ended.task.status === 'done' ? readResultText(ended.result) : undefined;
    if (text !== undefined) return text;
    const why = ended.task.lastError ?? ended.task.reason ?? ended.task.status;
    if (ended.finished) throw new HearthError('fix-not-asked', `no fix: ${why}`);
    runner.tasks.cancel(ended.task.id, `cancelled: hearth fix does not wait (${why})`);
    throw new HearthError(
      'fix-not-asked',
      `no fix: ${why}; hearth fix does not wait, so its task was cancelled`,
    );
  } finally {
    process.off('SIGINT', onInterrupt);
    await runner.close();
  }
}

const INTERRUPTED = 'cancelled: hearth fix was interrupted';

function cancelQuietly(cancel: () => unknown): void {
  try {
    cancel();
  } catch (error) {
    process.stderr.write(`hearth: could not cancel its task (${errorMessage(error)})\n`);
  }
}
