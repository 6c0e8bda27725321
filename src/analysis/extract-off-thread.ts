import { Worker } from 'node:worker_threads';
import { errorMessage } from '../errors.js';
import { extractSymbols, type FileAnalysis } from './analyze-file.js';
import type { LanguageId } from './types.js';

/** What the worker is asked: one file's text to parse. */
export interface ExtractJob {
  id: number;
  file: string;
  language: LanguageId;
  source: { text: string; contentHash: string };
}

export type ExtractFn = typeof extractSymbols;

/** The worker's heap: enough for the largest file analysis.maxFileBytes allows by default. */
const WORKER_HEAP_MB = 512;

/**
 * Symbol extraction on a worker thread, so that parsing a large file (seconds for thousands of
 * functions) leaves the daemon's event loop free for IPC, timers and SIGTERM. One worker, started
 * on first use; files are parsed one after the other. If no worker can run (the module is not
 * built, say), extraction falls back to this thread and says so once.
 */
export class OffThreadExtractor {
  readonly #onFallback: (reason: string) => void;
  #worker: Worker | undefined;
  #fallback: string | undefined;
  #closed = false;
  #answered = false;
  #nextId = 0;
  readonly #jobs = new Map<
    number,
    { resolve: (analysis: FileAnalysis) => void; job: Omit<ExtractJob, 'id'> }
  >();

  constructor(options: { onFallback: (reason: string) => void }) {
    this.#onFallback = options.onFallback;
  }

  readonly extract: ExtractFn = (file, language, source) => {
    if (this.#closed) return Promise.resolve(skipped(file, language, 'the daemon is stopping'));
    const job = { file, language, source: { text: source.text, contentHash: source.contentHash } };
    const worker = this.#fallback === undefined ? this.#start() : undefined;
    if (!worker) return extractSymbols(file, language, source);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#jobs.set(id, { resolve, job });
      worker.postMessage({ id, ...job } satisfies ExtractJob);
    });
  };

  /** Ends the worker; extractions under way end as skipped (the daemon is stopping). */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    for (const { resolve, job } of this.#jobs.values())
      resolve(skipped(job.file, job.language, 'the daemon is stopping'));
    this.#jobs.clear();
    await worker?.terminate();
  }

  #start(): Worker | undefined {
    if (this.#worker) return this.#worker;
    try {
      const worker = new Worker(new URL('./extract-worker.js', import.meta.url), {
        // A huge file ends this worker, not the daemon.
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      worker.unref();
      worker.on('message', ({ id, result }: { id: number; result: FileAnalysis }) => {
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
   * its jobs as unparsable, and the next file starts a new one.
   */
  #lost(worker: Worker, reason: string): void {
    if (this.#worker !== worker || this.#closed) return;
    this.#worker = undefined;
    const jobs = [...this.#jobs.values()];
    this.#jobs.clear();
    if (!this.#answered) {
      this.#useFallback(reason);
      for (const { resolve, job } of jobs)
        void extractSymbols(job.file, job.language, job.source).then(resolve);
      return;
    }
    for (const { resolve, job } of jobs) {
      resolve({
        ok: false,
        reason: 'parse-failed',
        language: job.language,
        message: `${job.file} could not be parsed: the parser stopped (${reason})`,
      });
    }
  }

  #useFallback(reason: string): void {
    this.#fallback = reason;
    this.#onFallback(`symbols are extracted on the main thread: the worker failed (${reason})`);
  }
}

function skipped(file: string, language: LanguageId, why: string): FileAnalysis {
  return { ok: false, reason: 'unreadable', language, message: `${file} was not parsed: ${why}` };
}
