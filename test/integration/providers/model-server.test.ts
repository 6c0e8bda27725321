import { afterEach, describe, expect, it } from 'vitest';
import { type ModelServer, reply, startModelServer } from '../../helpers/model-server.js';

let server: ModelServer;
afterEach(async () => {
  await server?.stop();
});

async function post(path: string, body: unknown, signal?: AbortSignal) {
  return fetch(`${server.root}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

// biome-ignore lint/suspicious/noExplicitAny: test bodies are read loosely, field by field.
type Json = any;

async function readJson(response: Response | Promise<Response>): Promise<Json> {
  return (await response).json();
}

const chat = { model: 'test-model', messages: [{ role: 'user', content: 'hi' }] };

describe('scripted model server', () => {
  it('lists models on both APIs and describes a model like Ollama', async () => {
    server = await startModelServer({ models: ['a', 'b'], contextLength: 32768, numCtx: 4096 });
    const models = await readJson(fetch(`${server.url}/models`));
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(['a', 'b']);
    const tags = await readJson(fetch(`${server.root}/api/tags`));
    expect(tags.models.map((m: { name: string }) => m.name)).toEqual(['a', 'b']);
    const show = await readJson(post('/api/show', { model: 'a' }));
    expect(show.model_info['llama.context_length']).toBe(32768);
    expect(show.parameters).toMatch(/^num_ctx\s+4096$/m);
  });

  it('answers plain JSON and SSE from the queue, then from the handler, recording requests', async () => {
    server = await startModelServer();
    server.enqueue(reply.text('queued answer'));
    server.handle(() => reply.text('from the handler'));
    const plain = await readJson(post('/v1/chat/completions', chat));
    expect(plain.choices[0].message.content).toBe('queued answer');
    expect(plain.usage.completion_tokens).toBeGreaterThan(0);

    const streamed = await (await post('/v1/chat/completions', { ...chat, stream: true })).text();
    expect(streamed).toContain('"content":"from "');
    expect(streamed).toContain('"usage"');
    expect(streamed.trimEnd().endsWith('data: [DONE]')).toBe(true);

    expect(server.count('/v1/chat/completions')).toBe(2);
    expect(server.requests[0]).toMatchObject({ method: 'POST', body: chat });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('streams NDJSON on /api/chat', async () => {
    server = await startModelServer();
    server.enqueue(reply.text('one two'));
    const lines = (await (await post('/api/chat', chat)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.message.content).join('')).toBe('one two');
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('sends errors with an OpenAI-style body and Retry-After', async () => {
    server = await startModelServer();
    server.enqueue(reply.error(429, 'slow down', { retryAfter: 2 }), reply.malformed());
    const limited = await post('/v1/chat/completions', chat);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await readJson(limited)).error.message).toBe('slow down');
    await expect(readJson(post('/v1/chat/completions', chat))).rejects.toThrow(SyntaxError);
  });

  it('drops connections and records a client closing a stalled reply', async () => {
    server = await startModelServer();
    server.enqueue(reply.drop(), reply.stall(1, { chunks: ['a', 'b'] }));
    await expect(post('/v1/chat/completions', chat)).rejects.toThrow();
    const controller = new AbortController();
    const stalled = await post(
      '/v1/chat/completions',
      { ...chat, stream: true },
      controller.signal,
    );
    expect(stalled.status).toBe(200);
    controller.abort();
    await server.waitForClientClose(1);
    expect(server.clientClosed).toHaveLength(1);
  });

  it('can stop and start again on the same port', async () => {
    server = await startModelServer();
    const { port } = server;
    await server.stop();
    await expect(fetch(`${server.url}/models`)).rejects.toThrow();
    await server.start();
    expect(server.port).toBe(port);
    expect((await fetch(`${server.url}/models`)).status).toBe(200);
  });
});
