import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/resolve.js';
import {
  chooseThreads,
  createEmbeddedProvider,
  type EmbeddedProvider,
} from '../../../src/providers/embedded.js';
import { ModelRuntime } from '../../../src/runner/model-runtime.js';
import { ROOT, waitFor } from '../../helpers/hearth.js';

// A 1.75 MB LLaMA-architecture model with random weights from ../shared: it exercises the real
// engine (load, tokenize, generate, cancel); its text is gibberish by design.
const MODEL = path.resolve(ROOT, '..', 'shared', 'fixtures', 'models', 'llama-2-tiny-random.gguf');
const present = existsSync(MODEL);
if (!present)
  console.warn(
    `skipping the embedded engine tests: ${MODEL} is absent (../shared is not beside this clone)`,
  );

describe.skipIf(!present)('the embedded engine (node-llama-cpp, CPU)', () => {
  it('generates from the tiny model and counts tokens with its tokenizer', async () => {
    const provider = createEmbeddedProvider({ modelPath: MODEL, contextSize: 256, gpu: false });
    expect(await provider.contextWindow()).toBe(256);
    const streamed: string[] = [];
    const result = await provider.chat({
      messages: [{ role: 'user', content: 'Write one word.' }],
      maxTokens: 8,
      onToken: (text) => streamed.push(text),
    });
    expect(result.endpoint).toBe('embedded');
    expect(result.promptTokens).toBeGreaterThan(0);
    expect(result.completionTokens).toBeGreaterThan(0);
    // Counted by tokenizing the text again, which may split it a little differently.
    expect(result.completionTokens).toBeLessThanOrEqual(16);
    expect(streamed.join('')).toBe(result.text);
  });

  it('stops a generation when its signal aborts', async () => {
    const provider = createEmbeddedProvider({ modelPath: MODEL, contextSize: 256, gpu: false });
    const controller = new AbortController();
    let chunks = 0;
    const pending = provider.chat({
      messages: [{ role: 'user', content: 'Go on.' }],
      maxTokens: 200,
      signal: controller.signal,
      onToken: () => {
        chunks++;
        if (chunks === 2) controller.abort();
      },
    });
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(chunks).toBeLessThan(200);
  });

  it('refuses a prompt that does not fit the context instead of truncating it', async () => {
    const provider = createEmbeddedProvider({ modelPath: MODEL, contextSize: 64, gpu: false });
    await expect(
      provider.chat({ messages: [{ role: 'user', content: 'word '.repeat(500) }], maxTokens: 8 }),
    ).rejects.toMatchObject({ code: 'context-overflow' });
  });

  it('is loaded once by the daemon runtime, and kept when the server lookup is done again', async () => {
    let now = 0;
    const config = {
      ...resolveConfig({ env: {} }).values,
      local: { url: '', model: '', modelPath: MODEL, contextTokens: 256, threads: 0 },
    };
    const runtime = new ModelRuntime(() => config, { now: () => now });
    const first = await runtime.local();
    expect(first.endpoint).toBe('embedded');
    now += 31_000; // past the 30 s after which the lookup for a local server runs again
    expect(await runtime.local()).toBe(first);
  });
});

/**
 * The real engine, wrapped only to record what hearth asks of it: model loads and frees, and
 * sequences taken from a context.
 */
