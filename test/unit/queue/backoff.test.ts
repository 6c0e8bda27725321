import { describe, expect, it } from 'vitest';
import { computeBackoffMs } from '../../../src/queue/backoff.js';

const policy = { baseMs: 1_000, maxMs: 60_000, factor: 2 };

describe('computeBackoffMs', () => {
  it.each([
    // attempts, random, retryAfterMs, expected
    [1, 0, undefined, 500],
    [1, 1, undefined, 1_000],
    [2, 0, undefined, 1_000],
    [3, 1, undefined, 4_000],
    [4, 0.5, undefined, 6_000],
    [10, 1, undefined, 60_000], // capped
    [30, 0, undefined, 30_000], // capped, half fixed
    [1, 0, 5_000, 5_000], // Retry-After is a floor
    [3, 1, 100, 4_000], // a short Retry-After does not shorten the backoff
    [20, 1, 120_000, 120_000], // a Retry-After beyond the cap is still honoured
    [0, 1, undefined, 1_000], // attempts below 1 count as the first
  ] as const)(
    'attempts %d, random %d, retryAfter %s -> %d ms',
    (attempts, random, retryAfterMs, expected) => {
      expect(
        computeBackoffMs(attempts, {
          policy,
          random: () => random,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        }),
      ).toBe(expected);
    },
  );

  it('stays within [half, full] of the exponential ceiling with real randomness', () => {
    for (let i = 0; i < 200; i++) {
      const delay = computeBackoffMs(3, { policy });
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });
});
