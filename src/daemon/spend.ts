import { readAudit } from '../audit/audit-log.js';
import { estimateCostDollars } from '../router/prices.js';

/** Cloud tokens and estimated dollars spent today (local time), from the audit log. */
export function readCloudSpendToday(
  auditFile: string,
  model: string,
): { tokens: number; dollars: number } {
  const today = new Date().toDateString();
  let tokens = 0;
  let dollars = 0;
  for (const entry of readAudit(auditFile)) {
    if (entry.tier !== 'cloud' || new Date(entry.at).toDateString() !== today) continue;
    tokens += entry.promptTokens + entry.completionTokens;
    dollars += estimateCostDollars(model, entry.promptTokens, entry.completionTokens) ?? 0;
  }
  return { tokens, dollars };
}
