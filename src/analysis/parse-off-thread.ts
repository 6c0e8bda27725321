import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../errors.js';
import type { Checked } from '../util/checked.js';
import { extractHere, type FileAnalysis } from './analyze-file.js';
import { type CodeTokens, listCodeTokensHere } from './code-tokens.js';
import type { LanguageId } from './types.js';

/** What the worker is asked: one file's symbols, or one text's code tokens (verification). */
export type ExtractJob =
  | {
      id: number;
      kind: 'symbols';
      file: string;
      language: LanguageId;
      source: { text: string; contentHash: string };
    }
  | { id: number; kind: 'tokens'; path: string; text: string };

type Job = ExtractJob extends infer J ? (J extends ExtractJob ? Omit<J, 'id'> : never) : never;

export type ListTokensFn = typeof listCodeTokensHere;

/** The worker's heap: enough for the largest file analysis.maxFileBytes allows by default. */
const WORKER_HEAP_MB = 512;

/** How long a worker asked to end has before it is killed. */
const END_GRACE_MS = 1000;

/**
 * A worker with no job for this long ends, and the next job starts a new one (~0.2 s): the
 * TypeScript compiler and the grammars it loaded (70 MB and more) are not held between bursts of
 * saves. A process, not a thread: a thread's memory stays with the daemon's allocator after the
 * thread ends (bench/memory.mjs: 111 MB after a thread ended, against 170 while it ran).
 */
export const PARSER_IDLE_MS = 30_000;

/**
 * Parsing in a worker process, so that a large file (seconds for thousands of functions, for its
 * symbols and again for each docstring's verification) leaves the daemon's event loop free for
 * IPC, timers and SIGTERM, and the parsers' memory goes when the worker does. One worker, started
 * on first use and ended after `idleMs` without a job; jobs run one after the other. If no
 * worker can run (the module is not built, say), parsing falls back to this thread and says so.
 */
export class OffThreadParser {
  readonly #onFallback: (reason: string) => void;
  readonly #idleMs: number;
  #idleTimer: NodeJS.Timeout | undefined;
  #worker: ChildProcess | undefined;
  #fallback: string | undefined;
  #closed = false;
  #answered = false;
  #nextId = 0;
  readonly #jobs = new Map<number, { resolve: (result: unknown) => void; job: Job }>();

  constructor(options: { onFallback: (reason: string) => void; idleMs?: number }) {
    this.#onFallback = options.onFallback;
    this.#idleMs = options.idleMs ?? PARSER_IDLE_MS;
  }

  /** Whether a worker is running now (it ends after `idleMs` without a job). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  readonly extract: typeof extractHere = (file, language, source) =>
    this.#run({
      kind: 'symbols',
      file,
      language,
      source: { text: source.text, contentHash: source.contentHash },
    }) as Promise<FileAnalysis>;

  readonly listTokens: ListTokensFn = (path, text) =>
    this.#run({ kind: 'tokens', path, text }) as Promise<Checked<CodeTokens>>;

  /** Ends the worker; parses under way end as skipped or unreadable (the daemon is stopping). */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    const worker = this.#worker;
    this.#worker = undefined;
    for (const { resolve, job } of this.#jobs.values())
      resolve(failed(job, 'unreadable', 'the daemon is stopping'));
    this.#jobs.clear();
    if (worker) await endWorker(worker);
  }

  #run(job: Job): Promise<unknown> {
    // Once closed (the daemon stopping), a task's answer still settling is parsed here.
    const worker = this.#closed || this.#fallback !== undefined ? undefined : this.#start();
    if (!worker) return runHere(job);
    const id = this.#nextId++;
    clearTimeout(this.#idleTimer);
    // A job under way keeps the process alive; an idle worker does not.
    worker.channel?.ref();
    return new Promise((resolve) => {
      this.#jobs.set(id, { resolve, job });
      // A send that fails means the worker is gone: its exit settles the job.
      worker.send({ id, ...job }, (error) => {
        if (error) this.#lost(worker, errorMessage(error));
      });
    });
  }

  /** With no job left, the worker ends after the idle time, unless a job comes first. */
  #armIdleEnd(): void {
    clearTimeout(this.#idleTimer);
    if (this.#jobs.size > 0 || !this.#worker) return;
    this.#idleTimer = setTimeout(() => {
      const worker = this.#worker;
      if (!worker || this.#jobs.size > 0) return;
      // Forgotten first, so its exit is not taken for a crash.
      this.#worker = undefined;
      void endWorker(worker);
    }, this.#idleMs);
    this.#idleTimer.unref();
  }

  #start(): ChildProcess | undefined {
    if (this.#worker) return this.#worker;
    try {
      const worker = fork(fileURLToPath(new URL('./parse-worker.js', import.meta.url)), [], {
        // A huge file ends this worker, not the daemon.
        execArgv: [`--max-old-space-size=${WORKER_HEAP_MB}`],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      });
      worker.unref();
      worker.on('message', ({ id, result }: { id: number; result: unknown }) => {
        this.#answered = true;
        this.#jobs.get(id)?.resolve(result);
        this.#jobs.delete(id);
        if (this.#jobs.size === 0) worker.channel?.unref();
        this.#armIdleEnd();
      });
      worker.on('error', (error) => this.#lost(worker, errorMessage(error)));
      worker.on('exit', (code, signal) =>
        this.#lost(worker, `it exited with ${signal ? `signal ${signal}` : `code ${code}`}`),
      );
      this.#worker = worker;
      return worker;
    } catch (error) {
      this.#useFallback(errorMessage(error));
      return undefined;
    }
  }

  /**
   * A worker that never answered cannot run here (not built, say): its jobs and all that follow
   * run on this thread. One that worked and then died (out of its memory on a huge file) fails
   * its jobs as unparsable, and the next job starts a new one.
   */
  #lost(worker: ChildProcess, reason: string): void {
    if (this.#worker !== worker || this.#closed) return;
    this.#worker = undefined;
    const jobs = [...this.#jobs.values()];
    this.#jobs.clear();
    if (!this.#answered) {
      this.#useFallback(reason);
      for (const { resolve, job } of jobs) void runHere(job).then(resolve);
      return;
    }
    for (const { resolve, job } of jobs)
      resolve(failed(job, 'parse-failed', `the parser stopped (${reason})`));
  }

  #useFallback(reason: string): void {
    this.#fallback = reason;
    this.#onFallback(`files are parsed on the main thread: the worker failed (${reason})`);
  }
}

/** Asks a worker to end, and kills it if it has not within a second. */
function endWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => worker.kill('SIGKILL'), END_GRACE_MS);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.kill('SIGTERM');
  });
}

/** Runs a job on this thread: the worker's own work, and the fallback. */
export function runHere(job: Job): Promise<unknown> {
  return job.kind === 'symbols'
    ? extractHere(job.file, job.language, job.source)
    : listCodeTokensHere(job.path, job.text);
}

function failed(job: Job, reason: 'unreadable' | 'parse-failed', why: string): unknown {
  if (job.kind === 'tokens')
    return {
      ok: false,
      reason: `${job.path} was not parsed: ${why}`,
    } satisfies Checked<CodeTokens>;
  return {
    ok: false,
    reason,
    language: job.language,
    message: `${job.file} was not parsed: ${why}`,
  } satisfies FileAnalysis;
}
