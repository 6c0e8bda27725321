/** Small fetch helpers for the native APIs (Ollama) and for endpoint detection. */
import { classifyError, type FailureContext, ProviderError } from './errors.js';
import { readFailure } from './read-failure.js';

/** Fetches JSON within `timeoutMs`, turning every failure into a ProviderError. */
export async function fetchJson<T>(
  url: string,
  init: { method?: string; body?: unknown; timeoutMs: number },
  where: FailureContext,
): Promise<T> {
  const signal = AbortSignal.timeout(init.timeoutMs);
  try {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      signal,
      ...(init.body === undefined
        ? {}
        : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw await readStatusError(response, where);
    return (await response.json()) as T;
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (signal.aborted) {
      throw classifyError({ kind: 'timeout', phase: 'total', ms: init.timeoutMs }, where, error);
    }
    throw classifyError(readFailure(error), where, error);
  }
}

/** A non-2xx answer as a ProviderError; reads `{ error: "..." }` and `{ error: { message } }`. */
export async function readStatusError(
  response: Response,
  where: FailureContext,
): Promise<ProviderError> {
  const text = await response.text().catch(() => '');
  let message = text.trim().slice(0, 500);
  try {
    const body = JSON.parse(text) as { error?: string | { message?: string } };
    const error = body.error;
    message = (typeof error === 'string' ? error : error?.message) ?? message;
  } catch {
    // Not JSON: keep the text.
  }
  return classifyError(
    {
      kind: 'status',
      status: response.status,
      message: message || undefined,
      retryAfter: response.headers.get('retry-after') ?? undefined,
      retryAfterMs: response.headers.get('retry-after-ms') ?? undefined,
    },
    where,
  );
}

/** `http://host:port/v1/` → `http://host:port`: the root both APIs hang from. */
export function stripV1(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}
