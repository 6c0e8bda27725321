/**
 * Provider errors: one class with a stable code, and one pure table that turns what went wrong
 * (a status, a reset, a timeout) into that code, whether to retry, and a message naming the
 * endpoint and the model.
 */
import { type ErrorCodeOf, HearthError } from '../errors.js';

/** The codes of a model endpoint's failures, listed with what each means in errors.ts. */
export type ProviderErrorCode = ErrorCodeOf<'provider'>;

export interface ProviderErrorFields {
  retryable?: boolean;
  retryAfterMs?: number;
  /** At most this many retries for this failure, whatever the caller allows (500: twice). */
  retryLimit?: number;
  status?: number;
  endpoint?: string;
  model?: string;
  cause?: unknown;
}

export class ProviderError extends HearthError {
  override readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly retryLimit: number | undefined;
  readonly status: number | undefined;
  readonly endpoint: string | undefined;
  readonly model: string | undefined;

  constructor(code: ProviderErrorCode, message: string, fields: ProviderErrorFields = {}) {
    super(code, message, { cause: fields.cause });
    this.name = 'ProviderError';
    this.code = code;
    this.retryable = fields.retryable ?? false;
    this.retryAfterMs = fields.retryAfterMs;
    this.retryLimit = fields.retryLimit;
    this.status = fields.status;
    this.endpoint = fields.endpoint;
    this.model = fields.model;
  }
}

/**
 * Whether a failure means no model server answers at all (nothing listens on the port, none was
 * detected): a reason to wait for one, not to spend retries. A 404 from a server that answered
 * (a wrong model name) is not one.
 */
export function meansNoModelAnswers(error: unknown): boolean {
  if (!(error instanceof ProviderError)) return false;
  return error.code === 'connection' || (error.code === 'not-found' && error.status === undefined);
}

export type TimeoutPhase = 'connect' | 'first-token' | 'total';

/** What went wrong, read from whatever was thrown or answered (see read-failure.ts). */
export type Failure =
  | { kind: 'status'; status: number; message?: string; retryAfter?: string; retryAfterMs?: string }
  | { kind: 'connection'; message: string }
  | { kind: 'timeout'; phase: TimeoutPhase; ms?: number }
  | { kind: 'cancelled' }
  | { kind: 'bad-response'; message: string }
  | { kind: 'unknown'; message: string };

export interface FailureContext {
  endpoint: string;
  model: string;
  /** For HTTP-date Retry-After values; defaults to Date.now(). */
  now?: number;
}

const SERVER_ERROR_RETRIES = 2;
const OVERFLOW_PATTERN =
  /context[ _-]?(length|window)|maximum context|too many tokens|prompt is too long|exceeds? the (model'?s? )?context/i;

/** The error table: a failure becomes a ProviderError with its code, retry rule and message. */
export function classifyError(
  failure: Failure,
  context: FailureContext,
  cause?: unknown,
): ProviderError {
  const where = `${context.endpoint} (model ${context.model})`;
  const base = { endpoint: context.endpoint, model: context.model, cause };
  switch (failure.kind) {
    case 'status':
      return classifyStatus(failure, context, where, base);
    case 'connection':
      return new ProviderError('connection', `could not reach ${where}: ${failure.message}`, {
        ...base,
        retryable: true,
      });
    case 'timeout': {
      const after = failure.ms === undefined ? '' : ` after ${failure.ms} ms`;
      const what = TIMEOUT_WHAT[failure.phase];
      return new ProviderError('timeout', `${where} timed out${after} waiting for ${what}`, {
        ...base,
        retryable: true,
      });
    }
    case 'cancelled':
      return new ProviderError('cancelled', `the request to ${where} was cancelled`, base);
    case 'bad-response':
      return new ProviderError('bad-response', `${where} sent a bad response: ${failure.message}`, {
        ...base,
        retryable: true,
        retryLimit: 1,
      });
    case 'unknown':
      return new ProviderError(
        'unknown',
        `unexpected error from ${where}: ${failure.message}`,
        base,
      );
  }
}

const TIMEOUT_WHAT: Record<TimeoutPhase, string> = {
  connect: 'response headers (connect timeout)',
  'first-token': 'the first token',
  total: 'the whole answer (total timeout)',
};

type StatusFailure = Extract<Failure, { kind: 'status' }>;

function classifyStatus(
  failure: StatusFailure,
  context: FailureContext,
  where: string,
  base: ProviderErrorFields,
): ProviderError {
  const { status } = failure;
  const detail = failure.message ? `: ${failure.message}` : '';
  const fields = { ...base, status };
  const retryAfterMs =
    parseRetryAfterMs(failure.retryAfterMs) ??
    parseRetryAfter(failure.retryAfter, context.now ?? Date.now());
  if (status === 400 && failure.message && OVERFLOW_PATTERN.test(failure.message)) {
    return new ProviderError(
      'context-overflow',
      `the prompt does not fit ${where}${detail}`,
      fields,
    );
  }
  const fail = (code: ProviderErrorCode, text: string) =>
    new ProviderError(code, `${where} ${text} (${status})${detail}`, fields);
  switch (status) {
    case 400:
      return fail('bad-request', 'rejected the request as malformed');
    case 401:
      return fail('unauthorized', 'rejected the API key; check the configured key');
    case 403:
      return fail('forbidden', 'refused access to this model');
    case 404:
      return fail('not-found', 'does not know this model or path; check the URL and model name');
    case 408:
      return new ProviderError('timeout', `${where} timed out (408)${detail}`, {
        ...fields,
        retryable: true,
      });
    case 429:
      return new ProviderError(
        'rate-limited',
        `${where} is rate limiting requests (429)${detail}`,
        {
          ...fields,
          retryable: true,
          retryAfterMs,
        },
      );
    case 500:
      return new ProviderError(
        'server-error',
        `${where} failed with a server error (500)${detail}`,
        {
          ...fields,
          retryable: true,
          retryLimit: SERVER_ERROR_RETRIES,
          retryAfterMs,
        },
      );
    case 502:
    case 503:
    case 504:
    case 529:
      return new ProviderError('unavailable', `${where} is unavailable (${status})${detail}`, {
        ...fields,
        retryable: true,
        retryAfterMs,
      });
    default:
      return new ProviderError(
        'unknown',
        `${where} answered with status ${status}${detail}`,
        fields,
      );
  }
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now: number): number | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** OpenAI's non-standard `retry-after-ms` header. */
function parseRetryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  return Math.round(Number(value.trim()));
}
