import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/providers/errors.js';
import {
  countMessageTokens,
  ensureFits,
  estimateTokens,
  fitsWindow,
} from '../../../src/providers/tokens.js';

describe('estimateTokens', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['abcd', 1],
    ['abcde', 2],
    ['function add(a, b) { return a + b; }', 9],
    ['日本語', 3],
    ['café', 2],
  ])('%j -> %i', (text, expected) => {
    expect(estimateTokens(text)).toBe(expected);
  });

  it('is never 0 for non-empty text', () => {
    for (const text of [' ', '\n', 'x', '🙂']) expect(estimateTokens(text)).toBeGreaterThan(0);
  });
});

describe('countMessageTokens', () => {
  it('adds a per-message overhead to each message', () => {
    const messages = [
      { role: 'system' as const, content: 'abcd' },
      { role: 'user' as const, content: 'abcdefgh' },
    ];
    expect(countMessageTokens(messages)).toBe(4 + 1 + 4 + 2);
    expect(countMessageTokens(messages, (text) => text.length)).toBe(4 + 4 + 4 + 8);
  });
});

describe('fitsWindow and ensureFits', () => {
  const where = { endpoint: 'http://127.0.0.1:11434', model: 'gemma' };

  it.each([
    [100, 100, 200, true],
    [100, 101, 200, false],
    [0, 0, 0, true],
    [8000, 500, 8192, false],
  ])('prompt %i + output %i in window %i -> %s', (prompt, output, window, fits) => {
    expect(fitsWindow(prompt, output, window)).toBe(fits);
  });

  it('passes quietly when the prompt fits', () => {
    expect(() => ensureFits(100, 100, 200, where)).not.toThrow();
  });

  it('throws context-overflow saying how many tokens over', () => {
    let thrown: unknown;
    try {
      ensureFits(8000, 500, 8192, where);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProviderError);
    expect(thrown).toMatchObject({ code: 'context-overflow', retryable: false, model: 'gemma' });
    expect((thrown as Error).message).toContain('308 tokens over');
    expect((thrown as Error).message).toContain('8192');
  });
});
