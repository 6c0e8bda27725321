import { type ErrorCode, errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { SubmitRequest } from './types.js';

/** SQLite and node codes that mean "the disk took no write": full, over quota, failing I/O. */
const WRITE_REFUSED = /^(SQLITE_FULL|SQLITE_IOERR|ENOSPC|EDQUOT|EIO$)/;

/** Whether an error says the disk refused a write (so the same write may succeed later). Pure. */
export function isWriteRefused(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && WRITE_REFUSED.test(code);
}

/** The code TaskService.submit throws with when it kept a task for later. */
export const DISK_FULL_CODE = 'disk-full' satisfies ErrorCode;

export interface DeferredSubmitsOptions {
  /** Submits again; throws (with DISK_FULL_CODE while the disk still refuses). */
  submit: (request: SubmitRequest) => void;
  logger: Logger;
  /** How often kept tasks are tried while any wait. */
  retryMs?: number;
  /** At most this many are kept; past it the oldest goes, with a log line. */
  max?: number;
}

const RETRY_MS = 5000;
const MAX_KEPT = 1000;

/**
 * Submissions the queue refused because the disk took no write, kept in memory (bounded, one per
 * idempotency key, oldest first) and submitted again when a later write succeeds or on a timer,
 * so work refused on a full disk is not lost once there is room. In memory only: a daemon that
 * stops meanwhile loses them, as the disk could not hold them.
 */
export class DeferredSubmits {
  readonly #options: DeferredSubmitsOptions;
  readonly #kept = new Map<string, SubmitRequest>();
  #timer: NodeJS.Timeout | undefined;
  #retrying = false;

  constructor(options: DeferredSubmitsOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#kept.size;
  }

  /** Keeps a refused request (it must carry its idempotency key, so a retry is the same task). */
  keep(request: SubmitRequest & { idempotencyKey: string }): void {
    const { logger } = this.#options;
    if (
      !this.#kept.has(request.idempotencyKey) &&
      this.#kept.size >= (this.#options.max ?? MAX_KEPT)
    ) {
      const [oldest] = this.#kept.keys();
      if (oldest !== undefined) this.#kept.delete(oldest);
      logger.warn('the disk is still full: the oldest task kept in memory was dropped', {
        kept: this.#kept.size,
      });
    }
    this.#kept.set(request.idempotencyKey, request);
    this.#timer ??= setInterval(() => this.retry(), this.#options.retryMs ?? RETRY_MS).unref();
  }

  /** Submits the kept requests in order until the disk refuses again. */
  retry(): void {
    if (this.#retrying || this.#kept.size === 0) return;
    this.#retrying = true;
    let queued = 0;
    try {
      for (const [key, request] of [...this.#kept]) {
        try {
          this.#options.submit(request);
          this.#kept.delete(key);
          queued++;
        } catch (error) {
          if ((error as { code?: unknown }).code === DISK_FULL_CODE) break;
          this.#kept.delete(key);
          this.#options.logger.warn('a task kept while the disk was full could not be queued', {
            kind: request.kind,
            repo: request.repo,
            error: errorMessage(error),
          });
        }
      }
    } finally {
      this.#retrying = false;
    }
    if (queued > 0)
      this.#options.logger.info(
        'tasks kept in memory are queued now that the disk takes writes again',
        {
          tasks: queued,
          stillKept: this.#kept.size,
        },
      );
    if (this.#kept.size === 0) this.close();
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
