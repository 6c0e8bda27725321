import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedProvider } from '../../../src/providers/embedded.js';
import { ProviderError } from '../../../src/providers/errors.js';

const fixtureModel = path.resolve('../shared/fixtures/models/llama-2-tiny-random.gguf');
const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('embedded provider', () => {
  it('says to set local.modelPath when no model file is configured', async () => {
    const provider = createEmbeddedProvider({});
    const error = await provider.chat(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toMatch(/local\.modelPath/);
    expect((error as ProviderError).message).toMatch(/HEARTH_LOCAL_MODEL_PATH/);
  });

  it('says to install node-llama-cpp@3.21.1 when the package is missing', async () => {
    // node-llama-cpp is a dev dependency here; a package that is really absent stands in for it.
    const absent: string = 'node-llama-cpp-is-not-installed';
    const provider = createEmbeddedProvider({
      modelPath: fixtureModel,
      importEngine: () => import(absent),
    });
    const error = await provider.contextWindow().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toContain('node-llama-cpp@3.21.1');
    expect((error as ProviderError).message).toContain('local.modelPath');
  });

  it('says so when the model file does not exist', async () => {
    const provider = createEmbeddedProvider({
      modelPath: '/nonexistent/model.gguf',
      importEngine: async () => ({}),
    });
    const error = await provider.chat(ask).catch((e: unknown) => e);
    expect((error as ProviderError).message).toContain('/nonexistent/model.gguf');
  });

  it('passes other import failures through unchanged', async () => {
    const broken = new Error('native binding failed');
    const provider = createEmbeddedProvider({
      modelPath: fixtureModel,
      importEngine: async () => Promise.reject(broken),
    });
    await expect(provider.chat(ask)).rejects.toBe(broken);
  });
});
