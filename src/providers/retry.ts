/** The retry policy: pure delay arithmetic, and a loop that follows the error table. */
import { ProviderError } from './errors.js';

export interface RetryDelayOptions {
  baseMs?: number;
  maxMs?: number;
  /** A number in [0, 1); injectable so tests are exact. */
  random?: () => number;
  retryAfterMs?: number;
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so retries from
 * many tasks spread out but never collapse to zero. Capped at maxMs, but never below Retry-After:
 * a server that names a time is obeyed.
 */
export function retryDelayMs(attempt: number, options: RetryDelayOptions = {}): number {
  const { baseMs = 500, maxMs = 30_000, random = Math.random, retryAfterMs } = options;
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const delay = Math.round(step / 2 + random() * (step / 2));
  return Math.max(delay, retryAfterMs ?? 0);
}

export interface RetryOptions extends Omit<RetryDelayOptions, 'retryAfterMs'> {
  /** Attempts in all, the first one included. */
  maxAttempts?: number;
  signal?: AbortSignal;
  /** A wait longer than this is not slept through: the error is thrown for the queue to reschedule. */
  maxWaitMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (error: ProviderError, attempt: number, delayMs: number) => void;
}

/** Runs `fn`, retrying what the error table marks retryable, within each error's own limit. */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { maxAttempts = 3, signal, maxWaitMs = 120_000, sleep = sleepMs, onRetry } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!(error instanceof ProviderError) || !error.retryable) throw error;
      const limit = Math.min(maxAttempts, 1 + (error.retryLimit ?? Number.POSITIVE_INFINITY));
      if (attempt >= limit || signal?.aborted) throw error;
      const delay = retryDelayMs(attempt, { ...options, retryAfterMs: error.retryAfterMs });
      if (delay > maxWaitMs) throw error;
      onRetry?.(error, attempt, delay);
      await sleep(delay, signal);
      if (signal?.aborted) {
        throw new ProviderError('cancelled', 'cancelled while waiting to retry', {
          endpoint: error.endpoint,
          model: error.model,
          cause: error,
        });
      }
    }
  }
}

/** Sleeps, waking early (without throwing) when the signal aborts. */
export function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
