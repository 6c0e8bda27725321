import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/audit/audit-log.js';
import { summarizeUsage } from '../../../src/audit/stats.js';
import { estimateCostDollars, PRICES_AS_OF } from '../../../src/router/prices.js';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  at: '2026-11-26T10:00:00.000Z',
  host: '127.0.0.1:11434',
  tier: 'local',
  taskId: 'task-1',
  bytes: 100,
  promptTokens: 0,
  completionTokens: 0,
  sha256: 'ab'.repeat(32),
  outcome: 'ok',
  ...over,
});

const cost = (model: string, prompt: number, completion: number) =>
  estimateCostDollars(model, prompt, completion) ?? Number.NaN;

const mixed: AuditEntry[] = [
  entry({ at: '2026-11-20T09:00:00.000Z', taskId: 'a', promptTokens: 1000, completionTokens: 200 }),
  entry({ at: '2026-11-21T09:00:00.000Z', taskId: 'a', promptTokens: 500, completionTokens: 50 }),
  entry({ at: '2026-11-22T09:00:00.000Z', taskId: null, outcome: 'error' }),
  entry({ at: '2026-11-23T09:00:00.000Z', taskId: null, promptTokens: 300, completionTokens: 30 }),
  entry({
    at: '2026-11-24T09:00:00.000Z',
    tier: 'cloud',
    host: 'api.openai.com',
    taskId: 'b',
    promptTokens: 20_000,
    completionTokens: 4000,
  }),
  entry({
    at: '2026-11-25T09:00:00.000Z',
    tier: 'cloud',
    host: 'api.openai.com',
    taskId: 'a',
    outcome: 'error',
  }),
];

describe('summarizeUsage', () => {
  it('counts requests, tasks, tokens and errors per tier', () => {
    const stats = summarizeUsage(mixed, { cloudModel: 'gpt-4o' });
    expect(stats.tiers).toEqual({
      // a (twice), and each request without a task id on its own.
      local: {
        requests: 4,
        tasks: 3,
        promptTokens: 1800,
        completionTokens: 280,
        errors: 1,
        cutOff: 0,
      },
      cloud: {
        requests: 2,
        tasks: 2,
        promptTokens: 20_000,
        completionTokens: 4000,
        errors: 1,
        cutOff: 0,
      },
    });
    expect(stats.period).toEqual({
      first: '2026-11-20T09:00:00.000Z',
      last: '2026-11-25T09:00:00.000Z',
    });
  });

  it('counts a request cut off by a crash as a request without tokens', () => {
    const stats = summarizeUsage(
      [entry({ tier: 'cloud', outcome: 'cut-off' }), entry({ tier: 'cloud', promptTokens: 5 })],
      { cloudModel: 'gpt-4o' },
    );
    expect(stats.tiers.cloud).toEqual({
      requests: 2,
      tasks: 1,
      promptTokens: 5,
      completionTokens: 0,
      errors: 0,
      cutOff: 1,
    });
  });

  it.each([
    ['gpt-4o', 'gpt-4o'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4-20250514'],
    ['openai/gpt-4.1-mini', 'openai/gpt-4.1-mini'],
  ])('prices the cloud spend and the local work at %s', (cloudModel, pricedModel) => {
    const stats = summarizeUsage(mixed, { cloudModel });
    expect(stats.pricedModel).toBe(pricedModel);
    expect(stats.pricesAsOf).toBe(PRICES_AS_OF);
    expect(stats.cloudSpend).toBeCloseTo(cost(cloudModel, 20_000, 4000) + cost(cloudModel, 0, 0));
    expect(stats.localWouldHaveCost).toBeCloseTo(
      cost(cloudModel, 1000, 200) + cost(cloudModel, 500, 50) + cost(cloudModel, 300, 30),
    );
  });

  it.each(['some-private-model', 'o3-mini', ''])(
    'gives no dollar figures for a cloud model without a bundled price (%j)',
    (cloudModel) => {
      const stats = summarizeUsage(mixed, { cloudModel });
      expect(stats.pricedModel).toBeNull();
      expect(stats.cloudSpend).toBeNull();
      expect(stats.localWouldHaveCost).toBeNull();
      expect(stats.tiers.cloud.requests).toBe(2);
    },
  );

  it('counts only the entries at or after `since`', () => {
    const since = Date.parse('2026-11-23T09:00:00.000Z');
    const stats = summarizeUsage([...mixed, entry({ at: 'not a time', promptTokens: 7 })], {
      cloudModel: 'gpt-4o',
      since,
    });
    expect(stats.tiers.local).toEqual({
      requests: 1,
      tasks: 1,
      promptTokens: 300,
      completionTokens: 30,
      errors: 0,
      cutOff: 0,
    });
    expect(stats.tiers.cloud.requests).toBe(2);
    expect(stats.period).toEqual({
      first: '2026-11-23T09:00:00.000Z',
      last: '2026-11-25T09:00:00.000Z',
    });
    expect(stats.localWouldHaveCost).toBeCloseTo(cost('gpt-4o', 300, 30));
  });

  it('counts a task that ran on both tiers once in each', () => {
    const stats = summarizeUsage(
      [entry({ taskId: 'x' }), entry({ taskId: 'x', tier: 'cloud' }), entry({ taskId: 'x' })],
      { cloudModel: 'gpt-4o' },
    );
    expect(stats.tiers.local).toMatchObject({ requests: 2, tasks: 1 });
    expect(stats.tiers.cloud).toMatchObject({ requests: 1, tasks: 1 });
  });

  it('takes the period from the times, not the order of the lines', () => {
    const stats = summarizeUsage(
      [
        entry({ at: '2026-11-22T00:00:00.000Z' }),
        entry({ at: '2026-11-20T00:00:00.000Z' }),
        entry({ at: '2026-11-21T00:00:00.000Z' }),
      ],
      { cloudModel: 'gpt-4o' },
    );
    expect(stats.period).toEqual({
      first: '2026-11-20T00:00:00.000Z',
      last: '2026-11-22T00:00:00.000Z',
    });
  });

  it('is all zeros for no entries', () => {
    expect(summarizeUsage([], { cloudModel: 'gpt-4o' })).toEqual({
      period: null,
      tiers: {
        local: {
          requests: 0,
          tasks: 0,
          promptTokens: 0,
          completionTokens: 0,
          errors: 0,
          cutOff: 0,
        },
        cloud: {
          requests: 0,
          tasks: 0,
          promptTokens: 0,
          completionTokens: 0,
          errors: 0,
          cutOff: 0,
        },
      },
      pricedModel: 'gpt-4o',
      pricesAsOf: PRICES_AS_OF,
      cloudSpend: 0,
      localWouldHaveCost: 0,
    });
  });
});
