import { Worker } from 'node:worker_threads';
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

/**
 * Parsing on a worker thread, so that a large file (seconds for thousands of functions, for its
 * symbols and again for each docstring's verification) leaves the daemon's event loop free for
 * IPC, timers and SIGTERM. One worker, started on first use; jobs run one after the other. If no
 * worker can run (the module is not built, say), parsing falls back to this thread and says so.
 */
export class OffThreadParser {
  readonly #onFallback: (reason: string) => void;
  #worker: Worker | undefined;
  #fallback: string | undefined;
  #closed = false;
  #answered = false;
  #nextId = 0;
  readonly #jobs = new Map<number, { resolve: (result: unknown) => void; job: Job }>();

  constructor(options: { onFallback: (reason: string) => void }) {
    this.#onFallback = options.onFallback;
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
    const worker = this.#worker;
    this.#worker = undefined;
    for (const { resolve, job } of this.#jobs.values())
      resolve(failed(job, 'unreadable', 'the daemon is stopping'));
    this.#jobs.clear();
    await worker?.terminate();
  }

  #run(job: Job): Promise<unknown> {
    // Once closed (the daemon stopping), a task's answer still settling is parsed here.
    const worker = this.#closed || this.#fallback !== undefined ? undefined : this.#start();
    if (!worker) return runHere(job);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#jobs.set(id, { resolve, job });
      worker.postMessage({ id, ...job });
    });
  }

  #start(): Worker | undefined {
    if (this.#worker) return this.#worker;
    try {
      const worker = new Worker(new URL('./parse-worker.js', import.meta.url), {
        // A huge file ends this worker, not the daemon.
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      worker.unref();
      worker.on('message', ({ id, result }: { id: number; result: unknown }) => {
        this.#answered = true;
        this.#jobs.get(id)?.resolve(result);
        this.#jobs.delete(id);
      });
      worker.on('error', (error) => this.#lost(worker, errorMessage(error)));
      worker.on('exit', (code) => this.#lost(worker, `it exited with code ${code}`));
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
  #lost(worker: Worker, reason: string): void {
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