async function recordingEngine(events: string[]) {
  const real = (await import('node-llama-cpp')) as unknown as Record<string, unknown> & {
    getLlama: (options: unknown) => Promise<{ loadModel: (o: unknown) => Promise<object> }>;
  };
  const wrapModel = (model: Record<string, unknown>) =>
    new Proxy(model, {
      get(target, key) {
        if (key === 'dispose')
          return async () => {
            events.push('free model');
            await (target.dispose as () => Promise<void>).call(target);
          };
        if (key === 'createContext')
          return async (o: unknown) => {
            const context = await (target.createContext as (o: unknown) => Promise<object>).call(
              target,
              o,
            );
            return new Proxy(context, {
              get(c, k) {
                const value = Reflect.get(c, k, c);
                if (k === 'getSequence')
                  return () => {
                    events.push('take sequence');
                    return (value as () => unknown).call(c);
                  };
                return typeof value === 'function' ? value.bind(c) : value;
              },
            });
          };
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return {
    ...real,
    getLlama: async (options: unknown) => {
      const llama = await real.getLlama(options);
      return new Proxy(llama, {
        get(target, key) {
          if (key === 'loadModel')
            return async (o: unknown) => {
              events.push('load model');
              return wrapModel((await target.loadModel(o)) as Record<string, unknown>);
            };
          const value = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
}

/** A provider of the tiny model on the recording engine, and what it asked of the engine. */
async function recordedProvider(options: { keepAliveMs?: number } = {}) {
  const events: string[] = [];
  const engine = await recordingEngine(events);
  const provider = createEmbeddedProvider({
    modelPath: MODEL,
    contextSize: 256,
    gpu: false,
    importEngine: async () => engine,
    ...options,
  });
  return { provider, events };
}

/** One model, freed, then loaded again: never two at once. */
const LOADED_FREED_LOADED = [
  'load model',
  'take sequence',
  'free model',
  'load model',
  'take sequence',
];

describe.skipIf(!present)('the embedded engine between requests', () => {
  const ask = {
    messages: [
      { role: 'system' as const, content: 'You write docstrings. '.repeat(10) },
      { role: 'user' as const, content: 'Document f.' },
    ],
    maxTokens: 4,
  };

  it('keeps one model and one sequence while requests come, frees them after the keep-alive, loads again after', async () => {
    const { provider, events } = await recordedProvider({ keepAliveMs: 300 });
    try {
      await provider.chat(ask);
      await provider.chat(ask);
      await provider.chat(ask);
      expect(events).toEqual(['load model', 'take sequence']);
      expect(provider.loaded).toBe(true);
      await waitFor('the idle model to be freed', () => !provider.loaded, 10_000);
      expect(events).toEqual(['load model', 'take sequence', 'free model']);
      const again = await provider.chat(ask);
      expect(again.completionTokens).toBeGreaterThan(0);
      expect(events.filter((e) => e === 'load model')).toHaveLength(2);
    } finally {
      await provider.close();
    }
    expect(provider.loaded).toBe(false);
  }, 60_000);

  it('frees the old model before loading it again: never two copies', async () => {
    const { provider, events } = await recordedProvider();
    try {
      await provider.chat(ask);
      void provider.close();
      await provider.chat(ask);
      expect(events).toEqual(LOADED_FREED_LOADED);
    } finally {
      await provider.close();
    }
  }, 60_000);

  it('a request under way when the model is freed finishes first; the next one loads it again', async () => {
    const { provider, events } = await recordedProvider();
    try {
      await provider.contextWindow();
      const running = provider.chat({ ...ask, maxTokens: 24 });
      const freed = provider.close();
      const answer = await running;
      expect(answer.completionTokens).toBeGreaterThan(0);
      await freed;
      expect(provider.loaded).toBe(false);
      expect((await provider.chat(ask)).completionTokens).toBeGreaterThan(0);
      expect(events).toEqual(LOADED_FREED_LOADED);
    } finally {
      await provider.close();
    }
  }, 60_000);

  it('the daemon runtime frees the old model when the settings change', async () => {
    const base = resolveConfig({ env: {} }).values;
    let local = { url: '', model: '', modelPath: MODEL, contextTokens: 256, threads: 0 };
    const runtime = new ModelRuntime(() => ({ ...base, local }));
    const first = (await runtime.local()) as EmbeddedProvider;
    await first.contextWindow();
    expect(first.loaded).toBe(true);
    local = { ...local, threads: 1 };
    const second = await runtime.local();
    expect(second).not.toBe(first);
    await waitFor('the old model to be freed', () => !first.loaded, 10_000);
    expect(await second.contextWindow()).toBe(256);
    await second.close?.();
  }, 60_000);
});

describe('chooseThreads', () => {
  it.each([
    [2, undefined, 1],
    [2, 0, 1],
    [1, 0, 1],
    [8, 0, 7],
    [16, undefined, 15],
    [2, 4, 4],
    [8, 2, 2],
  ])('%i cores useful for math, configured %s: %i threads', (cores, configured, threads) => {
    expect(chooseThreads(cores, configured)).toBe(threads);
  });
});
