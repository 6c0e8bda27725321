import { statSync } from 'node:fs';
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

/**
 * The day's cloud spend, read again only when the audit log changed (or the day or the model
 * did): the log grows with every request, and routing asks for the spend on every submit.
 */
export class SpendReader {
  readonly #auditFile: string;
  #last: { key: string; spent: { tokens: number; dollars: number } } | undefined;

  constructor(auditFile: string) {
    this.#auditFile = auditFile;
  }

  read(model: string): { tokens: number; dollars: number } {
    const key = `${describeFile(this.#auditFile)}\0${new Date().toDateString()}\0${model}`;
    if (this.#last?.key !== key)
      this.#last = { key, spent: readCloudSpendToday(this.#auditFile, model) };
    return this.#last.spent;
  }
}

function describeFile(file: string): string {
  try {
    const info = statSync(file);
    return `${info.size}:${info.mtimeMs}:${info.ino}`;
  } catch {
    return 'absent';
  }
}
