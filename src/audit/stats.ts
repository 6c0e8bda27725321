import { estimateCostDollars, findPrice, PRICES_AS_OF } from '../router/prices.js';
import type { AuditEntry } from './audit-log.js';

type TierName = AuditEntry['tier'];

export interface TierUsage {
  requests: number;
  /** Distinct task ids; a request without a task id counts as a task of its own. */
  tasks: number;
  promptTokens: number;
  completionTokens: number;
  /** Requests whose outcome was an error. */
  errors: number;
  /** Requests that left but whose sender stopped (a crash) before any answer was recorded. */
  cutOff: number;
}

export interface UsageStats {
  /** The first and last request counted, as recorded; null when none was. */
  period: { first: string; last: string } | null;
  tiers: Record<TierName, TierUsage>;
  /** The configured cloud model, or null when the bundled price table does not know it. */
  pricedModel: string | null;
  /** The date of the bundled price table. */
  pricesAsOf: string;
  /** Estimated dollars spent on cloud requests; null when the model is not priced. */
  cloudSpend: number | null;
  /** Dollars the local requests' tokens would have cost at the cloud model's price. */
  localWouldHaveCost: number | null;
}

export interface SummarizeOptions {
  cloudModel: string;
  /** Only entries at or after this time (ms since the epoch) count. */
  since?: number;
}

/** Requests, tasks, tokens and errors per tier, and the dollars they did or would have cost. */
export function summarizeUsage(entries: AuditEntry[], options: SummarizeOptions): UsageStats {
  const counted = entries.filter((e) => isInWindow(e, options.since));
  const priced = findPrice(options.cloudModel) !== undefined;
  const dollarsFor = (tier: TierName) =>
    priced ? sumDollars(options.cloudModel, counted, tier) : null;
  return {
    period: findPeriod(counted),
    tiers: { local: summarizeTier(counted, 'local'), cloud: summarizeTier(counted, 'cloud') },
    pricedModel: priced ? options.cloudModel : null,
    pricesAsOf: PRICES_AS_OF,
    cloudSpend: dollarsFor('cloud'),
    localWouldHaveCost: dollarsFor('local'),
  };
}

// With a window, an entry whose time cannot be read is left out rather than guessed at.
function isInWindow(entry: AuditEntry, since: number | undefined): boolean {
  return since === undefined || Date.parse(entry.at) >= since;
}

function summarizeTier(entries: AuditEntry[], tier: TierName): TierUsage {
  const usage: TierUsage = {
    requests: 0,
    tasks: 0,
    promptTokens: 0,
    completionTokens: 0,
    errors: 0,
    cutOff: 0,
  };
  const taskIds = new Set<string>();
  for (const e of entries) {
    if (e.tier !== tier) continue;
    usage.requests += 1;
    if (e.taskId === null) usage.tasks += 1;
    else taskIds.add(e.taskId);
    usage.promptTokens += e.promptTokens;
    usage.completionTokens += e.completionTokens;
    if (e.outcome === 'error') usage.errors += 1;
    if (e.outcome === 'cut-off') usage.cutOff += 1;
  }
  usage.tasks += taskIds.size;
  return usage;
}

// Per request, as the daily budget counts it (src/runner/spend.ts); a bad count adds nothing.
function sumDollars(model: string, entries: AuditEntry[], tier: TierName): number {
  let dollars = 0;
  for (const e of entries) {
    if (e.tier !== tier) continue;
    dollars += estimateCostDollars(model, e.promptTokens, e.completionTokens) ?? 0;
  }
  return dollars;
}

function findPeriod(entries: AuditEntry[]): UsageStats['period'] {
  let first: AuditEntry | undefined;
  let last: AuditEntry | undefined;
  for (const e of entries) {
    const at = Date.parse(e.at);
    if (Number.isNaN(at)) continue;
    if (first === undefined || at < Date.parse(first.at)) first = e;
    if (last === undefined || at > Date.parse(last.at)) last = e;
  }
  return first && last ? { first: first.at, last: last.at } : null;
}
