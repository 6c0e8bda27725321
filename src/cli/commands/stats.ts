import { readAudit } from '../../audit/audit-log.js';
import { summarizeUsage, type TierUsage, type UsageStats } from '../../audit/stats.js';
import { loadConfig } from '../../config/load.js';
import { EXIT, HearthError } from '../../errors.js';
import { hearthPaths } from '../../paths.js';
import { print, printJson } from '../output.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `hearth stats [--json] [--days N]`: requests, tasks and tokens per tier, the cloud spend, and
 * what the local work would have cost at the cloud model's price. Reads the audit file (no daemon).
 */
export async function stats(
  opts: { json?: boolean; days?: number },
  flagPairs: string[] = [],
): Promise<void> {
  if (opts.days === 0) {
    throw new HearthError('bad-days', '--days must be at least 1', { exitCode: EXIT.usage });
  }
  const paths = hearthPaths();
  const config = loadConfig({ userConfigFile: paths.userConfigFile, env: process.env, flagPairs });
  const usage = summarizeUsage(readAudit(paths.auditFile), {
    cloudModel: config.values.cloud.model,
    since: opts.days === undefined ? undefined : Date.now() - opts.days * DAY_MS,
  });
  if (opts.json) {
    printJson(usage);
    return;
  }
  if (usage.tiers.local.requests + usage.tiers.cloud.requests === 0) {
    print(
      opts.days === undefined
        ? 'no model requests yet'
        : `no model requests in the last ${opts.days} days`,
    );
    return;
  }
  printUsage(usage, config.values.cloud.model);
}

function printUsage(usage: UsageStats, cloudModel: string): void {
  if (usage.period) print(`requests from ${usage.period.first} to ${usage.period.last}`);
  for (const line of formatTable(usage)) print(line);
  print();
  for (const line of formatDollarLines(usage, cloudModel)) print(line);
}

/** The tiers as rows, each column as wide as its widest cell; numbers aligned right. */
function formatTable(usage: UsageStats): string[] {
  const header = [
    'tier',
    'requests',
    'tasks',
    'prompt tokens',
    'answer tokens',
    'errors',
    'cut off',
  ];
  const row = (tier: string, u: TierUsage) => [
    tier,
    ...[u.requests, u.tasks, u.promptTokens, u.completionTokens, u.errors, u.cutOff].map(String),
  ];
  const rows = [header, row('local', usage.tiers.local), row('cloud', usage.tiers.cloud)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function formatDollarLines(usage: UsageStats, cloudModel: string): string[] {
  if (usage.cloudSpend === null || usage.localWouldHaveCost === null) {
    return [
      cloudModel.trim() === ''
        ? 'no dollar figures: no cloud model is configured (cloud.model)'
        : `no dollar figures: the cloud model ${cloudModel} has no bundled price (prices as of ${usage.pricesAsOf})`,
    ];
  }
  return [
    `cloud spend: ${formatDollars(usage.cloudSpend)}`,
    `local work would have cost ${formatDollars(usage.localWouldHaveCost)} at ${usage.pricedModel}'s price (prices as of ${usage.pricesAsOf})`,
  ];
}

// A few cents' worth of tokens should not read as nothing at all.
function formatDollars(dollars: number): string {
  return dollars > 0 && dollars < 0.005 ? 'under $0.01' : `$${dollars.toFixed(2)}`;
}
