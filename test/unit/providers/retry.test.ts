import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/providers/errors.js';
import { retryDelayMs, withRetries } from '../../../src/providers/retry.js';

describe('retryDelayMs', () => {
  const base = { baseMs: 100, maxMs: 1000 };
  it.each([
    // attempt, random, retryAfterMs, expected
    [1, 0, undefined, 50],
    [1, 0.999_999, undefined, 100],
    [2, 0, undefined, 100],
    [3, 0.5, undefined, 300],
    [4, 1 - 1e-9, undefined, 800],
    [10, 0, undefined, 500],
    [10, 1 - 1e-9, undefined, 1000],
    [1, 0, 5000, 5000],
    [10, 1 - 1e-9, 5000, 5000],
    [3, 0.5, 10, 300],
  ])(
    'attempt %i, random %d, Retry-After %s -> %i ms',
    (attempt, random, retryAfterMs, expected) => {
      expect(retryDelayMs(attempt, { ...base, random: () => random, retryAfterMs })).toBe(expected);
    },
  );

  it('is never zero and never above the cap without Retry-After', () => {
    for (let attempt = 1; attempt < 30; attempt++) {
      const delay = retryDelayMs(attempt, base);
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });
});

function failing(code: ConstructorParameters<typeof ProviderError>[0], fields = {}) {
  return new ProviderError(code, code, { retryable: code !== 'bad-request', ...fields });
}

describe('withRetries', () => {
  const options = (slept: number[]) => ({
    baseMs: 100,
    maxMs: 1000,
    random: () => 0,
    sleep: async (ms: number) => {
      slept.push(ms);
    },
  });

  it('retries a retryable error until it succeeds, sleeping between attempts', async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw failing('unavailable');
        return 'done';
      },
      { ...options(slept), maxAttempts: 5 },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(slept).toEqual([50, 100]);
  });

  it('does not retry an error that is not retryable', async () => {
    let calls = 0;
    const run = withRetries(async () => {
      calls++;
      throw failing('bad-request');
    }, options([]));
    await expect(run).rejects.toMatchObject({ code: 'bad-request' });
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts', async () => {
    let calls = 0;
    const run = withRetries(
      async () => {
        calls++;
        throw failing('connection');
      },
      { ...options([]), maxAttempts: 4 },
    );
    await expect(run).rejects.toMatchObject({ code: 'connection' });
    expect(calls).toBe(4);
  });

  it("honours an error's own retry limit", async () => {
    let calls = 0;
    const run = withRetries(
      async () => {
        calls++;
        throw failing('server-error', { retryLimit: 2 });
      },
      { ...options([]), maxAttempts: 10 },
    );
    await expect(run).rejects.toMatchObject({ code: 'server-error' });
    expect(calls).toBe(3);
  });

  it('waits at least Retry-After', async () => {
    const slept: number[] = [];
    let calls = 0;
    await withRetries(async () => {
      calls++;
      if (calls === 1) throw failing('rate-limited', { retryAfterMs: 4000 });
      return 1;
    }, options(slept));
    expect(slept).toEqual([4000]);
  });

  it('throws instead of sleeping past maxWaitMs', async () => {
    let calls = 0;
    const run = withRetries(
      async () => {
        calls++;
        throw failing('rate-limited', { retryAfterMs: 3_600_000 });
      },
      { ...options([]), maxWaitMs: 60_000 },
    );
    await expect(run).rejects.toMatchObject({ code: 'rate-limited' });
    expect(calls).toBe(1);
  });

  it('stops with cancelled when the signal aborts during the wait', async () => {
    const controller = new AbortController();
    const run = withRetries(
      async () => {
        throw failing('unavailable');
      },
      {
        ...options([]),
        signal: controller.signal,
        sleep: async () => controller.abort(),
      },
    );
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('rethrows errors that are not ProviderErrors untouched', async () => {
    const error = new Error('plain');
    await expect(withRetries(async () => Promise.reject(error), options([]))).rejects.toBe(error);
  });
});
