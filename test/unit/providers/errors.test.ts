import { describe, expect, it } from 'vitest';
import { HearthError } from '../../../src/errors.js';
import {
  classifyError,
  type Failure,
  meansNoModelAnswers,
  ProviderError,
  type ProviderErrorCode,
  parseRetryAfter,
} from '../../../src/providers/errors.js';
import { readFailure } from '../../../src/providers/read-failure.js';

const where = { endpoint: 'http://127.0.0.1:1234/v1', model: 'qwen', now: Date.UTC(2026, 0, 1) };

describe('classifyError', () => {
  const cases: [string, Failure, ProviderErrorCode, boolean, number | undefined][] = [
    [
      '429 with seconds',
      { kind: 'status', status: 429, retryAfter: '3' },
      'rate-limited',
      true,
      3000,
    ],
    [
      '429 with an HTTP date',
      { kind: 'status', status: 429, retryAfter: 'Thu, 01 Jan 2026 00:00:10 GMT' },
      'rate-limited',
      true,
      10_000,
    ],
    [
      '429 with retry-after-ms',
      { kind: 'status', status: 429, retryAfterMs: '250' },
      'rate-limited',
      true,
      250,
    ],
    ['429 without a hint', { kind: 'status', status: 429 }, 'rate-limited', true, undefined],
    [
      '503 with seconds',
      { kind: 'status', status: 503, retryAfter: '1' },
      'unavailable',
      true,
      1000,
    ],
    ['502', { kind: 'status', status: 502 }, 'unavailable', true, undefined],
    ['504', { kind: 'status', status: 504 }, 'unavailable', true, undefined],
    ['500', { kind: 'status', status: 500 }, 'server-error', true, undefined],
    ['400', { kind: 'status', status: 400, message: 'bad field' }, 'bad-request', false, undefined],
    [
      '400 about the context',
      {
        kind: 'status',
        status: 400,
        message: "This model's maximum context length is 8192 tokens",
      },
      'context-overflow',
      false,
      undefined,
    ],
    ['401', { kind: 'status', status: 401 }, 'unauthorized', false, undefined],
    ['403', { kind: 'status', status: 403 }, 'forbidden', false, undefined],
    ['404', { kind: 'status', status: 404 }, 'not-found', false, undefined],
    ['408', { kind: 'status', status: 408 }, 'timeout', true, undefined],
    ['418 (unmapped)', { kind: 'status', status: 418 }, 'unknown', false, undefined],
    ['reset', { kind: 'connection', message: 'ECONNRESET' }, 'connection', true, undefined],
    ['timeout', { kind: 'timeout', phase: 'first-token', ms: 200 }, 'timeout', true, undefined],
    ['cancelled', { kind: 'cancelled' }, 'cancelled', false, undefined],
    ['bad response', { kind: 'bad-response', message: 'x' }, 'bad-response', true, undefined],
    ['unknown', { kind: 'unknown', message: 'boom' }, 'unknown', false, undefined],
  ];

  it.each(cases)('%s', (_name, failure, code, retryable, retryAfterMs) => {
    const error = classifyError(failure, where);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toBeInstanceOf(HearthError);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.endpoint).toBe(where.endpoint);
    expect(error.model).toBe('qwen');
  });

  it.each([400, 401, 403, 404])('names the endpoint and the model for %i', (status) => {
    const error = classifyError({ kind: 'status', status, message: 'nope' }, where);
    expect(error.message).toContain('http://127.0.0.1:1234/v1');
    expect(error.message).toContain('qwen');
    expect(error.message).toContain('nope');
    expect(error.status).toBe(status);
  });

  it('limits retries of a 500 to two', () => {
    expect(classifyError({ kind: 'status', status: 500 }, where).retryLimit).toBe(2);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1);
  it.each([
    ['5', 5000],
    ['0.5', 500],
    [' 2 ', 2000],
    ['Thu, 01 Jan 2026 00:01:00 GMT', 60_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s -> %s', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('readFailure', () => {
  const withCause = (message: string, cause: unknown) => new Error(message, { cause });
  const coded = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

  it.each([
    [
      'a refused fetch',
      new TypeError('fetch failed', { cause: coded('ECONNREFUSED') }),
      'connection',
    ],
    [
      'a reset deep in the chain',
      withCause('Connection error.', withCause('fetch failed', coded('ECONNRESET'))),
      'connection',
    ],
    ['a terminated stream', new TypeError('terminated'), 'connection'],
    ['an abort', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'cancelled'],
    ['malformed JSON', new SyntaxError('Unexpected end of JSON input'), 'bad-response'],
    ['anything else', new RangeError('odd'), 'unknown'],
    ['a thrown string', 'weird', 'unknown'],
  ])('%s', (_name, error, kind) => {
    expect(readFailure(error).kind).toBe(kind);
  });

  it('reads status, message and Retry-After from an API error', () => {
    const headers = new Headers({ 'retry-after': '7' });
    const error = Object.assign(new Error('429 slow down'), {
      status: 429,
      headers,
      error: { message: 'slow down' },
    });
    expect(readFailure(error)).toEqual({
      kind: 'status',
      status: 429,
      message: 'slow down',
      retryAfter: '7',
      retryAfterMs: undefined,
    });
  });
});

describe('meansNoModelAnswers', () => {
  const context = { endpoint: 'http://127.0.0.1:9/v1', model: 'm' };
  it.each<[string, unknown, boolean]>([
    [
      'a refused connection',
      classifyError({ kind: 'connection', message: 'ECONNREFUSED' }, context),
      true,
    ],
    ['no server detected', new ProviderError('not-found', 'no local model server answers'), true],
    [
      'a 404 from a server that answered',
      classifyError({ kind: 'status', status: 404 }, context),
      false,
    ],
    ['a timeout', classifyError({ kind: 'timeout', phase: 'total' }, context), false],
    ['a 500', classifyError({ kind: 'status', status: 500 }, context), false],
    ['a plain error', new Error('ECONNREFUSED'), false],
  ])('%s: %s', (_what, error, expected) => {
    expect(meansNoModelAnswers(error)).toBe(expected);
  });
});
