import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createOpenAICompatibleProvider,
  type OpenAICompatibleOptions,
} from '../../../src/providers/openai-compatible.js';
import { withRetries } from '../../../src/providers/retry.js';
import type { Timeouts } from '../../../src/providers/types.js';
import { failure, type ModelServer, reply, startModelServer } from '../../helpers/model-server.js';

let server: ModelServer;
beforeEach(async () => {
  server = await startModelServer();
});
afterEach(async () => {
  await server.stop();
});

const generous: Timeouts = { connectMs: 10_000, firstTokenMs: 10_000, totalMs: 20_000 };
const ask = { messages: [{ role: 'user' as const, content: 'Say hello' }] };

function provider(extra: Partial<OpenAICompatibleOptions> = {}) {
  return createOpenAICompatibleProvider({
    tier: 'local',
    url: server.url,
    model: 'test-model',
    timeouts: generous,
    ...extra,
  });
}

describe('OpenAI-compatible provider', () => {
  it('streams an answer, reports tokens as they arrive and takes usage from the stream', async () => {
    server.enqueue(
      reply.text('hello there friend', { usage: { promptTokens: 11, completionTokens: 3 } }),
    );
    const tokens: string[] = [];
    const result = await provider().chat({ ...ask, maxTokens: 50, onToken: (t) => tokens.push(t) });
    expect(result).toMatchObject({
      text: 'hello there friend',
      promptTokens: 11,
      completionTokens: 3,
      model: 'test-model',
      endpoint: server.url,
      finishReason: 'stop',
      usageEstimated: false,
    });
    expect(tokens).toEqual(['hello ', 'there ', 'friend']);
    const body = server.chatRequests()[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'test-model', stream: true, max_tokens: 50 });
  });

  it('estimates usage when the server sends none', async () => {
    server.enqueue(reply.text('abcdefgh', { usage: false }));
    const result = await provider().chat(ask);
    expect(result.usageEstimated).toBe(true);
    expect(result.completionTokens).toBe(2);
    expect(result.promptTokens).toBeGreaterThan(0);
  });

  it('sends the configured API key, and never an empty one', async () => {
    await provider({ apiKey: 'sk-test' }).chat(ask);
    await provider().chat(ask);
    const [withKey, without] = server.chatRequests();
    expect(withKey?.headers.authorization).toBe('Bearer sk-test');
    expect(without?.headers.authorization).toBe('Bearer not-needed');
  });

  it.each([
    [429, 'rate-limited', true],
    [503, 'unavailable', true],
    [500, 'server-error', true],
    [400, 'bad-request', false],
    [401, 'unauthorized', false],
    [403, 'forbidden', false],
    [404, 'not-found', false],
  ])('maps status %i to %s', async (status, code, retryable) => {
    server.enqueue(reply.error(status, 'scripted failure', { retryAfter: 1 }));
    const error = await failure(provider().chat(ask));
    expect(error).toMatchObject({ code, retryable, status, model: 'test-model' });
    expect(error.message).toContain(server.url);
    expect(error.message).toContain('test-model');
    expect(error.message).toContain('scripted failure');
    if (status === 429 || status === 503) expect(error.retryAfterMs).toBe(1000);
  });

  it('maps a dropped connection to connection', async () => {
    server.enqueue(reply.drop());
    expect(await failure(provider().chat(ask))).toMatchObject({ code: 'connection' });
  });

  it('maps a connection dropped mid-stream to connection', async () => {
    server.enqueue(reply.dropAfter(1, { text: 'a b c' }));
    expect(await failure(provider().chat(ask))).toMatchObject({ code: 'connection' });
  });

  it('maps a refused connection to connection', async () => {
    await server.stop();
    expect(await failure(provider().chat(ask))).toMatchObject({
      code: 'connection',
      retryable: true,
    });
  });

  it('maps malformed JSON to bad-response', async () => {
    server.enqueue(reply.malformed());
    expect(await failure(provider().chat(ask))).toMatchObject({ code: 'bad-response' });
  });

  it('times out when no headers come within connectMs', async () => {
    server.enqueue({ delayMs: 60_000 });
    const error = await failure(provider({ timeouts: { ...generous, connectMs: 200 } }).chat(ask));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(error.message).toContain('connect');
  });

  it('times out when headers come but no first token within firstTokenMs', async () => {
    server.enqueue(reply.stall(0));
    const error = await failure(
      provider({ timeouts: { ...generous, firstTokenMs: 200 } }).chat(ask),
    );
    expect(error).toMatchObject({ code: 'timeout' });
    expect(error.message).toContain('first token');
  });

  it('times out on a stream that stalls mid-answer', async () => {
    server.enqueue(reply.stall(2, { text: 'a b c d' }));
    const error = await failure(provider({ timeouts: { ...generous, totalMs: 300 } }).chat(ask));
    expect(error).toMatchObject({ code: 'timeout' });
    expect(error.message).toContain('total');
  });

  it("aborts the request on the caller's signal, and the server sees the socket close", async () => {
    server.enqueue(reply.stall(1, { text: 'partial answer' }));
    const controller = new AbortController();
    const running = provider().chat({ ...ask, signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort();
    expect(await failure(running)).toMatchObject({ code: 'cancelled', retryable: false });
    await server.waitForClientClose(1);
  });

  it('refuses a prompt that does not fit the window without sending it', async () => {
    const error = await failure(
      provider({ contextWindow: 100 }).chat({
        messages: [{ role: 'user', content: 'x'.repeat(1000) }],
      }),
    );
    expect(error).toMatchObject({ code: 'context-overflow' });
    expect(error.message).toMatch(/\d+ tokens over/);
    expect(server.count()).toBe(0);
  });

  it('reports the configured context window, with a default', async () => {
    expect(await provider({ contextWindow: 32_000 }).contextWindow()).toBe(32_000);
    expect(await provider().contextWindow()).toBe(8192);
  });

  it('recovers from a 429 with Retry-After and a 503 under withRetries', async () => {
    server.enqueue(
      reply.error(429, 'slow', { retryAfter: 0 }),
      reply.error(503, 'busy'),
      reply.text('finally'),
    );
    const chat = provider();
    const result = await withRetries(() => chat.chat(ask), { baseMs: 1, maxMs: 5 });
    expect(result.text).toBe('finally');
    expect(server.count('/v1/chat/completions')).toBe(3);
  });

  it('does not retry a 401', async () => {
    server.enqueue(reply.error(401, 'bad key'), reply.text('never'));
    const chat = provider();
    const error = await failure(withRetries(() => chat.chat(ask), { baseMs: 1, maxMs: 5 }));
    expect(error.code).toBe('unauthorized');
    expect(server.count('/v1/chat/completions')).toBe(1);
  });

  it('works against a server that comes online later on the same port', async () => {
    await server.stop();
    const chat = provider();
    expect(await failure(chat.chat(ask))).toMatchObject({ code: 'connection' });
    await server.start();
    server.enqueue(reply.text('back'));
    expect((await chat.chat(ask)).text).toBe('back');
  });
});
