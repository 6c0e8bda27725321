import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChatRequest, ChatResult, Provider, Tier } from '../providers/types.js';
import { isAlive } from '../util/process.js';
import {
  type AuditEnded,
  type AuditStarted,
  pairAuditRecords,
  parseAuditText,
} from './audit-records.js';

export type { AuditEntry, AuditOutcome } from './audit-records.js';

import type { AuditEntry } from './audit-records.js';

export function hashPayload(payload: string): string {
  return createHash('sha256').update(payload).digest('hex');
}

/** Appends one line to the audit file (JSON lines, 0600), synchronously so a crash loses nothing. */
export function appendAudit(file: string, record: AuditEntry | AuditStarted | AuditEnded): void {
  // A one-shot command (hearth docstrings, hearth fix) may be the first to write under this home.
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

/**
 * The audit entries, oldest first: each started request paired with how it ended. A request
 * whose writer is gone without an end line was cut off; a damaged line is skipped.
 */
export function readAudit(file: string): AuditEntry[] {
  if (!existsSync(file)) return [];
  return pairAuditRecords(parseAuditText(readFileSync(file, 'utf8')), isAlive);
}

/**
 * One model request, in the audit log before it leaves (a `started` line) and completed when it
 * ends (an `ended` line), so a crash mid-request still leaves a trace of what was sent.
 */
export async function chatWithAudit(
  provider: Provider,
  request: ChatRequest,
  audit: { file: string; tier: Tier; taskId: string | null },
): Promise<ChatResult> {
  const payload = JSON.stringify(request.messages);
  const id = randomUUID();
  appendAudit(audit.file, {
    event: 'started',
    id,
    at: new Date().toISOString(),
    host: hostOf(provider.endpoint),
    tier: audit.tier,
    model: provider.model,
    taskId: audit.taskId,
    bytes: Buffer.byteLength(payload),
    sha256: hashPayload(payload),
    pid: process.pid,
  });
  const end = (outcome: 'ok' | 'error', result?: ChatResult) =>
    appendAudit(audit.file, {
      event: 'ended',
      id,
      at: new Date().toISOString(),
      tier: audit.tier,
      outcome,
      promptTokens: result?.promptTokens ?? 0,
      completionTokens: result?.completionTokens ?? 0,
    });
  try {
    const result = await provider.chat(request);
    end('ok', result);
    return result;
  } catch (error) {
    end('error');
    throw error;
  }
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host || endpoint;
  } catch {
    return endpoint;
  }
}
