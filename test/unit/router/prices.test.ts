import { describe, expect, it } from 'vitest';
import {
  estimateCostDollars,
  findPrice,
  PRICES,
  PRICES_AS_OF,
} from '../../../src/router/prices.js';

describe('estimateCostDollars', () => {
  it.each([
    // [model, prompt, completion, dollars]
    ['gpt-4o', 1_000_000, 0, 2.5],
    ['gpt-4o', 0, 1_000_000, 10],
    ['gpt-4o-mini', 10_000, 1000, (10_000 * 0.15 + 1000 * 0.6) / 1e6],
    ['claude-sonnet-4', 2000, 500, (2000 * 3 + 500 * 15) / 1e6],
    ['gemini-2.5-pro', 100_000, 10_000, (100_000 * 1.25 + 10_000 * 10) / 1e6],
    ['gpt-5', 0, 0, 0],
  ])('%s, %i in, %i out -> $%d', (model, prompt, completion, dollars) => {
    expect(estimateCostDollars(model, prompt, completion)).toBeCloseTo(dollars, 10);
  });

  it.each([
    ['llama3.1:8b', 100, 100],
    ['o3-mini', 100, 100],
    ['gpt-4o', -1, 100],
    ['gpt-4o', 100, Number.NaN],
    ['gpt-4o', Number.POSITIVE_INFINITY, 0],
  ])('is undefined for %s with %d in and %d out', (model, prompt, completion) => {
    expect(estimateCostDollars(model, prompt, completion)).toBeUndefined();
  });
});

describe('findPrice', () => {
  it.each([
    ['gpt-4o', 'gpt-4o'],
    ['GPT-4o', 'gpt-4o'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['openai/gpt-4.1-mini', 'gpt-4.1-mini'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    ['claude-3-5-haiku-latest', 'claude-3-5-haiku'],
    ['gemini-2.5-pro-preview-06-05', 'gemini-2.5-pro'],
  ])('%s is priced as %s', (model, known) => {
    expect(findPrice(model)).toBe(PRICES[known]);
  });

  it('has a date and sane figures for every model', () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const price of Object.values(PRICES)) {
      expect(price.input).toBeGreaterThan(0);
      expect(price.output).toBeGreaterThanOrEqual(price.input);
    }
  });
});
