import { chatWithAudit } from '../../audit/audit-log.js';
import type { HearthConfig } from '../../config/schema.js';
import { errorMessage } from '../../errors.js';
import { callDaemon } from '../../ipc/client.js';
import { MAX_BATCH } from '../../ipc/protocol.js';
import { hearthPaths } from '../../paths.js';
import { ModelRuntime } from '../../runner/model-runtime.js';
import type { TaskView } from '../../runner/types.js';
import type { SuggestionStore } from '../../suggestions/store.js';
import { makeDocstringSuggestion } from '../../tasks/docstring/make-suggestion.js';
import { sleep } from '../../util/process.js';
import type { DocResult, PlannedDoc } from './docstrings.js';

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
  const outcome = (result as { outcome?: string } | null)?.outcome ?? '';
  const id = /^suggestion (\S+)/.exec(outcome)?.[1];
  const suggestion = id ? store.get(id) : undefined;
  if (suggestion) return { planned, suggestion };
  return { planned, dropped: outcome.replace(/^dropped: /, '') || 'no suggestion was made' };
}

/**
 * In this process, when no daemon runs: the local model only (docstrings never go to the
 * cloud), one request at a time, each written to the audit log like the daemon's.
 */
export async function runInProcess(
  docs: readonly PlannedDoc[],
  store: SuggestionStore,
  load: (repo?: string) => HearthConfig,
  report: (result: DocResult) => void,
): Promise<DocResult[]> {
  const paths = hearthPaths();
  const results: DocResult[] = [];
  for (const planned of docs) {
    const config = load(planned.repo);
    // A missing local model fails the whole command: every other doc would fail the same way.
    const provider = await new ModelRuntime(() => config).local();
    const { request } = planned;
    let result: DocResult;
    try {
      const answer = await chatWithAudit(
        provider,
        { messages: request.messages, maxTokens: request.maxTokens },
        { file: paths.auditFile, tier: 'local', taskId: null },
      );
      const made = await makeDocstringSuggestion({
        repo: planned.repo,
        target: request.target as NonNullable<typeof request.target>,
        answer: answer.text,
        taskId: null,
        options: { ...config.docstrings, maxFileBytes: config.analysis.maxFileBytes },
      });
      result = made.ok
        ? { planned, suggestion: store.add(made.suggestion) }
        : { planned, dropped: made.reason };
    } catch (error) {
      result = { planned, dropped: errorMessage(error) };
    }
    results.push(result);
    report(result);
  }
  return results;
}
