import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactValue } from '../../src/log/redact.js';

describe('redactText', () => {
  it.each([
    ['Authorization: Bearer abc.def.ghi-123456', 'abc.def.ghi-123456'],
    ['"authorization":"Basic dXNlcjpwYXNzd29yZA=="', 'dXNlcjpwYXNzd29yZA=='],
    ['calling with key sk-proj-AbCdEfGhIjKlMnOpQrStUv', 'sk-proj-AbCdEfGhIjKlMnOpQrStUv'],
    ['anthropic sk-ant-api03-abcdefghijklmnopqrstu', 'sk-ant-api03-abcdefghijklmnopqrstu'],
    ['OPENAI_API_KEY=abcdef1234567890', 'abcdef1234567890'],
    ['x-api-key: 0123456789abcdef', '0123456789abcdef'],
    ['aws AKIAIOSFODNN7EXAMPLE here', 'AKIAIOSFODNN7EXAMPLE'],
    ['token ghp_0123456789abcdefghijABCDEFGHIJ012345', 'ghp_0123456789abcdefghijABCDEFGHIJ012345'],
    ['slack xoxb-1234567890-abcdefghij', 'xoxb-1234567890-abcdefghij'],
    ['password=hunter2', 'hunter2'],
    ['DB_PASSWORD: "hunter2"', 'hunter2'],
  ])('redacts %s', (text, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it.each([
    'watching repository /home/ana/code',
    'bearer of bad news',
    'the task took 1234 ms',
    'sk-short',
  ])('leaves %s alone', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('redactValue', () => {
  it('redacts secret-named fields at any depth and strings everywhere', () => {
    const input = {
      headers: { Authorization: 'Bearer abcdefgh12345678', accept: 'json' },
      apiKey: 'whatever-it-is',
      nested: [{ message: 'key sk-abcdefghijklmnopqrstuvwx' }],
      count: 3,
    };
    const out = redactValue(input) as typeof input;
    expect(out.headers.Authorization).toBe(REDACTED);
    expect(out.headers.accept).toBe('json');
    expect(out.apiKey).toBe(REDACTED);
    expect(out.nested[0]?.message).toBe(`key ${REDACTED}`);
    expect(out.count).toBe(3);
    expect(input.apiKey).toBe('whatever-it-is');
  });

  it('survives cycles and errors', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect((redactValue(a) as Record<string, unknown>).self).toBe('[Circular]');
    const error = redactValue(new Error('failed with sk-abcdefghijklmnopqrstuvwx')) as {
      message: string;
    };
    expect(error.message).toBe(`failed with ${REDACTED}`);
  });
});
