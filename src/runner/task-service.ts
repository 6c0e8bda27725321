import { randomUUID } from 'node:crypto';
import { chatWithAudit } from '../audit/audit-log.js';
import {
  applyPrivacyFloor,
  isLocalOnly,
  isOnThisMachine,
  readPrivacyFloor,
} from '../config/privacy.js';
import type { HearthConfig } from '../config/schema.js';
import { errorMessage, HearthError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { EMBEDDED_ENDPOINT } from '../providers/embedded.js';
import { meansNoModelAnswers } from '../providers/errors.js';
import { countMessageTokens } from '../providers/tokens.js';
import type { ChatMessage, Provider } from '../providers/types.js';
import type { Scheduler } from '../queue/scheduler.js';
import type { EnqueueResult, QueueStore } from '../queue/store.js';
import { newTask, type TaskRecord } from '../queue/types.js';
import { neverSendMatcherFor } from '../router/never-send.js';
import { decideRoute, type RouteResult, type RouteTask } from '../router/policy.js';
import { estimateCostDollars } from '../router/prices.js';
import { redactSecrets } from '../router/secrets.js';
import type { ConnectivityMonitor } from '../sources/connectivity.js';
import { DeferredSubmits, DISK_FULL_CODE, isWriteRefused } from './deferred-submits.js';
import type { ModelRuntime } from './model-runtime.js';
import { SpendTally } from './spend.js';
import type { CompletionHandler, TaskKind, TaskOutcome } from './task-kinds.js';
import {
  type ModelTaskInputs,
  type ModelTaskResult,
  readRequestOrNone,
  readTaskInputs,
  toView,
} from './task-record.js';
import type { CancelTasksRequest, RouteRequest, SubmitRequest, TaskView } from './types.js';

/** A request whose idempotency key is fixed: kept on a full disk, it is the same task later. */
type KeyedRequest = SubmitRequest & { idempotencyKey: string };

interface PreparedTask {
  request: KeyedRequest;
  promptTokens: number;
  route: RouteResult;
}

const WAITING = new Set(['wait-online', 'wait-approval', 'wait-local', 'wait-budget']);

export interface TaskServiceDeps {
  store: QueueStore;
  scheduler: () => Scheduler;
  runtime: ModelRuntime;
  monitor: ConnectivityMonitor;
  /** The config that applies to a repo's tasks (the global one for none). */
  config: (repo: string | null) => HearthConfig;
  auditFile: string;
  logger: Logger;
}

/**
 * Model tasks from submission to result: route each (pure policy on config and connectivity),
 * keep it in the durable queue (waiting when it cannot run yet), run it on the chosen provider
 * with secrets redacted for the cloud, and record every request in the audit log.
 */
export class TaskService {
  readonly #deps: TaskServiceDeps;
  readonly #completions = new Map<
    string,
    (task: TaskRecord, result: ModelTaskResult) => Promise<TaskOutcome>
  >();
  readonly #cancellations = new Map<string, (task: TaskRecord) => void>();
  readonly #failures = new Map<string, (task: TaskRecord) => void>();
  readonly #vetoes = new Map<string, (task: TaskRecord) => Promise<string | undefined>>();
  readonly #deferred: DeferredSubmits;
  readonly #spend: SpendTally;

  constructor(deps: TaskServiceDeps) {
    this.#deps = deps;
    this.#spend = new SpendTally(deps.auditFile);
    this.#deferred = new DeferredSubmits({
      submit: (request) => this.submit(request),
      logger: deps.logger,
    });
  }

  /** Stops retrying what a full disk refused. */
  close(): void {
    this.#deferred.close();
  }

  /** Registers what is done with the answers of one kind of task (its stage hook). */
  onComplete<K extends TaskKind>(kind: K, handler: CompletionHandler<K>): void {
    this.#completions.set(kind, handler);
  }

  /** Registers what is done when a task of one kind ends without an answer (cancel, reject). */
  onCancelled(kind: string, handler: (task: TaskRecord) => void): void {
    this.#cancellations.set(kind, handler);
  }

  /** Registers what is done when a task of one kind failed for good (its retries spent). */
  onFailed(kind: string, handler: (task: TaskRecord) => void): void {
    this.#failures.set(kind, handler);
  }

  /** The scheduler's dead letter: the task's kind hears of it (a review fails with the reason). */
  failed(task: TaskRecord): void {
    this.#deps.logger.warn('task failed for good', {
      task: task.id,
      kind: task.kind,
      error: task.lastError,
    });
    this.#failures.get(task.kind)?.(task);
  }

  /**
   * Registers a last check before a task of one kind is sent: a reason from it cancels the task
   * instead (a review of commits that were rebased away).
   */
  onBeforeRun(kind: string, check: (task: TaskRecord) => Promise<string | undefined>): void {
    this.#vetoes.set(kind, check);
  }

  #cancelled(task: TaskRecord): TaskRecord {
    if (task.status === 'cancelled') this.#cancellations.get(task.kind)?.(task);
    return task;
  }

  submit(request: SubmitRequest): { task: TaskView; created: boolean } {
    return this.submitAll([request])[0] as { task: TaskView; created: boolean };
  }

  /**
   * Routes and queues tasks at once (one file's docstrings): the day's cloud spend is read once,
   * all are stored in one transaction, and the monitor and the scheduler hear of them once. A
   * request naming a neverSend path refuses the whole batch before anything is stored. When the
   * disk refuses the write (full, I/O error), the requests are kept in memory and submitted again
   * once writes succeed, and this throws `disk-full` saying so.
   */
  submitAll(requests: readonly SubmitRequest[]): Array<{ task: TaskView; created: boolean }> {
    // The keys are fixed now, so that a kept request queued later is the same task.
    const asked = requests.map((one) => ({
      ...one,
      idempotencyKey: one.idempotencyKey ?? randomUUID(),
    }));
    let submitted: Array<{ task: TaskView; created: boolean }>;
    try {
      submitted = this.#submitAll(asked);
    } catch (error) {
      if (!isWriteRefused(error)) throw error;
      for (const one of asked) this.#deferred.keep(one);
      this.#deps.logger.warn(
        'the disk is full: the tasks are kept in memory and queued when writes succeed again',
        {
          kinds: [...new Set(asked.map((one) => one.kind))],
          repo: asked[0]?.repo,
          tasks: asked.length,
          error: errorMessage(error),
          kept: this.#deferred.size,
        },
      );
      throw new HearthError(
        DISK_FULL_CODE,
        `the disk refused the write (${errorMessage(error)}): the task is kept and queued when writes succeed again`,
        { cause: error },
      );
    }
    // A write succeeded: what a full disk refused earlier may go in now.
    if (this.#deferred.size > 0) setImmediate(() => this.#deferred.retry());
    return submitted;
  }

  #submitAll(asked: readonly KeyedRequest[]): Array<{ task: TaskView; created: boolean }> {
    const { store, logger } = this.#deps;
    const spent = asked.length > 0 ? this.#spentToday() : { tokens: 0, dollars: 0 };
    const prepared = asked.map((one) => this.#prepare(one, spent));
    const stored = store.batch(() => prepared.map((one) => this.#store(one)));
    for (const { task, created, superseded } of stored) {
      for (const old of superseded)
        this.#deps.scheduler().abort(old.id, new Error(`superseded by task ${task.id}`));
      if (created) this.#cancelled(task);
    }
    const created = stored.filter((one) => one.created);
    if (created.length === 1 && prepared.length === 1) {
      const [{ task }] = created as [(typeof created)[number]];
      logger.info('task queued', {
        task: task.id,
        kind: task.kind,
        route: prepared[0]?.route.decision,
        reason: prepared[0]?.route.reason,
      });
    } else if (created.length > 0) {
      logger.info('tasks queued', {
        tasks: created.length,
        kinds: [...new Set(created.map((one) => one.task.kind))],
        routes: countBy(created.map((one) => one.task.route ?? 'none')),
      });
    }
    if (asked.length > 0) {
      this.refreshMonitor();
      this.#deps.scheduler().kick();
    }
    return stored.map(({ task, created }) => ({ task: toView(task), created }));
  }

  /** A request with its privacy floor, checked against neverSend, counted and routed. */
  #prepare(asked: KeyedRequest, spent: { tokens: number; dollars: number }): PreparedTask {
    const config = this.#configFor(asked);
    // The task keeps the privacy it was submitted under: a later config, a branch switch that
    // changes .hearth.json, or a re-route never loosens it.
    const request: KeyedRequest = { ...asked, floor: readPrivacyFloor(config) };
    const blocked = (request.paths ?? []).filter(neverSendMatcherFor(config.neverSend));
    if (blocked.length > 0) {
      throw new HearthError(
        'never-send',
        `not sent to any model: ${blocked.join(', ')} match neverSend`,
      );
    }
    const promptTokens = countMessageTokens(request.messages as ChatMessage[]);
    return { request, promptTokens, route: this.#route({ request, promptTokens }, spent) };
  }

  /** Stores one prepared task (inside the batch's transaction), waiting or refused as routed. */
  #store({ request, promptTokens, route }: PreparedTask): EnqueueResult {
    const { store } = this.#deps;
    const task = newTask({
      kind: request.kind,
      repo: request.repo ?? null,
      inputs: { request, promptTokens } satisfies ModelTaskInputs,
      priority: request.priority ?? 'background',
      idempotencyKey: request.idempotencyKey,
      supersedeKey: request.supersedeKey,
      endpoint: route.tier === 'cloud' ? 'cloud' : 'local',
    });
    const result = store.enqueue({ ...task, route: route.decision, reason: route.reason });
    if (!result.created) return result;
    if (route.decision === 'refused')
      return { ...result, task: store.cancel(result.task.id, `refused: ${route.reason}`) };
    if (WAITING.has(route.decision))
      return { ...result, task: store.setWaiting(result.task.id, route.decision, route.reason) };
    return result;
  }

  /** Cancels a task; if it is running here, its request is aborted now, not at the next heartbeat. */
  cancel(id: string, reason = 'cancelled with hearth queue cancel'): TaskView {
    const task = this.#cancelled(this.#deps.store.cancel(id, reason));
    this.#deps.scheduler().abort(id, new Error(`task ${id} was cancelled`));
    return toView(task);
  }

  /** Cancels every unfinished task that matches all the filter gives; returns them. */
  cancelMatching(filter: CancelTasksRequest): TaskView[] {
    const ids = filter.ids && new Set(filter.ids);
    const matching = this.#deps.store
      .list({ status: ['queued', 'waiting', 'running'], kind: filter.kind, limit: 1_000_000 })
      .filter((task) => (!ids || ids.has(task.id)) && (!filter.repo || task.repo === filter.repo));
    return matching.map((task) => this.cancel(task.id, filter.reason));
  }

  /** Where a request would be routed now, without queueing it. */
  preview(request: SubmitRequest): RouteResult {
    return this.#route({
      request,
      promptTokens: countMessageTokens(request.messages as ChatMessage[]),
    });
  }

  explain(request: RouteRequest): RouteResult {
    return this.#decide(
      { ...request, promptTokens: request.promptTokens ?? 0 },
      this.#deps.config(null),
      this.#spentToday(),
    );
  }

  /** `hearth approve`: a task waiting for approval may go to the cloud. */
  approve(id: string): TaskView {
    const task = this.#deps.store.get(id);
    if (task?.status !== 'waiting' || task.route !== 'wait-approval') {
      throw new HearthError(
        'not-awaiting-approval',
        `task ${id} is not waiting for approval (see \`hearth queue\`)`,
      );
    }
    const read = readTaskInputs(task);
    if (!read.ok) throw new HearthError('malformed-task', read.reason);
    this.#deps.store.setInputs(id, { ...read.inputs, approved: true });
    this.wakeWaiting();
    return toView(this.#deps.store.get(id) as TaskRecord);
  }

  /** `hearth reject`: a task waiting for approval is dropped. */
  reject(id: string): TaskView {
    const task = this.#deps.store.get(id);
    if (task?.status !== 'waiting' || task.route !== 'wait-approval') {
      throw new HearthError(
        'not-awaiting-approval',
        `task ${id} is not waiting for approval (see \`hearth queue\`)`,
      );
    }
    return toView(
      this.#cancelled(this.#deps.store.cancel(id, 'rejected with hearth reject: nothing was sent')),
    );
  }

  /** The scheduler's runner: one model request for one task. */
  async run(task: TaskRecord, signal: AbortSignal): Promise<ModelTaskResult> {
    const read = readTaskInputs(task);
    // Not retryable: the same row fails the same way; the task fails for good with the reason.
    if (!read.ok) throw new HearthError('malformed-task', read.reason);
    const { request } = read.inputs;
    const veto = await this.#vetoes.get(task.kind)?.(task);
    if (veto) {
      this.#cancelled(this.#deps.store.cancel(task.id, veto));
      this.#deps.logger.info('task cancelled before sending', { task: task.id, reason: veto });
      // The lease is gone with the cancel, so the scheduler records nothing for this error.
      throw new HearthError('cancelled', veto);
    }
    const config = this.#configFor(request);
    // Whatever was decided at submit time, local-only now means local (principle 1).
    const tier = task.endpoint === 'cloud' && !isLocalOnly(config) ? 'cloud' : 'local';
    // Seen down meanwhile (it was queued before): it waits without trying.
    if (tier === 'local' && this.#deps.monitor.state('local') === 'down') {
      const url = this.#deps.runtime.localUrl();
      this.#waitForLocal(task, `no local model answers ${url ? `at ${url}` : 'on 127.0.0.1'}`);
    }
    let provider: Provider;
    try {
      provider =
        tier === 'cloud'
          ? this.#deps.runtime.cloud(config)
          : await this.#deps.runtime.local(config);
    } catch (error) {
      if (tier === 'local' && meansNoModelAnswers(error))
        this.#waitForLocal(task, `no local model answers: ${errorMessage(error)}`);
      throw error;
    }
    // Secrets leave for no other machine: the cloud, or a "local" server on another host.
    const redact =
      tier === 'cloud' ||
      (provider.endpoint !== EMBEDDED_ENDPOINT && !isOnThisMachine(provider.endpoint));
    const messages = (request.messages as ChatMessage[]).map((m) =>
      redact ? { ...m, content: redactSecrets(m.content).text } : m,
    );
    try {
      const result = await chatWithAudit(
        provider,
        { messages, maxTokens: request.maxTokens, signal },
        { file: this.#deps.auditFile, tier, taskId: task.id },
      );
      this.#deps.monitor.report(tier, true);
      const done: ModelTaskResult = {
        text: result.text,
        tier,
        model: result.model,
        promptTokens: result.promptTokens,
        completionTokens: result.completionTokens,
      };
      return { ...done, ...(await this.#complete(task, done)) };
    } catch (error) {
      if (tier === 'local' && meansNoModelAnswers(error))
        this.#waitForLocal(task, `no local model answers: ${errorMessage(error)}`);
      const code = (error as { code?: string }).code;
      if (code === 'connection' || code === 'timeout') this.#deps.monitor.report(tier, false);
      if (code === 'unknown')
        this.#deps.logger.error('unmapped model error', { task: task.id, error });
      throw error;
    }
  }

  /**
   * No local model answers: the task waits for one (its attempt given back) instead of spending
   * its retries, the local endpoint counts as down, and it is watched so that the task runs by
   * itself once a model answers. Throws: the run ends here, and the scheduler records nothing
   * (the lease went with the wait).
   */
  #waitForLocal(task: TaskRecord, why: string): never {
    this.#deps.store.setWaiting(task.id, 'wait-local', `${why}, so it waits for one`);
    this.refreshMonitor();
    this.#deps.monitor.markDown('local');
    this.#deps.logger.info('task waits for a local model', { task: task.id, reason: why });
    throw new HearthError('wait-local', `task ${task.id} waits for a local model: ${why}`);
  }

  /** How many tasks wait for a local model now. */
  countWaitingForLocal(): number {
    return this.#deps.store.countWaiting('wait-local');
  }

  // A product that cannot be made (bad answer, changed file) is an outcome, not a retry: asking
  // the model again for the same prompt is not likely to help and costs a request.
  async #complete(task: TaskRecord, result: ModelTaskResult): Promise<{ outcome?: TaskOutcome }> {
    const handler = this.#completions.get(task.kind);
    if (!handler) return {};
    try {
      return { outcome: await handler(task, result) };
    } catch (error) {
      this.#deps.logger.error('could not use a model answer', { task: task.id, error });
      return { outcome: { dropped: errorMessage(error) } };
    }
  }

  /** Re-routes waiting tasks with the current state and queues those that can run now. */
  wakeWaiting(): number {
    const { store } = this.#deps;
    const spent = this.#spentToday();
    let woken = 0;
    const refused: TaskRecord[] = [];
    store.batch(() => {
      for (const task of store.list({ status: 'waiting', limit: 1000 })) {
        const read = readTaskInputs(task);
        if (!read.ok) {
          refused.push(store.cancel(task.id, `refused: ${read.reason}`));
          continue;
        }
        const route = this.#route(read.inputs, spent);
        if (route.decision === task.route) continue;
        if (WAITING.has(route.decision)) store.setWaiting(task.id, route.decision, route.reason);
        else if (route.decision === 'refused')
          refused.push(store.cancel(task.id, `refused: ${route.reason}`));
        else {
          store.release(task.id, route.decision, route.reason);
          woken++;
        }
      }
    });
    for (const task of refused) this.#cancelled(task);
    if (woken > 0) {
      this.#deps.logger.info('waiting tasks can run now', { tasks: woken });
      this.#deps.scheduler().kick();
    }
    this.refreshMonitor();
    return woken;
  }

  /**
   * Watches the cloud only while a task that may still go there is waiting or in flight, and
   * never in local-only (global, its repo's, or the floor it was submitted with).
   */
  refreshMonitor(): void {
    const { store, monitor, runtime } = this.#deps;
    // The cheap check first: most of the time no cloud task is active at all.
    const cloudWork =
      store.hasActive('cloud') &&
      store
        .list({ status: ['waiting', 'queued', 'running'], limit: 1000 })
        .some(
          (task) =>
            task.endpoint === 'cloud' && !isLocalOnly(this.#configFor(readRequestOrNone(task))),
        );
    monitor.use('cloud', cloudWork ? runtime.cloudUrl() : undefined);
    monitor.use('local', runtime.localWatchUrl(this.countWaitingForLocal() > 0));
  }

  #spentToday(): { tokens: number; dollars: number } {
    return this.#spend.read(this.#deps.config(null).cloud.model);
  }

  #route(inputs: ModelTaskInputs, spent = this.#spentToday()): RouteResult {
    const { request } = inputs;
    return this.#decide(
      {
        kind: request.kind,
        files: request.files ?? 0,
        lines: request.lines ?? 0,
        focus: request.focus,
        promptTokens: inputs.promptTokens,
        answerTokens: request.maxTokens,
        approved: inputs.approved,
        prefer: request.prefer,
      },
      this.#configFor(request),
      spent,
    );
  }

  /** The daemon's config for the request's repo, no looser than the privacy the request carries. */
  #configFor(request: Pick<SubmitRequest, 'repo' | 'floor'>): HearthConfig {
    return applyPrivacyFloor(this.#deps.config(request.repo ?? null), request.floor);
  }

  #decide(
    task: RouteTask,
    config: HearthConfig,
    spent: { tokens: number; dollars: number },
  ): RouteResult {
    return decideRoute({
      task,
      config: {
        localOnly: config.localOnly,
        cloudMode: config.cloud.mode,
        cloudPolicy: config.cloud.policy,
        fallback: config.cloud.fallback,
        overBudget: config.cloud.overBudget,
        localContextTokens:
          config.local.contextTokens || this.#deps.runtime.knownLocalWindow() || 8192,
        reviewFilesThreshold: config.route.reviewFiles,
        reviewLinesThreshold: config.route.reviewLines,
      },
      state: {
        online: this.#deps.monitor.state('cloud') === 'up',
        onlineChecked: this.#deps.monitor.state('cloud') !== 'unknown',
        localUp: this.#deps.monitor.state('local') !== 'down',
        cloudConfigured: this.#deps.runtime.cloudConfigured(),
        budgetLeft: {
          tokens: config.cloud.dailyTokens - spent.tokens,
          dollars: config.cloud.dailyDollars - spent.dollars,
        },
        estimatedCostDollars: estimateCostDollars(config.cloud.model, task.promptTokens, 1000),
      },
    });
  }
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
