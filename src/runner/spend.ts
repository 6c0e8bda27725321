import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { type AuditRecord, parseAuditText } from '../audit/audit-records.js';
import { estimateCostDollars } from '../router/prices.js';

/** Cloud tokens of one day so far; dollars follow from them at the configured model's price. */
export interface DayTally {
  day: string;
  promptTokens: number;
  completionTokens: number;
}

/**
 * The tally with some more audit records added: each cloud request that ended on the tally's day
 * (or, in a log from before started/ended lines, was recorded on it). A bad count adds nothing.
 */
export function addToTally(tally: DayTally, records: AuditRecord[]): DayTally {
  let { promptTokens, completionTokens } = tally;
  for (const r of records) {
    if ('event' in r && r.event !== 'ended') continue;
    if (r.tier !== 'cloud' || new Date(r.at).toDateString() !== tally.day) continue;
    if (!isTokenCount(r.promptTokens) || !isTokenCount(r.completionTokens)) continue;
    promptTokens += r.promptTokens;
    completionTokens += r.completionTokens;
  }
  return { day: tally.day, promptTokens, completionTokens };
}

export function priceTally(tally: DayTally, model: string): { tokens: number; dollars: number } {
  return {
    tokens: tally.promptTokens + tally.completionTokens,
    dollars: estimateCostDollars(model, tally.promptTokens, tally.completionTokens) ?? 0,
  };
}

/**
 * The `"at":"YYYY-MM-DD` beginnings a line recorded on `now`'s local day can have: its times are
 * written in UTC, so one local day spans one or two UTC dates.
 */
export function findDayPrefixes(now: Date): string[] {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 0, -1);
  const dates = new Set([start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)]);
  return [...dates].map((date) => `"at":"${date}`);
}

function isTokenCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

/**
 * The day's cloud spend as a running figure: read once from the whole audit log (at the first
 * submit, and again on a new day or when retention rewrote the file), then only the lines added
 * since, whoever wrote them. Routing asks for it on every submit; a 100k-line log read whole each
 * time blocked the daemon for half a second.
 */
export class SpendTally {
  readonly #file: string;
  #tally: DayTally = { day: '', promptTokens: 0, completionTokens: 0 };
  #offset = 0;
  #inode = -1;
  /** Bytes read from the file so far, for tests and the bench. */
  bytesRead = 0;

  constructor(auditFile: string) {
    this.#file = auditFile;
  }

  read(model: string, now = new Date()): { tokens: number; dollars: number } {
    this.#catchUp(now);
    return priceTally(this.#tally, model);
  }

  #catchUp(now: Date): void {
    const day = now.toDateString();
    let size: number;
    let inode: number;
    try {
      ({ size, ino: inode } = statSync(this.#file));
    } catch {
      size = 0;
      inode = -1;
    }
    if (day !== this.#tally.day || inode !== this.#inode || size < this.#offset) {
      this.#tally = { day, promptTokens: 0, completionTokens: 0 };
      this.#offset = 0;
      this.#inode = inode;
    }
    if (size <= this.#offset) return;
    const text = this.#readFrom(this.#offset, size - this.#offset);
    // A line still being written is read whole next time.
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    this.#offset += Buffer.byteLength(complete);
    const prefixes = findDayPrefixes(now);
    // Most of a long log is local or from other days: those lines are not parsed at all.
    const candidates = complete
      .split('\n')
      .filter((line) => line.includes('"cloud"') && prefixes.some((p) => line.includes(p)));
    this.#tally = addToTally(this.#tally, parseAuditText(candidates.join('\n')));
  }

  #readFrom(offset: number, length: number): string {
    const buffer = Buffer.alloc(length);
    const fd = openSync(this.#file, 'r');
    try {
      const read = readSync(fd, buffer, 0, length, offset);
      this.bytesRead += read;
      return buffer.subarray(0, read).toString('utf8');
    } finally {
      closeSync(fd);
    }
  }
}
