import { errorMessage } from '../errors.js';
import { QueueError } from './errors.js';
import type { FailInput, QueueStore } from './store.js';
import type { TaskRecord } from './types.js';

export type RunTask = (task: TaskRecord, signal: AbortSignal) => Promise<unknown>;

export interface SchedulerOptions {
  store: QueueStore;
  run: RunTask;
  /** Concurrency per endpoint lane; default `{ local: { concurrency: 1 } }`. */
  lanes?: Record<string, { concurrency: number }>;
  /** The lane that runs tasks with no endpoint; default `local`. */
  defaultLane?: string;
  leaseMs?: number;
  /** How often a running task's lease is renewed; default a third of the lease. */
  heartbeatMs?: number;
  /** How often the queue is polled for work nobody kicked about (retries, wakes, other writers). */
  pollMs?: number;
  /** How long `close()` waits for running tasks. */
  closeTimeoutMs?: number;
  /** Maps a thrown error to a failure; default: its `retryable` and `retryAfterMs` fields. */
  classifyError?: (error: unknown) => FailInput;
  /** A task that failed for good (no retries left, or not retryable): its dead letter. */
  onFailed?: (task: TaskRecord) => void;
  /** Store errors and lost leases end up here; a scheduler never throws from its timers. */
  onError?: (error: unknown, task?: TaskRecord) => void;
}

interface Running {
  task: TaskRecord;
  lane: string;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs claimed tasks with a concurrency cap per endpoint lane. It claims only when a slot is
 * free, never ahead, so the store's order (interactive first) decides what starts next: an
 * interactive task waits for at most one in-flight request however long the backlog.
 */
export class Scheduler {
  private readonly lanes: Record<string, { concurrency: number }>;
  private readonly defaultLane: string;
  private readonly leaseMs: number;
  private readonly running = new Map<string, Running>();
  /** Lanes that start only interactive tasks for now (see `holdBackground`). */
  private readonly held = new Set<string>();
  private keyPrefix: string | undefined;
  private ids: ReadonlySet<string> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: SchedulerOptions) {
    this.lanes = options.lanes ?? { local: { concurrency: 1 } };
    this.defaultLane = options.defaultLane ?? 'local';
    this.leaseMs = options.leaseMs ?? 60_000;
    for (const [lane, { concurrency }] of Object.entries(this.lanes)) {
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new RangeError(
          `lane ${lane}: concurrency must be an integer >= 1, got ${concurrency}`,
        );
    }
  }

