/**
 * `hearth stats` against a real audit file and config under a temp HEARTH_HOME. The CLI tests run
 * the built dist/, so this one calls the command from src/ in this process and captures stdout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../src/audit/audit-log.js';
import type { UsageStats } from '../../src/audit/stats.js';
import { estimateCostDollars, PRICES_AS_OF } from '../../src/router/prices.js';
import { cleanup, tempHome } from '../helpers/hearth.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const savedEnv = { ...process.env };

beforeEach(() => {
  // Only this test's home and config count, not a HEARTH_* variable from outside.
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('HEARTH_')) delete process.env[key];
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const key of Object.keys(process.env)) {
    if (!(key in savedEnv)) delete process.env[key];
  }
  Object.assign(process.env, savedEnv);
  cleanup();
});

const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  at: daysAgo(1),
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

const entries: AuditEntry[] = [
  entry({ at: daysAgo(10), taskId: 'old', promptTokens: 400_000, completionTokens: 50_000 }),
  entry({ at: daysAgo(3), taskId: 'a', promptTokens: 100_000, completionTokens: 20_000 }),
  entry({ at: daysAgo(2), taskId: null, outcome: 'error' }),
  entry({
    at: daysAgo(1),
    tier: 'cloud',
    host: 'api.openai.com',
    taskId: 'b',
    promptTokens: 200_000,
    completionTokens: 30_000,
  }),
];

/** A HEARTH_HOME holding `lines` as its audit file and `cloudModel` in its user config. */
function writeHome(lines: AuditEntry[] | null, cloudModel: string): void {
  const home = tempHome();
  process.env.HEARTH_HOME = home;
  mkdirSync(path.join(home, 'config'), { recursive: true });
  writeFileSync(
    path.join(home, 'config', 'config.json'),
    JSON.stringify({ cloud: { model: cloudModel } }),
  );
  if (lines === null) return;
  mkdirSync(path.join(home, 'state'), { recursive: true });
  writeFileSync(
    path.join(home, 'state', 'audit.jsonl'),
    lines.map((e) => `${JSON.stringify(e)}\n`).join(''),
  );
}

/** Runs `hearth stats` in this process and returns what it printed. */
async function runStats(opts: { json?: boolean; days?: number }): Promise<string> {
  // hearthPaths() is resolved once per module instance: a fresh one sees this test's home.
  vi.resetModules();
  const { stats } = await import('../../src/cli/commands/stats.js');
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await stats(opts);
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
  }
  return out;
}

const cost = (prompt: number, completion: number) =>
  estimateCostDollars('gpt-4o', prompt, completion) ?? Number.NaN;

describe('hearth stats', () => {
  it('prints the numbers per tier and the dollars as JSON', async () => {
    writeHome(entries, 'gpt-4o');
    const usage = JSON.parse(await runStats({ json: true })) as UsageStats;
    expect(usage.tiers).toEqual({
      local: {
        requests: 3,
        tasks: 3,
        promptTokens: 500_000,
        completionTokens: 70_000,
        errors: 1,
        cutOff: 0,
      },
      cloud: {
        requests: 1,
        tasks: 1,
        promptTokens: 200_000,
        completionTokens: 30_000,
        errors: 0,
        cutOff: 0,
      },
    });
    expect(usage.period).toEqual({ first: entries[0]?.at, last: entries[3]?.at });
    expect(usage.pricedModel).toBe('gpt-4o');
    expect(usage.cloudSpend).toBeCloseTo(cost(200_000, 30_000));
    expect(usage.localWouldHaveCost).toBeCloseTo(cost(400_000, 50_000) + cost(100_000, 20_000));
  });

  it('counts only the last N days with --days', async () => {
    writeHome(entries, 'gpt-4o');
    const usage = JSON.parse(await runStats({ json: true, days: 7 })) as UsageStats;
    expect(usage.tiers.local).toMatchObject({
      requests: 2,
      promptTokens: 100_000,
      errors: 1,
      cutOff: 0,
    });
    expect(usage.tiers.cloud.requests).toBe(1);
    expect(usage.localWouldHaveCost).toBeCloseTo(cost(100_000, 20_000));
  });

  it('prints an aligned table and the dollar lines', async () => {
    writeHome(entries, 'gpt-4o');
    const lines = (await runStats({})).split('\n');
    expect(lines).toContain(
      'tier   requests  tasks  prompt tokens  answer tokens  errors  cut off',
    );
    expect(lines).toContain(
      'local         3      3         500000          70000       1        0',
    );
    expect(lines).toContain(
      'cloud         1      1         200000          30000       0        0',
    );
    const dollars = (n: number) => `$${n.toFixed(2)}`;
    expect(lines).toContain(`cloud spend: ${dollars(cost(200_000, 30_000))}`);
    expect(lines).toContain(
      `local work would have cost ${dollars(cost(400_000, 50_000) + cost(100_000, 20_000))} at gpt-4o's price (prices as of ${PRICES_AS_OF})`,
    );
  });

  it('says when the cloud model has no bundled price', async () => {
    writeHome(entries, 'my-private-model');
    const text = await runStats({});
    expect(text).toContain('the cloud model my-private-model has no bundled price');
    expect(text).not.toContain('cloud spend: $');
    const usage = JSON.parse(await runStats({ json: true })) as UsageStats;
    expect(usage).toMatchObject({ pricedModel: null, cloudSpend: null, localWouldHaveCost: null });
  });

  it('says when nothing was sent, and gives zeros as JSON', async () => {
    writeHome(null, 'gpt-4o');
    expect(await runStats({})).toBe('no model requests yet\n');
    const usage = JSON.parse(await runStats({ json: true })) as UsageStats;
    expect(usage.tiers.local.requests + usage.tiers.cloud.requests).toBe(0);
    expect(usage).toMatchObject({ period: null, cloudSpend: 0, localWouldHaveCost: 0 });

    writeHome([], 'gpt-4o');
    expect(await runStats({})).toBe('no model requests yet\n');
  });
});
