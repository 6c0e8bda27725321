/**
 * The audit log's lines and how they pair up, without IO. A request writes a `started` line
 * before it leaves and an `ended` line when it ends; logs written before that hold one complete
 * line per request (`AuditEntry` itself), which still read as they did.
 */

export type AuditOutcome = 'ok' | 'error' | 'cut-off' | 'pending';

/**
 * One outbound model request, as principle 1 asks: when, to which host, which tier and task,
 * how many bytes and tokens, and a hash of the payload. Never the payload itself.
 */
export interface AuditEntry {
  /** When the request left. */
  at: string;
  host: string;
  tier: 'local' | 'cloud';
  taskId: string | null;
  bytes: number;
  promptTokens: number;
  completionTokens: number;
  sha256: string;
  /** `cut-off`: its writer stopped (a crash, kill -9) before an answer was recorded. */
  outcome: AuditOutcome;
  id?: string;
  model?: string;
  /** When the answer or the error came; absent while pending or when cut off. */
  endedAt?: string;
}

export interface AuditStarted {
  event: 'started';
  id: string;
  at: string;
  host: string;
  tier: 'local' | 'cloud';
  model: string;
  taskId: string | null;
  bytes: number;
  sha256: string;
  /** The process that sent it: while it lives, a missing end means "waiting", not "cut off". */
  pid: number;
}

export interface AuditEnded {
  event: 'ended';
  id: string;
  at: string;
  tier: 'local' | 'cloud';
  outcome: 'ok' | 'error';
  promptTokens: number;
  completionTokens: number;
}

export type AuditRecord = AuditStarted | AuditEnded | AuditEntry;

/** The records in a log's text; a damaged line (cut short by a full disk) is skipped. */
export function parseAuditText(text: string): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as AuditRecord;
      if (record && typeof record === 'object') records.push(record);
    } catch {
      // The other lines still count.
    }
  }
  return records;
}

/**
 * No model request lasts this long (the longest timeout is 10 minutes): a start older than this
 * without an end was cut off, even if its writer's pid now belongs to another process.
 */
export const LONGEST_REQUEST_MS = 24 * 60 * 60 * 1000;

/**
 * Every request that left, in the order they left, with its end when one was recorded. An end
 * without its start (dropped by retention) adds nothing.
 */
export function pairAuditRecords(
  records: AuditRecord[],
  isRunning: (pid: number) => boolean,
  now = Date.now(),
): AuditEntry[] {
  const stillRunning = (start: AuditStarted) =>
    isRunning(start.pid) && !(now - Date.parse(start.at) > LONGEST_REQUEST_MS);
  const ends = new Map<string, AuditEnded>();
  for (const r of records) if ('event' in r && r.event === 'ended') ends.set(r.id, r);
  const entries: AuditEntry[] = [];
  for (const r of records) {
    if (!('event' in r)) entries.push(r);
    else if (r.event === 'started') entries.push(buildEntry(r, ends.get(r.id), stillRunning));
  }
  return entries;
}

// Fields named one by one: a rest-spread copy was four times slower on a 100k-line log.
function buildEntry(
  start: AuditStarted,
  end: AuditEnded | undefined,
  stillRunning: (start: AuditStarted) => boolean,
): AuditEntry {
  const entry: AuditEntry = {
    id: start.id,
    at: start.at,
    host: start.host,
    tier: start.tier,
    model: start.model,
    taskId: start.taskId,
    bytes: start.bytes,
    sha256: start.sha256,
    promptTokens: end?.promptTokens ?? 0,
    completionTokens: end?.completionTokens ?? 0,
    outcome: end ? end.outcome : stillRunning(start) ? 'pending' : 'cut-off',
  };
  if (end) entry.endedAt = end.at;
  return entry;
}

/** How a request's outcome reads in `hearth audit`. */
export function describeOutcome(outcome: AuditOutcome): string {
  if (outcome === 'cut-off') return 'cut off (no answer recorded)';
  if (outcome === 'pending') return 'waiting for an answer';
  return outcome;
}