  start(): void {
    if (this.closing || this.timer) return;
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? 1_000);
    this.timer.unref();
    this.kick();
  }

  /** Claims and starts work now, up to each lane's free slots (call after an enqueue or wake). */
  kick(): void {
    if (this.closing || !this.timer) return;
    for (const lane of Object.keys(this.lanes)) this.fillLane(lane);
  }

  /**
   * From now on claims only tasks whose idempotency key starts with `keyPrefix`: a one-shot
   * command runs its own tasks in its process and leaves the rest of the queue to the daemon.
   */
  claimOnly(keyPrefix: string): void {
    this.keyPrefix = keyPrefix;
  }

  /**
   * From now on claims only the tasks in `ids` (read at each claim, so the caller adds to it as
   * it submits): a one-shot command runs the tasks it queued or reused, and no others.
   */
  claimOnlyIds(ids: ReadonlySet<string>): void {
    this.ids = ids;
  }

  /**
   * While held, a lane starts only interactive tasks; its background tasks stay queued (a running
   * one finishes). Releasing the hold starts them at once.
   */
  holdBackground(lane: string, held: boolean): void {
    if (!(lane in this.lanes)) throw new RangeError(`no lane ${lane}`);
    if (held) this.held.add(lane);
    else if (this.held.delete(lane)) this.kick();
  }

  /** Aborts a running task's signal (it was superseded or cancelled); false when not running here. */
  abort(taskId: string, reason: unknown = new Error(`task ${taskId} was aborted`)): boolean {
    const entry = this.running.get(taskId);
    if (!entry) return false;
    entry.controller.abort(reason);
    return true;
  }

  /** The ids of the tasks running in this process. */
  runningIds(): string[] {
    return [...this.running.keys()];
  }

  /**
   * Stops claiming and waits (up to the time-out) for running tasks; with `abort`, aborts them
   * first. A task still running after the time-out keeps its lease until it expires, then runs
   * again elsewhere: nothing is lost. Idempotent.
   */
  close(options: { abort?: boolean; timeoutMs?: number } = {}): Promise<void> {
    if (this.closing) return this.closing;
    clearInterval(this.timer);
    if (options.abort) for (const id of this.running.keys()) this.abort(id);
    const settled = Promise.allSettled([...this.running.values()].map((entry) => entry.done));
    const timeoutMs = options.timeoutMs ?? this.options.closeTimeoutMs ?? 10_000;
    let timeout: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, timeoutMs);
    });
    this.closing = Promise.race([settled.then(() => undefined), expired]).finally(() =>
      clearTimeout(timeout),
    );
    return this.closing;
  }

  private fillLane(lane: string): void {
    const { concurrency } = this.lanes[lane] as { concurrency: number };
    while (this.countRunning(lane) < concurrency) {
      let task: TaskRecord | undefined;
      try {
        task = this.options.store.claim({
          endpoint: lane,
          includeUnassigned: lane === this.defaultLane,
          interactiveOnly: this.held.has(lane),
          keyPrefix: this.keyPrefix,
          ids: this.ids && [...this.ids],
          leaseMs: this.leaseMs,
        });
      } catch (error) {
        this.report(error);
        return;
      }
      if (!task) return;
      this.startTask(task, lane);
    }
  }

  private startTask(task: TaskRecord, lane: string): void {
    const controller = new AbortController();
    const entry: Running = { task, lane, controller, done: Promise.resolve() };
    this.running.set(task.id, entry);
    entry.done = this.runTask(task, controller).finally(() => {
      this.running.delete(task.id);
      this.kick();
    });
  }

  private async runTask(task: TaskRecord, controller: AbortController): Promise<void> {
    const token = task.leaseToken as string;
    const heartbeat = setInterval(
      () => this.renewLease(task, token, controller),
      this.options.heartbeatMs ?? Math.max(1, Math.floor(this.leaseMs / 3)),
    );
    heartbeat.unref();
    try {
      const result = await Promise.resolve().then(() => this.options.run(task, controller.signal));
      clearInterval(heartbeat);
      this.options.store.complete(task.id, token, result);
    } catch (error) {
      clearInterval(heartbeat);
      // An aborted task was ended on purpose; its lease is gone, so there is nothing to record.
      if (controller.signal.aborted) return;
      let failed: TaskRecord | undefined;
      try {
        failed = this.options.store.fail(task.id, token, this.classify(error));
      } catch (storeError) {
        this.report(storeError, task);
      }
      if (failed?.status === 'failed') {
        try {
          this.options.onFailed?.(failed);
        } catch (hookError) {
          this.report(hookError, failed);
        }
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Renews the lease; aborts the run when the lease is gone (someone else owns the task now). */
  private renewLease(task: TaskRecord, token: string, controller: AbortController): void {
    try {
      if (!this.options.store.heartbeat(task.id, token, this.leaseMs))
        controller.abort(
          new Error(`task ${task.id} lost its lease (cancelled, superseded or taken over)`),
        );
    } catch (error) {
      this.report(error, task);
      // A pruned task is gone for good; other store errors (a busy file) may pass.
      if (error instanceof QueueError && error.code === 'queue-unknown-task')
        controller.abort(error);
    }
  }

  private classify(error: unknown): FailInput {
    if (this.options.classifyError) return this.options.classifyError(error);
    const fields = (typeof error === 'object' && error !== null ? error : {}) as {
      retryable?: unknown;
      retryAfterMs?: unknown;
    };
    return {
      message: errorMessage(error),
      retryable: fields.retryable === true,
      ...(typeof fields.retryAfterMs === 'number' ? { retryAfterMs: fields.retryAfterMs } : {}),
    };
  }

  private countRunning(lane: string): number {
    let count = 0;
    for (const entry of this.running.values()) if (entry.lane === lane) count++;
    return count;
  }

  private report(error: unknown, task?: TaskRecord): void {
    try {
      this.options.onError?.(error, task);
    } catch {
      // A broken error handler must not stop the scheduler.
    }
  }
}
