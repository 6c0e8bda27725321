import { EXIT, HearthError } from '../../errors.js';
import { callDaemon } from '../../ipc/client.js';
import { hearthPaths } from '../../paths.js';
import { findWorkTreeRoot } from '../../repos/git.js';
import type { TaskView } from '../../runner/types.js';
import { print, printJson } from '../output.js';
import { describePower } from './status.js';

/** `hearth queue [--json] [--status S]`: the durable queue's tasks, newest first. */
export async function queueList(opts: { json?: boolean; status?: string }): Promise<void> {
  const answer = await callDaemon(
    hearthPaths().socket,
    'queue',
    opts.status ? { status: opts.status } : {},
  );
  if (opts.json) {
    printJson(answer);
    return;
  }
  const counts = Object.entries(answer.counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`);
  print(counts.length ? counts.join(', ') : 'the queue is empty');
  if (answer.power?.saving) print(`power: ${describePower(answer.power)}`);
  for (const task of answer.tasks) printTask(task);
}

/** `hearth queue show ID`: one task, its route and reason, and its result. */
export async function queueShow(id: string, opts: { json?: boolean }): Promise<void> {
  const answer = await callDaemon(hearthPaths().socket, 'task', { id });
  if (opts.json) {
    printJson(answer);
    return;
  }
  printTask(answer.task);
  if (answer.result !== null)
    print(
      `\n${typeof answer.result === 'object' && answer.result && 'text' in answer.result ? String(answer.result.text) : JSON.stringify(answer.result, null, 2)}`,
    );
}

export async function queueRetry(id: string): Promise<void> {
  const { task } = await callDaemon(hearthPaths().socket, 'retryTask', { id });
  print(`task ${task.id} is ${task.status} again`);
}

/** `hearth approve ID`: let a task (or review) that waits for approval go to the cloud. */
export async function approve(id: string): Promise<void> {
  const { resolveReviewTask } = await import('./reviews.js');
  const { task } = await callDaemon(hearthPaths().socket, 'approveTask', {
    id: resolveReviewTask(id),
  });
  print(`task ${task.id} approved: ${task.status}${task.reason ? ` (${task.reason})` : ''}`);
}

/** `hearth reject ID`: drop a task that waits for approval; nothing is sent. */
export async function reject(id: string): Promise<void> {
  const { resolveReviewTask } = await import('./reviews.js');
  const { task } = await callDaemon(hearthPaths().socket, 'rejectTask', {
    id: resolveReviewTask(id),
  });
  print(`task ${task.id} rejected; nothing was sent`);
}

/** `hearth queue cancel ID`, or `--all [--kind K] [--repo PATH]`. */
export async function queueCancel(
  id: string | undefined,
  opts: { all?: boolean; kind?: string; repo?: string } = {},
): Promise<void> {
  const narrowed = opts.kind !== undefined || opts.repo !== undefined;
  if (id !== undefined && (opts.all || narrowed))
    throw new HearthError('usage', 'give a task id, or --all, not both', { exitCode: EXIT.usage });
  if (id === undefined && !opts.all)
    throw new HearthError('usage', 'give a task id, or --all (with --kind, --repo)', {
      exitCode: EXIT.usage,
    });
  const socket = hearthPaths().socket;
  if (id !== undefined) {
    const { task } = await callDaemon(socket, 'cancelTask', { id });
    print(`task ${task.id} is ${task.status}`);
    return;
  }
  const repo = opts.repo === undefined ? undefined : await findWorkTreeRoot(opts.repo);
  const { tasks } = await callDaemon(socket, 'cancelTasks', { kind: opts.kind, repo });
  print(`cancelled ${tasks.length} unfinished task${tasks.length === 1 ? '' : 's'}`);
}

function printTask(task: TaskView): void {
  print(
    `${task.id}  ${task.status.padEnd(10)} ${task.kind.padEnd(9)} ${task.priority.padEnd(11)} ${task.route ?? '-'}`,
  );
  if (task.reason) print(`    ${task.reason}`);
  if (task.lastError) print(`    last error: ${task.lastError}`);
}
