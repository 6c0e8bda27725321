import { errorMessage } from '../../errors.js';
import { callDaemon } from '../../ipc/client.js';
import { MAX_BATCH } from '../../ipc/protocol.js';
import { hearthPaths } from '../../paths.js';
import type { TaskRecord } from '../../queue/types.js';
import { followOwnTasks, type OneShotRunner, startOneShotRunner } from '../../runner/one-shot.js';
import { readTaskOutcome } from '../../runner/task-kinds.js';
import { toView } from '../../runner/task-record.js';
import type { TaskView } from '../../runner/types.js';
import type { SuggestionStore } from '../../suggestions/store.js';
import type { DocResult, PlannedDoc } from '../../tasks/docstring/plan-paths.js';
import { DocstringService } from '../../tasks/docstring/stage.js';
import { sleep } from '../../util/process.js';
import { cliStoreOptions } from '../store-options.js';

const POLL_MS = 200;
const FINAL = new Set(['done', 'failed', 'cancelled', 'superseded', 'waiting']);

/**
 * Through the daemon's queue: each doc is submitted as an interactive task (an earlier identical
 * one is reused), then followed until it settles; the daemon makes and stores the suggestions.
 * A task left waiting (no local model) is reported with its reason and stays queued.
 */
export async function runInDaemon(
  docs: readonly PlannedDoc[],
  store: SuggestionStore,
  report: (result: DocResult) => void,
): Promise<DocResult[]> {
  const socket = hearthPaths().socket;
  const results: DocResult[] = [];
  const pending = new Map<string, PlannedDoc>();
  const settle = (result: DocResult) => {
    results.push(result);
    report(result);
  };
  // Only the tasks this run created: one it reused belongs to the daemon's own work too.
  const created = new Set<string>();
  const onInterrupt = () =>
    void cancelOnInterrupt(
      socket,
      [...created].filter((id) => pending.has(id)),
    );
  process.once('SIGINT', onInterrupt);
  try {
    const accepted = (planned: PlannedDoc, answer: { task: TaskView; created: boolean }) => {
      pending.set(answer.task.id, planned);
      if (answer.created) created.add(answer.task.id);
    };
    for (let at = 0; at < docs.length; at += MAX_BATCH) {
      const chunk = docs.slice(at, at + MAX_BATCH);
      try {
        const requests = chunk.map((planned) => planned.request);
        const { results } = await callDaemon(socket, 'submitMany', { requests });
        for (const [i, answer] of results.entries()) accepted(chunk[i] as PlannedDoc, answer);
      } catch {
        // One request refused refuses its batch: each goes alone, to get its own reason.
        for (const planned of chunk) {
          try {
            accepted(planned, await callDaemon(socket, 'submit', planned.request));
          } catch (error) {
            settle({ planned, dropped: errorMessage(error) });
          }
        }
      }
    }
    // Progress: one request for every task still pending, each poll.
    while (pending.size > 0) {
      const ids = [...pending.keys()].slice(0, MAX_BATCH);
      const { tasks } = await callDaemon(socket, 'tasks', { ids });
      for (const { task, result } of tasks) {
        const planned = pending.get(task.id);
        if (!planned || !FINAL.has(task.status)) continue;
        pending.delete(task.id);
        settle(readOutcome(planned, task, result, store));
      }
      if (pending.size > 0) await sleep(POLL_MS);
    }
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  return results;
}

/** Ctrl-C: the tasks this run queued and that have not finished are cancelled, then it ends. */
async function cancelOnInterrupt(socket: string, ids: string[]): Promise<never> {
  let cancelled = 0;
  try {
    if (ids.length > 0) {
      const reason = 'cancelled: hearth docstrings was interrupted';
      cancelled = (await callDaemon(socket, 'cancelTasks', { ids, reason })).tasks.length;
    }
    process.stderr.write(
      `hearth: interrupted; cancelled ${cancelled} docstring task${cancelled === 1 ? '' : 's'} it had queued\n`,
    );
  } catch (error) {
    process.stderr.write(
      `hearth: interrupted; could not cancel its tasks (${errorMessage(error)}): hearth queue cancel --all --kind docstring\n`,
    );
  }
  process.exit(130);
}

function readOutcome(
  planned: PlannedDoc,
  task: TaskView,
  result: unknown,
  store: SuggestionStore,
): DocResult {
  if (task.status !== 'done') {
    const why = task.lastError ?? task.reason ?? task.status;
    // A waiting task stays with the daemon, which makes it once it can (a model answers).
    const dropped =
      task.status === 'waiting' ? `not made now: ${why}; the daemon makes it once it can` : why;
    return { planned, dropped };
  }
  return readMade(planned, result, store);
}

/** A finished task's typed outcome: its suggestion, or why there is none. */
function readMade(planned: PlannedDoc, result: unknown, store: SuggestionStore): DocResult {
  const outcome = readTaskOutcome(result);
  const suggestion =
    outcome && 'suggestionId' in outcome ? store.get(outcome.suggestionId) : undefined;
  if (suggestion) return { planned, suggestion };
  if (outcome && 'dropped' in outcome && outcome.dropped)
    return { planned, dropped: outcome.dropped };
  return { planned, dropped: 'no suggestion was made' };
}

/**
 * In this process, when no daemon runs: the daemon's docstring stage and task service built
 * here, on the same durable queue, router and audit log. Each doc is an interactive task asked
 * of the local model only (docstrings never go to the cloud), claimed only by this process. A
 * task that cannot run now (no local model answers) stays queued with its reason, for
 * `hearth start` to make; Ctrl-C cancels the tasks this run queued.
 */
export async function runInProcess(
  docs: readonly PlannedDoc[],
  store: SuggestionStore,
  flagPairs: string[],
  report: (result: DocResult) => void,
): Promise<DocResult[]> {
  // Each symbol's line says why it was not made: the runtime's warnings would say it twice.
  const runner = startOneShotRunner({
    flagPairs,
    storeOptions: cliStoreOptions(),
    logLevel: 'error',
  });
  const results: DocResult[] = [];
  const settle = (result: DocResult) => {
    results.push(result);
    report(result);
  };
  const pending = new Map<string, PlannedDoc>();
  const created = new Set<string>();
  const onInterrupt = () => {
    const ids = [...created].filter((id) => pending.has(id));
    const cancelled = ids.filter((id) => cancelQuietly(runner, id)).length;
    process.stderr.write(
      `hearth: interrupted; cancelled ${cancelled} docstring task${cancelled === 1 ? '' : 's'} it had queued\n`,
    );
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    new DocstringService({
      tasks: runner.tasks,
      suggestions: store,
      config: runner.load,
      logger: runner.logger,
    });
    const submit = (chunk: readonly PlannedDoc[]) =>
      runner.tasks.submitAll(chunk.map((planned) => ({ ...planned.request, prefer: 'local' })));
    for (let at = 0; at < docs.length; at += MAX_BATCH) {
      const chunk = docs.slice(at, at + MAX_BATCH);
      let answers: Array<{ task: TaskView; created: boolean }> = [];
      let alone: PlannedDoc[] = [];
      try {
        answers = submit(chunk);
      } catch {
        // One request refused refuses its batch: each goes alone, to get its own reason.
        alone = [...chunk];
      }
      for (const [i, answer] of answers.entries()) accept(chunk[i] as PlannedDoc, answer);
      for (const planned of alone) {
        try {
          accept(planned, submit([planned])[0] as { task: TaskView; created: boolean });
        } catch (error) {
          settle({ planned, dropped: errorMessage(error) });
        }
      }
    }
    await followOwnTasks(runner, new Set(pending.keys()), ({ task, result, finished }) => {
      const planned = pending.get(task.id) as PlannedDoc;
      pending.delete(task.id);
      settle(
        finished ? readFinished(planned, toView(task), result, store) : readLeft(planned, task),
      );
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    await runner.close();
  }
  return results;

  function accept(planned: PlannedDoc, answer: { task: TaskView; created: boolean }): void {
    pending.set(answer.task.id, planned);
    if (answer.created) created.add(answer.task.id);
  }
}

/** A task this process ran to its end (or found ended): its suggestion, or why there is none. */
function readFinished(
  planned: PlannedDoc,
  task: TaskView,
  result: unknown,
  store: SuggestionStore,
): DocResult {
  if (task.status === 'done') return readMade(planned, result, store);
  return { planned, dropped: task.lastError ?? task.reason ?? task.status };
}

/** A task that can only wait (no local model answers): it stays queued for the daemon. */
function readLeft(planned: PlannedDoc, task: TaskRecord): DocResult {
  const why = task.lastError ?? task.reason ?? task.status;
  return {
    planned,
    dropped: `not made now: ${why}; it stays queued, and \`hearth start\` makes it once it can`,
  };
}

function cancelQuietly(runner: OneShotRunner, id: string): boolean {
  try {
    runner.tasks.cancel(id, 'cancelled: hearth docstrings was interrupted');
    return true;
  } catch {
    return false;
  }
}
