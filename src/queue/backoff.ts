export interface BackoffPolicy {
  /** Delay before the second attempt, before jitter. */
  baseMs: number;
  /** Upper bound of the computed delay (a server's Retry-After may exceed it). */
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000, factor: 2 };

/**
 * The delay before the next attempt after `attempts` attempts have failed: exponential, capped,
 * with "equal jitter" (half fixed, half random) so that many tasks failing together spread out
 * but never retry at once. A server's `retryAfterMs` is a floor: retrying sooner would be refused.
 */
export function computeBackoffMs(
  attempts: number,
  options: { retryAfterMs?: number; policy?: BackoffPolicy; random?: () => number } = {},
): number {
  const policy = options.policy ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const exponent = Math.max(0, attempts - 1);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * policy.factor ** exponent);
  const delay = ceiling / 2 + random() * (ceiling / 2);
  const floor =
    options.retryAfterMs !== undefined && options.retryAfterMs > 0 ? options.retryAfterMs : 0;
  return Math.round(Math.max(delay, floor));
}
