/**
 * Waiting on a test's daemon over its socket, in this process: a poll costs a request, where
 * spawning the CLI costs a Node start (~300 ms of CPU) and slows what the test waits for. Only
 * waiting moves here: a test that asserts the CLI's output still runs the CLI.
 */
import { callDaemon } from '../../src/ipc/client.js';
import type { Api, CallName } from '../../src/ipc/protocol.js';
import type { RepoInfo } from '../../src/repos/types.js';
import type { TaskView } from '../../src/runner/types.js';
import { homePaths, waitFor } from './hearth.js';

export type { RepoInfo, TaskView };

/** One call to the daemon of `home`, as the CLI makes it. */
export function callHome<K extends CallName>(
  home: string,
  name: K,
  body: Api[K]['request'],
): Promise<Api[K]['response']> {
  return callDaemon(homePaths(home).socket, name, body);
}

/** The repositories the daemon watches, as `hearth repos` gets them. */
export async function listDaemonRepos(home: string): Promise<RepoInfo[]> {
  return (await callHome(home, 'repos', {})).repos;
}

/** The queued tasks, newest first, as `hearth queue --json` gets them. */
export async function listDaemonTasks(home: string): Promise<TaskView[]> {
  return (await callHome(home, 'queue', {})).tasks;
}

/** Whether any repository waits for `hearth trust`, as `hearth repos` would print it. */
export async function findWaitingForTrust(home: string): Promise<boolean> {
  return (await listDaemonRepos(home)).some((repo) => repo.problem?.includes('hearth trust'));
}

/** Waits until the daemon has read the trust: no repository waits for `hearth trust`. */
export function waitForTrustRead(home: string, timeoutMs?: number): Promise<boolean> {
  return waitFor(
    'the daemon to read the trust',
    async () => !(await findWaitingForTrust(home)),
    timeoutMs,
  );
}

/** Tasks that will not run again by themselves. */
const FINISHED = new Set(['done', 'failed', 'cancelled', 'superseded']);

/**
 * Waits until a task of `kind` matching `match` has finished (its answer is stored by then: the
 * daemon stores it before it marks the task done); returns it.
 */
export function waitForTaskFinished(
  home: string,
  kind: string,
  timeoutMs?: number,
  match: (task: TaskView) => boolean = () => true,
): Promise<TaskView> {
  return waitFor(
    `a ${kind} task to finish`,
    async () =>
      (await listDaemonTasks(home)).find(
        (task) => task.kind === kind && FINISHED.has(task.status) && match(task),
      ),
    timeoutMs,
  );
}

/** Waits until the daemon counts at least `count` open suggestions for `repo`. */
export function waitForOpenSuggestions(
  home: string,
  repo: string,
  count = 1,
  timeoutMs?: number,
): Promise<RepoInfo> {
  return waitFor(
    `${count} open suggestion(s) in ${repo}`,
    async () =>
      (await listDaemonRepos(home)).find(
        (info) => info.path === repo && (info.suggestions ?? 0) >= count,
      ),
    timeoutMs,
  );
}

/**
 * Waits until the daemon has tasks of `kind` and none of them is still to run (a review's parts
 * and retries included); what they made is stored by then.
 */
export function waitForTasksSettled(
  home: string,
  kind: string,
  timeoutMs?: number,
): Promise<boolean> {
  return waitFor(
    `the ${kind} tasks to finish`,
    async () => {
      const tasks = (await listDaemonTasks(home)).filter((task) => task.kind === kind);
      return tasks.length > 0 && tasks.every((task) => FINISHED.has(task.status));
    },
    timeoutMs,
  );
}

/** Whether the daemon of `home` answers on its socket (false while it starts or after it ends). */
export async function findDaemonAnswers(home: string): Promise<boolean> {
  try {
    await callHome(home, 'status', {});
    return true;
  } catch {
    return false;
  }
}
