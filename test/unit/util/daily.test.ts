import { describe, expect, it } from 'vitest';
import { msUntilNext } from '../../../src/util/daily.js';

describe('msUntilNext', () => {
  const at = (h: number, m: number, s = 0) => new Date(2026, 11, 3, h, m, s);
  const minutes = (ms: number) => ms / 60_000;

  it.each([
    ['later today', at(1, 0), 3, 17, 137],
    ['a minute before', at(3, 16), 3, 17, 1],
    ['exactly then: tomorrow, not now', at(3, 17), 3, 17, 24 * 60],
    ['just after: tomorrow', at(3, 18), 3, 17, 24 * 60 - 1],
    ['late evening: tomorrow early', at(23, 0), 3, 23, 4 * 60 + 23],
  ])('%s', (_name, now, hour, minute, expected) => {
    expect(minutes(msUntilNext(now, hour, minute))).toBe(expected);
  });

  it('counts seconds too', () => {
    expect(msUntilNext(at(3, 16, 30), 3, 17)).toBe(30_000);
  });
});
