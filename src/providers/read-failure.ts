/**
 * Reads what went wrong from whatever a request threw: an `openai` APIError (duck-typed, so this
 * file does not import the package), an undici fetch failure, a Node socket error, a JSON parse
 * error. The pure table in errors.ts decides what it means.
 */
import type { Failure } from './errors.js';

const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

const CONNECTION_MESSAGES = /^(terminated|fetch failed|other side closed|socket hang up)/i;

interface HeadersLike {
  get(name: string): string | null;
}

export function readFailure(error: unknown): Failure {
  const status = readStatus(error);
  if (status) return status;
  const chain = readCauseChain(error);
  for (const link of chain) {
    if (link.name === 'AbortError' || link.constructor?.name === 'APIUserAbortError') {
      return { kind: 'cancelled' };
    }
    if (link.constructor?.name === 'APIConnectionTimeoutError') {
      return { kind: 'timeout', phase: 'connect' };
    }
  }
  for (const link of chain) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) {
      return { kind: 'connection', message: `${code} (${link.message})` };
    }
  }
  if (chain.some((link) => CONNECTION_MESSAGES.test(link.message))) {
    return { kind: 'connection', message: chain.map((link) => link.message).join(': ') };
  }
  if (chain.some((link) => link.constructor?.name === 'APIConnectionError')) {
    return { kind: 'connection', message: chain.map((link) => link.message).join(': ') };
  }
  if (chain[0] instanceof SyntaxError) {
    return { kind: 'bad-response', message: `malformed JSON (${chain[0].message})` };
  }
  return { kind: 'unknown', message: chain[0]?.message ?? String(error) };
}

function readStatus(error: unknown): Failure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, headers } = error as { status?: unknown; headers?: unknown };
  if (typeof status !== 'number' || status < 100) return undefined;
  const get = (name: string) => (headers as HeadersLike | undefined)?.get?.(name) ?? undefined;
  const body = (error as { error?: { message?: unknown } }).error;
  const message =
    typeof body?.message === 'string'
      ? body.message
      : String((error as Error).message ?? '').replace(/^\d{3}\s*/, '');
  return {
    kind: 'status',
    status,
    message: message || undefined,
    retryAfter: get('retry-after'),
    retryAfterMs: get('retry-after-ms'),
  };
}

function readCauseChain(error: unknown): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < 8) {
    chain.push(current);
    current = current.cause;
  }
  if (chain.length === 0) chain.push(new Error(String(error)));
  return chain;
}
