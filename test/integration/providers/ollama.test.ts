import { afterEach, describe, expect, it } from 'vitest';
import { createOllamaProvider, type OllamaOptions } from '../../../src/providers/ollama.js';
import {
  failure,
  type ModelServer,
  type ModelServerOptions,
  reply,
  startModelServer,
} from '../../helpers/model-server.js';

let server: ModelServer;
afterEach(async () => {
  await server.stop();
});

const ask = { messages: [{ role: 'user' as const, content: 'Say hello' }] };
const generous = { connectMs: 10_000, firstTokenMs: 10_000, totalMs: 20_000 };

async function setup(options: ModelServerOptions = {}, extra: Partial<OllamaOptions> = {}) {
  server = await startModelServer({ models: ['gemma'], ...options });
  return createOllamaProvider({ url: server.url, model: 'gemma', timeouts: generous, ...extra });
}

describe('Ollama native provider', () => {
  it.each([
    ['the Modelfile num_ctx', { contextLength: 131_072, numCtx: 16_384 }, {}, 16_384],
    [
      'the configured numCtx',
      { contextLength: 131_072, numCtx: 16_384 },
      { numCtx: 32_768 },
      32_768,
    ],
    ['the default, under the trained length', { contextLength: 131_072 }, {}, 8192],
    ['the trained length, as a cap', { contextLength: 2048 }, { numCtx: 32_768 }, 2048],
  ])(
    'reads the window from /api/show: %s',
    async (_name, serverOptions, providerOptions, expected) => {
      const provider = await setup(serverOptions, providerOptions);
      expect(await provider.contextWindow()).toBe(expected);
      expect(server.requests[0]).toMatchObject({ path: '/api/show', body: { model: 'gemma' } });
    },
  );

  it('reads the trained length under another architecture key', async () => {
    const provider = await setup({ architecture: 'gemma3', contextLength: 4096 }, { numCtx: 9999 });
    expect(await provider.contextWindow()).toBe(4096);
  });

  it('chats over /api/chat with num_ctx and keep_alive, streaming tokens', async () => {
    const provider = await setup({ numCtx: 4096 }, { keepAlive: '10m' });
    server.enqueue(reply.text('hi there', { usage: { promptTokens: 9, completionTokens: 2 } }));
    const tokens: string[] = [];
    const result = await provider.chat({ ...ask, maxTokens: 64, onToken: (t) => tokens.push(t) });
    expect(result).toMatchObject({
      text: 'hi there',
      promptTokens: 9,
      completionTokens: 2,
      model: 'gemma',
      endpoint: server.root,
      finishReason: 'stop',
    });
    expect(tokens).toEqual(['hi ', 'there']);
    const body = server.chatRequests()[0]?.body;
    expect(body).toMatchObject({
      model: 'gemma',
      stream: true,
      keep_alive: '10m',
      options: { num_ctx: 4096, num_predict: 64 },
    });
  });

  it('refuses a prompt beyond the window before sending it', async () => {
    const provider = await setup({ numCtx: 256 });
    const error = await failure(
      provider.chat({ messages: [{ role: 'user', content: 'y'.repeat(4000) }] }),
    );
    expect(error.code).toBe('context-overflow');
    expect(server.chatRequests()).toHaveLength(0);
  });

  it('fails with not-found, naming the model, when /api/show does not know it', async () => {
    const provider = await setup();
    server.handle((request) =>
      request.path === '/api/show' ? reply.error(404, "model 'gemma' not found") : undefined,
    );
    const error = await failure(provider.contextWindow());
    expect(error).toMatchObject({ code: 'not-found', model: 'gemma' });
    expect(error.message).toContain("model 'gemma' not found");
  });

  it.each([
    [reply.error(429, 'busy', { retryAfter: 2 }), 'rate-limited'],
    [reply.error(500, 'boom'), 'server-error'],
    [reply.drop(), 'connection'],
    [reply.dropAfter(1, { text: 'a b' }), 'connection'],
    [reply.malformed(), 'bad-response'],
  ])('maps failures of /api/chat (%#) to %s', async (scripted, code) => {
    const provider = await setup();
    server.enqueue(scripted);
    expect(await failure(provider.chat(ask))).toMatchObject({ code });
  });

  it('times out on a stalled stream', async () => {
    const provider = await setup({}, { timeouts: { ...generous, firstTokenMs: 200 } });
    server.enqueue(reply.stall(0));
    const error = await failure(provider.chat(ask));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('first token');
  });

  it('cancels on the signal, and the server sees the socket close', async () => {
    const provider = await setup();
    server.enqueue(reply.stall(1, { text: 'partial answer' }));
    const controller = new AbortController();
    const running = provider.chat({ ...ask, signal: controller.signal });
    await server.waitForRequests(2);
    controller.abort();
    expect(await failure(running)).toMatchObject({ code: 'cancelled' });
    await server.waitForClientClose(1);
  });
});
