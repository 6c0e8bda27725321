import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChatRequest, ChatResult, Provider, Tier } from '../providers/types.js';

/**
 * One outbound model request, as principle 1 asks: when, to which host, which tier and task,
 * how many bytes and tokens, and a hash of the payload. Never the payload itself.
 */
export interface AuditEntry {
  at: string;
  host: string;
  tier: 'local' | 'cloud';
  taskId: string | null;
  bytes: number;
  promptTokens: number;
  completionTokens: number;
  sha256: string;
  outcome: 'ok' | 'error';
}

export function hashPayload(payload: string): string {
  return createHash('sha256').update(payload).digest('hex');
}

/** Appends one line to the audit file (JSON lines, 0600), synchronously so a crash loses nothing. */
export function appendAudit(file: string, entry: AuditEntry): void {
  // A one-shot command (hearth docstrings, hearth fix) may be the first to write under this home.
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

/** The audit entries, oldest first; a damaged line is skipped rather than failing the read. */
export function readAudit(file: string): AuditEntry[] {
  if (!existsSync(file)) return [];
  const entries: AuditEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      // A line cut short by a full disk: the others still count.
    }
  }
  return entries;
}

/** One model request, written to the audit log whether it succeeds or fails. */
export async function chatWithAudit(
  provider: Provider,
  request: ChatRequest,
  audit: { file: string; tier: Tier; taskId: string | null },
): Promise<ChatResult> {
  const payload = JSON.stringify(request.messages);
  const write = (outcome: 'ok' | 'error', result?: ChatResult) =>
    appendAudit(audit.file, {
      at: new Date().toISOString(),
      host: hostOf(provider.endpoint),
      tier: audit.tier,
      taskId: audit.taskId,
      bytes: Buffer.byteLength(payload),
      promptTokens: result?.promptTokens ?? 0,
      completionTokens: result?.completionTokens ?? 0,
      sha256: hashPayload(payload),
      outcome,
    });
  try {
    const result = await provider.chat(request);
    write('ok', result);
    return result;
  } catch (error) {
    write('error');
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
