import { afterEach, describe, expect, it } from 'vitest';
import { detectLocalEndpoints } from '../../../src/providers/detect.js';
import { type ModelServer, reply, startModelServer } from '../../helpers/model-server.js';

const servers: ModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function serve(models: string[]) {
  const server = await startModelServer({ models });
  servers.push(server);
  return server;
}

/** A port nothing listens on: a server started and stopped. */
async function closedPort(): Promise<number> {
  const server = await startModelServer();
  await server.stop();
  return server.port;
}

describe('detectLocalEndpoints', () => {
  it('finds the servers that answer, in candidate order, with their models', async () => {
    const studio = await serve(['qwen']);
    const ollama = await serve(['gemma:e2b']);
    const found = await detectLocalEndpoints({
      candidates: [
        { kind: 'ollama', port: ollama.port },
        { kind: 'llama.cpp', port: await closedPort() },
        { kind: 'lm-studio', port: studio.port },
      ],
      timeoutMs: 2000,
    });
    expect(found).toEqual([
      { kind: 'ollama', url: `${ollama.root}/v1`, models: ['gemma:e2b'] },
      { kind: 'lm-studio', url: `${studio.root}/v1`, models: ['qwen'] },
    ]);
    expect(ollama.count('/api/tags')).toBe(1);
    expect(ollama.count('/v1/models')).toBe(1);
    expect(studio.count('/api/tags')).toBe(0);
  });

  it('finds an Ollama without /v1/models through /api/tags', async () => {
    const ollama = await serve(['llama3']);
    ollama.handle((request) => (request.path === '/v1/models' ? reply.error(404) : undefined));
    const found = await detectLocalEndpoints({
      candidates: [{ kind: 'ollama', port: ollama.port }],
      timeoutMs: 2000,
    });
    expect(found).toEqual([{ kind: 'ollama', url: `${ollama.root}/v1`, models: ['llama3'] }]);
  });

  it('probes configured URLs, with or without /v1', async () => {
    const a = await serve(['m1']);
    const b = await serve(['m2']);
    const found = await detectLocalEndpoints({
      candidates: [],
      urls: [a.url, `${b.root}/`],
      timeoutMs: 2000,
    });
    expect(found.map((f) => [f.kind, f.url, f.models])).toEqual([
      ['configured', a.url, ['m1']],
      ['configured', b.url, ['m2']],
    ]);
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    const slow = await serve(['m']);
    slow.handle(() => ({ delayMs: 60_000 }));
    const found = await detectLocalEndpoints({
      candidates: [{ kind: 'vllm', port: slow.port }],
      timeoutMs: 200,
    });
    expect(found).toEqual([]);
    expect(slow.count('/v1/models')).toBe(1);
  });
});
